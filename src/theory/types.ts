/**
 * Shared types of the theory: the moments of one coordinate of an embedding
 * (pooled or per dimension) and the points of a theoretical curve.
 */

import type { Moments } from '../laws/laws.js'
export type { Moments }

/**
 * Per-dimension moments: entry j describes coordinate j (length d each).
 * Same conventions as `Moments`; a dimension may have std 0 (a constant
 * coordinate), in which case its skewness and kurtosis are not used.
 */
export interface DimMoments {
  mean: Float64Array
  std: Float64Array
  skewness: Float64Array
  kurtosis: Float64Array
}

/**
 * Where the coordinate moments come from: one pooled law for all d
 * coordinates, or one law per dimension (independent, not identically
 * distributed coordinates). Exactly one of the two is given.
 */
export type MomentSpec = { moments: Moments; dimMoments?: undefined } | { dimMoments: DimMoments; moments?: undefined }

/**
 * Mean and variance of the in-score s(mu_U, u), u in U, and of the out-score
 * s(mu_U, v), v not in U, for sets of size k (theory.md §2).
 */
export interface ScoreMoments {
  k: number
  inMean: number
  inVar: number
  outMean: number
  outVar: number
}

/** One point of a theoretical curve: expected Consistency_k and P(s(u,mu_U) > s(v,mu_U)). */
export interface TheoryPoint {
  k: number
  consistency: number
  pInOut: number
}
