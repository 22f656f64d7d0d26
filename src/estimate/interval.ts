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
 * Below this many expected "successes" (n·min(p, 1−p)) the t-interval's normal
 * approximation fails near 0 and 1 (it collapses to zero width when every set has the
 * same precision), so the score interval takes over.
 */
export const SCORE_SWITCH = 10

/**
 * Confidence interval for the mean of `n` values in [0, 1] given their sum and sum of
 * squares. Mid-range it is the Student-t interval mean ± t_{(1+level)/2, n-1} · s/√n,
 * clipped to [0, 1]. When n·min(p, 1−p) < {@link SCORE_SWITCH} it is the Wilson score
 * interval on (p, n), which is valid there because values in [0, 1] have variance at
 * most p(1−p); with zero variance it still has honest width (1000 of 1000 perfect
 * sets: [0.9962, 1]).
 */
export function summarize(sum: number, sumSq: number, n: number, level = 0.95): Summary {
  if (n === 0) return { mean: NaN, std: NaN, n: 0, ciLow: NaN, ciHigh: NaN }
  const mean = sum / n
  const variance = n > 1 ? Math.max(0, (sumSq - n * mean * mean) / (n - 1)) : 0
  const std = Math.sqrt(variance)
  if (n < 2) return { mean, std, n, ciLow: 0, ciHigh: 1 }
  if (n * Math.min(mean, 1 - mean) < SCORE_SWITCH) return { mean, std, n, ...wilson(mean, n, level) }
  const half = halfWidth(std, n, level)
  return { mean, std, n, ciLow: Math.max(0, mean - half), ciHigh: Math.min(1, mean + half) }
}

/** Wilson score interval for a mean p of n values in [0, 1], with the t quantile as z. */
export function wilson(p: number, n: number, level = 0.95): { ciLow: number; ciHigh: number } {
  const z = tQuantile((1 + level) / 2, n - 1)
  const z2 = z * z
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  return { ciLow: Math.max(0, centre - half), ciHigh: Math.min(1, centre + half) }
}

/** Half-width of the t interval for a mean of n values with sample std `std`. */
export function halfWidth(std: number, n: number, level = 0.95): number {
  if (n < 2) return Infinity
  return (tQuantile((1 + level) / 2, n - 1) * std) / Math.sqrt(n)
}

/** The larger distance from the mean to either end of the summary's interval. */
export function reachOf(s: Summary): number {
  return Math.max(s.mean - s.ciLow, s.ciHigh - s.mean)
}
