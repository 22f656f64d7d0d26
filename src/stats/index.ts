/**
 * Ground-level statistics (intervals, sample moments, KS distance, inner-product
 * samples). Imports only the ground files of src/ and npm packages.
 */
export { Z95, wilson } from './interval.js'
export { sampleMoments, type SampleMoments } from './moments.js'
export { ksNoiseFloor, ksNormal } from './ks.js'
export { innerProducts, latticeBins, type LatticeBin, type RowDraw } from './inner-products.js'
