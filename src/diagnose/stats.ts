/**
 * Small statistics shared by the diagnostics: sample skewness, rank correlation,
 * quantile summaries, equal-width histograms, participation ratio.
 */
import { quantileOf } from '../numeric.js'

/** Quantiles of a distribution at fixed levels, with its mean and spread. */
export interface Distribution {
  min: number
  max: number
  mean: number
  std: number
  /** std / |mean| (coefficient of variation); NaN when the mean is 0. */
  cv: number
  /** Level -> value, at {@link QUANTILE_LEVELS}. */
  quantiles: Record<string, number>
}

/** An equal-width histogram bin [x0, x1) (the last bin includes x1). */
export interface Bin {
  x0: number
  x1: number
  count: number
}

/** Levels reported by {@link describe}. */
export const QUANTILE_LEVELS = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const

/** Quantiles (linear interpolation), mean, population std and CV of `values`. */
export function describe(values: ArrayLike<number>): Distribution {
  const sorted = Float64Array.from(values).sort()
  const n = sorted.length
  let sum = 0
  for (let i = 0; i < n; i++) sum += sorted[i]!
  const mean = sum / n
  let ss = 0
  for (let i = 0; i < n; i++) ss += (sorted[i]! - mean) ** 2
  const std = Math.sqrt(ss / n)
  const quantiles: Record<string, number> = {}
  for (const q of QUANTILE_LEVELS) quantiles[String(q)] = quantileOf(sorted, q)
  return { min: sorted[0]!, max: sorted[n - 1]!, mean, std, cv: mean === 0 ? NaN : std / Math.abs(mean), quantiles }
}

/** `bins` equal-width bins over [min, max] of the values. */
export function histogram(values: ArrayLike<number>, bins = 20): Bin[] {
  let lo = Infinity,
    hi = -Infinity
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]!)
    hi = Math.max(hi, values[i]!)
  }
  if (!(hi > lo)) return [{ x0: lo, x1: hi, count: values.length }]
  const width = (hi - lo) / bins
  const counts = new Array<number>(bins).fill(0)
  for (let i = 0; i < values.length; i++) counts[Math.min(bins - 1, Math.floor((values[i]! - lo) / width))]!++
  return counts.map((count, b) => ({ x0: lo + b * width, x1: b === bins - 1 ? hi : lo + (b + 1) * width, count }))
}

/**
 * Sample skewness g1 = m3 / m2^(3/2) with population central moments (scipy's
 * skew with bias=True), as Radovanovic et al. (2010) use for the k-occurrence
 * distribution. 0 when all values are equal.
 */
export function skewness(values: ArrayLike<number>): number {
  const n = values.length
  let mean = 0
  for (let i = 0; i < n; i++) mean += values[i]!
  mean /= n
  let m2 = 0,
    m3 = 0
  for (let i = 0; i < n; i++) {
    const x = values[i]! - mean
    m2 += x * x
    m3 += x * x * x
  }
  m2 /= n
  m3 /= n
  return m2 > 0 ? m3 / m2 ** 1.5 : 0
}

/** Pearson correlation; NaN when either side is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length
  let ma = 0,
    mb = 0
  for (let i = 0; i < n; i++) {
    ma += a[i]!
    mb += b[i]!
  }
  ma /= n
  mb /= n
  let sab = 0,
    saa = 0,
    sbb = 0
  for (let i = 0; i < n; i++) {
    const x = a[i]! - ma,
      y = b[i]! - mb
    sab += x * y
    saa += x * x
    sbb += y * y
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN
}

/** Ranks 1..n, ties sharing their average rank. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const n = values.length
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  order.sort((x, y) => values[x]! - values[y]!)
  const out = new Float64Array(n)
  for (let s = 0; s < n;) {
    let e = s + 1
    while (e < n && values[order[e]!] === values[order[s]!]) e++
    const r = (s + e + 1) / 2
    for (let t = s; t < e; t++) out[order[t]!] = r
    s = e
  }
  return out
}

/** Spearman rank correlation (Pearson on average ranks); NaN when either side is constant. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(ranks(a), ranks(b))
}

/**
 * Participation ratio (sum lambda)^2 / sum lambda^2 of a spectrum (negative
 * round-off counted as 0): d for an isotropic covariance, r for r equal
 * eigenvalues and the rest zero; the effective number of dimensions used.
 */
export function participationRatio(eigenvalues: ArrayLike<number>): number {
  let s = 0,
    s2 = 0
  for (let i = 0; i < eigenvalues.length; i++) {
    const v = Math.max(0, eigenvalues[i]!)
    s += v
    s2 += v * v
  }
  return s2 > 0 ? (s * s) / s2 : 0
}
