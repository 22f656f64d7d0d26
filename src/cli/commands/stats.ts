/**
 * Small numeric helpers shared by the theory-checking commands (simulate,
 * check-normal, pairwise): list options, a binomial interval, sample moments
 * with their standard errors, and the Kolmogorov-Smirnov distance to a normal law.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf'
import { InputError } from '../../errors.js'
import { intOption } from '../options.js'

/** 97.5 % normal quantile: every interval these commands print is a 95 % one. */
export const Z95 = 1.959963984540054

/**
 * Parses a comma list of whole numbers such as "1000,1e6" or "2,10,32"
 * (each read by intOption, so "1e6" and "1_000_000" work and "1.5" fails).
 * Returns the distinct values in ascending order.
 */
export function countList(text: string, name: string, min: number): number[] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  if (parts.length === 0) throw new InputError(`${name}: no value given; use a list like 1000,1e6.`)
  return [...new Set(parts.map((p) => intOption(p, name, min)))].sort((a, b) => a - b)
}

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

/** Wall-clock seconds since `start` (a performance.now() value), to the millisecond. */
export function secondsSince(start: number): number {
  return Math.round(performance.now() - start) / 1000
}

/** N with thousands separators, for labels: 1000000 -> "1,000,000". */
export function count(n: number): string {
  return n.toLocaleString('en-US')
}

/** A signed number with a fixed number of decimals: +0.0123, -0.0040. */
export function signed(x: number, digits: number): string {
  return (x >= 0 ? '+' : '') + x.toFixed(digits)
}
