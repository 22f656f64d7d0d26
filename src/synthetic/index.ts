/**
 * avgcon synthetic data: seeded N x d embedding matrices with i.i.d. coordinates
 * from the named laws of src/theory/laws.ts (normal, uniform, rademacher,
 * laplace, student-t, beta), for checking the theory against simulation.
 */
export { generate } from './generate.js'
export { zigguratNormal } from './ziggurat.js'
