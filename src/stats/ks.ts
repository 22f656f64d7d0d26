/** The Kolmogorov-Smirnov distance to a normal law, and its sampling-noise level. */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf'

/**
 * Kolmogorov-Smirnov distance sup_x |F_n(x) - Phi((x - mean) / std)| between the
 * empirical CDF of `sorted` (ascending) and a normal CDF. Ties (discrete laws)
 * are handled as one jump of the empirical CDF.
 */
export function ksNormal(sorted: Float64Array, mean: number, std: number): number {
  const n = sorted.length
  let worst = 0
  for (let i = 0; i < n;) {
    const x = sorted[i]!
    let j = i + 1
    while (j < n && sorted[j] === x) j++
    const f = normalCdf(x, mean, std)
    worst = Math.max(worst, Math.abs(f - i / n), Math.abs(f - j / n))
    i = j
  }
  return worst
}

/**
 * The median KS distance of n samples from the true law: about 0.83 / sqrt(n)
 * (the median of the Kolmogorov distribution, 0.828). A measured distance near
 * this is sampling noise; well above it, the law differs.
 */
export function ksNoiseFloor(n: number): number {
  return 0.8276 / Math.sqrt(n)
}
