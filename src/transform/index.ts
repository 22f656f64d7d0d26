/**
 * Transforms that move embeddings toward the theoretical (i.i.d.) setting:
 * centring, per-dimension standardising, whitening (with shrinkage on
 * rank-deficient data), normalising, norm clipping, and a pipeline that
 * composes them in a given order.
 */
export { center, meanRow } from './center.js'
export { normalize } from './normalize.js'
export { standardize } from './standardize.js'
export { clipNorms, quantileOf, type Clipped } from './clip.js'
export { covariance, type Covariance } from './covariance.js'
export { symmetricEigen, type SymmetricEigen } from './eigen.js'
export { whiten, applyAffine, type Whitened, type WhitenOptions } from './whiten.js'
export {
  applyPipeline,
  formatStep,
  parseTransforms,
  DEFAULT_CLIP_QUANTILE,
  TRANSFORM_NAMES,
  type PipelineResult,
  type StepReport,
  type TransformStep,
} from './pipeline.js'
