/**
 * avgcon theory: Proposition 2 of Bendada et al. (RecSys 2023) for i.i.d. (or
 * independent per-dimension) embedding coordinates. Moments in, curves out:
 * score moments, the closed form P(in > out), expected Consistency_k by one
 * stable integral, named laws with exact moments, and moments measured from data.
 */
export type { DimMoments, MomentSpec, Moments, ScoreMoments, TheoryPoint } from './types.js'
export {
  expectedConsistency,
  pInOut,
  scoreMoments,
  theoryCurve,
  denseKs,
  type ConsistencyParams,
  type SetParams,
  type TheoryParams,
} from './curve.js'
export type { ConsistencyOptions } from './consistency.js'
export { KNOWN_LAWS, checkLaw, formatLaw, lawMoments, type Law } from '../laws/laws.js'
export { parseLaw } from '../laws/law-spec.js'
export { measureDimMoments, measureMoments, poolMoments, type PoolOptions } from './measure.js'
export { referenceCurves, type ReferenceCurves, type ReferenceParams } from './reference-curves.js'
export { gaussKronrod15, integrate, type QuadOptions, type QuadResult } from './quadrature.js'
export { exactCurve, type ExactParams, type ExactPoint } from './exact/consistency.js'
