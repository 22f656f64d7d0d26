/** Sample mean and variance with their standard errors. */

/** Sample mean and variance of a sample, with the standard error of each. */
export interface SampleMoments {
  mean: number
  /** Unbiased sample variance (divisor n - 1). */
  variance: number
  /** Standard error of the mean: sqrt(variance / n). */
  seMean: number
  /** Standard error of the sample variance: sqrt((m4 - variance^2) / n), m4 the 4th central moment. */
  seVariance: number
}

/** Mean, variance and their standard errors, in two passes (no cancellation). */
export function sampleMoments(x: Float64Array): SampleMoments {
  const n = x.length
  let sum = 0
  for (let i = 0; i < n; i++) sum += x[i]!
  const mean = sum / n
  let m2 = 0,
    m4 = 0
  for (let i = 0; i < n; i++) {
    const c = (x[i]! - mean) ** 2
    m2 += c
    m4 += c * c
  }
  const variance = m2 / Math.max(1, n - 1)
  const m4n = m4 / n
  const v = m2 / n
  return { mean, variance, seMean: Math.sqrt(variance / n), seVariance: Math.sqrt(Math.max(0, m4n - v * v) / n) }
}
