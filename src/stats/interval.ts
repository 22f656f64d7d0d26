/** Binomial intervals: every interval the theory-checking runs report is a 95 % one. */

/** 97.5 % normal quantile. */
export const Z95 = 1.959963984540054

/**
 * Wilson score interval for a binomial proportion (successes may be fractional,
 * e.g. ties counted as one half). Better than the normal interval near 0 and 1,
 * which is where P(in > out) lives for small k.
 */
export function wilson(successes: number, trials: number, z = Z95): { low: number; high: number } {
  if (trials <= 0) return { low: NaN, high: NaN }
  const p = successes / trials
  const z2 = z * z
  const denom = 1 + z2 / trials
  const center = (p + z2 / (2 * trials)) / denom
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) }
}
