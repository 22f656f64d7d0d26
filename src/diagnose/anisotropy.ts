/**
 * Anisotropy: how far the cloud of items is from filling its space evenly.
 * The mean cosine over all pairs (exact, O(N d)), the covariance spectrum and its
 * participation-ratio effective dimension.
 */
import type { Embeddings } from '../io/embeddings.js'
import { covariance } from '../transform/covariance.js'
import { symmetricEigen } from '../transform/eigen.js'
import { participationRatio } from './stats.js'

/** Anisotropy measures of an embedding matrix. */
export interface Anisotropy {
  /** Mean cosine over all pairs i != j of non-zero rows (0 for an isotropic cloud around 0). */
  meanCosine: number
  /** Covariance eigenvalues (divisor N), descending. */
  eigenvalues: number[]
  /** Participation ratio (sum lambda)^2 / sum lambda^2: d when isotropic, r for rank r. */
  effectiveDimension: number
  /** effectiveDimension / d. */
  effectiveRatio: number
  /** Share of the total variance along the first principal direction. */
  topShare: number
}

/**
 * Mean cosine over all ordered pairs of distinct non-zero rows, exactly:
 * with u_i = x_i / |x_i| and s = sum u_i, sum_{i != j} <u_i, u_j> = |s|^2 - m
 * (m non-zero rows), divided by m (m - 1). Float64 sums.
 */
export function meanCosine(e: Embeddings): number {
  const { n, d, data } = e
  const s = new Float64Array(d)
  let m = 0
  for (let i = 0; i < n; i++) {
    let sq = 0
    for (let j = i * d; j < (i + 1) * d; j++) sq += data[j]! * data[j]!
    if (sq === 0) continue
    m++
    const inv = 1 / Math.sqrt(sq)
    for (let j = 0; j < d; j++) s[j]! += data[i * d + j]! * inv
  }
  if (m < 2) return NaN
  let ss = 0
  for (let j = 0; j < d; j++) ss += s[j]! * s[j]!
  return (ss - m) / (m * (m - 1))
}

/** Mean cosine, covariance spectrum and effective dimension of `e`. */
export function anisotropy(e: Embeddings): Anisotropy {
  const cov = covariance(e)
  const { values } = symmetricEigen(cov.matrix, e.d)
  const eff = participationRatio(values)
  let total = 0
  for (const v of values) total += Math.max(0, v)
  return {
    meanCosine: meanCosine(e),
    eigenvalues: Array.from(values),
    effectiveDimension: eff,
    effectiveRatio: eff / e.d,
    topShare: total > 0 ? Math.max(0, values[0]!) / total : 0,
  }
}
