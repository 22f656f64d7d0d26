import tQuantile from '@stdlib/stats-base-dists-t-quantile'

/** Mean, standard deviation and a confidence interval for the mean of n values. */
export interface Summary {
  mean: number
  std: number
  n: number
  ciLow: number
  ciHigh: number
}

/**
 * Student-t interval for the mean of `n` values in [0, 1] given their sum and sum
 * of squares: mean ± t_{(1+level)/2, n-1} · s/√n, clipped to [0, 1].
 * When every value is equal the interval has zero width: report n with it.
 */
export function summarize(sum: number, sumSq: number, n: number, level = 0.95): Summary {
  if (n === 0) return { mean: NaN, std: NaN, n: 0, ciLow: NaN, ciHigh: NaN }
  const mean = sum / n
  const variance = n > 1 ? Math.max(0, (sumSq - n * mean * mean) / (n - 1)) : 0
  const std = Math.sqrt(variance)
  const half = n > 1 ? halfWidth(std, n, level) : Infinity
  return { mean, std, n, ciLow: Math.max(0, mean - half), ciHigh: Math.min(1, mean + half) }
}

/** Half-width of the t interval for a mean of n values with sample std `std`. */
export function halfWidth(std: number, n: number, level = 0.95): number {
  if (n < 2) return Infinity
  return (tQuantile((1 + level) / 2, n - 1) * std) / Math.sqrt(n)
}
