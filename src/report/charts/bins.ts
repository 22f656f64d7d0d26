/**
 * Histogram binning and density curves, computed here rather than by Vega's bin
 * transform: the result is exact, deterministic, and the spec stays small
 * (a few dozen bins instead of every raw sample).
 */
import { InputError } from '../../errors.js'
import type { DensityPoint, HistogramBin, HistogramData, HistogramScale } from './types.js'

/** Options of {@link binValues}. */
export interface BinOptions {
  /** Number of equal-width bins; default: Rice rule 2·n^(1/3), clamped to [10, 80]. */
  binCount?: number
  /** [min, max] covered by the bins; default: the samples' range. Samples outside are dropped. */
  extent?: [number, number]
}

/** Default bin count: Rice's rule, which suits the smooth, near-normal laws we plot. */
export function defaultBinCount(n: number): number {
  return Math.min(80, Math.max(10, Math.ceil(2 * Math.cbrt(n))))
}

/**
 * Counts finite samples into equal-width bins over `extent` (default: their range).
 * The last bin is closed on the right, so the maximum is counted. Returns no bins
 * for no finite samples; a constant sample gets one bin of width 1 around it.
 */
export function binValues(values: ArrayLike<number>, opts: BinOptions = {}): HistogramBin[] {
  const [lo, hi] = opts.extent ?? finiteRange(values)
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return []
  if (hi < lo) throw new InputError(`plot: histogram extent [${lo}, ${hi}] is reversed; give [min, max].`)
  if (hi === lo) return [{ x0: lo - 0.5, x1: lo + 0.5, count: countIn(values, lo, hi) }]
  const count = opts.binCount ?? defaultBinCount(values.length)
  if (!Number.isInteger(count) || count < 1)
    throw new InputError(`plot: bin count ${count} must be a whole number of at least 1.`)
  const width = (hi - lo) / count
  const counts = new Float64Array(count)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (!(v >= lo && v <= hi)) continue // also drops NaN (and ±Infinity, outside any finite extent)
    counts[Math.min(count - 1, Math.floor((v - lo) / width))]++
  }
  return Array.from(counts, (c, i) => ({
    x0: lo + i * width,
    x1: i === count - 1 ? hi : lo + (i + 1) * width,
    count: c,
  }))
}

function finiteRange(values: ArrayLike<number>): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (!Number.isFinite(v)) continue
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return [lo, hi]
}

function countIn(values: ArrayLike<number>, lo: number, hi: number): number {
  let c = 0
  for (let i = 0; i < values.length; i++) if (values[i]! >= lo && values[i]! <= hi) c++ // NaN fails both
  return c
}

/** Bins from raw samples or given bins (validated); raw samples win. */
export function resolveBins(data: HistogramData, opts: BinOptions = {}): HistogramBin[] {
  if (data.values !== undefined) return binValues(data.values, opts)
  if (data.bins !== undefined) {
    for (const b of data.bins) {
      if (!(b.x1 > b.x0) || !(b.count >= 0))
        throw new InputError(
          `plot: bin [${b.x0}, ${b.x1}) with count ${b.count} is invalid; need x1 > x0 and count >= 0.`,
        )
    }
    return data.bins
  }
  throw new InputError('plot: a histogram needs raw values or bins.')
}

/** Bar height of each bin: raw count, fraction of all samples, or density (integrates to 1). */
export function scaleBins(bins: HistogramBin[], scale: HistogramScale): number[] {
  const total = bins.reduce((s, b) => s + b.count, 0)
  return bins.map((b) => {
    if (scale === 'count') return b.count
    if (total === 0) return 0
    return scale === 'fraction' ? b.count / total : b.count / (total * (b.x1 - b.x0))
  })
}

/**
 * The normal density N(mean, std²) at `points` evenly spaced x over [from, to]
 * (default mean ± 4 std, 200 points): the approximation overlaid in Figure 1.
 */
export function normalDensity(
  mean: number,
  std: number,
  opts: { from?: number; to?: number; points?: number } = {},
): DensityPoint[] {
  if (!(std > 0) || !Number.isFinite(mean))
    throw new InputError(`plot: normal density needs a finite mean and std > 0 (got mean ${mean}, std ${std}).`)
  const from = opts.from ?? mean - 4 * std
  const to = opts.to ?? mean + 4 * std
  const n = Math.max(2, opts.points ?? 200)
  const norm = 1 / (std * Math.sqrt(2 * Math.PI))
  return Array.from({ length: n }, (_, i) => {
    const x = from + ((to - from) * i) / (n - 1)
    const z = (x - mean) / std
    return { x, y: norm * Math.exp(-0.5 * z * z) }
  })
}

/** A distribution is drawn on a log x axis when its largest value exceeds this many times its median. */
export const HEAVY_TAIL_RATIO = 10

/**
 * The log-axis rule for a histogram: every finite sample is positive and
 * max / median > HEAVY_TAIL_RATIO (a few items far out, e.g. Last.fm's norms).
 */
export function isHeavyTailed(values: ArrayLike<number>): boolean {
  const finite = Array.from(values).filter((v) => Number.isFinite(v))
  if (finite.length < 2 || finite.some((v) => v <= 0)) return false
  finite.sort((a, b) => a - b)
  const mid = finite.length >> 1
  const median = finite.length % 2 === 1 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2
  return finite[finite.length - 1]! > HEAVY_TAIL_RATIO * median
}

/** Bins of equal width in log10 of the samples (positive samples only), edges back in the samples' units. */
export function logBinValues(values: ArrayLike<number>, opts: BinOptions = {}): HistogramBin[] {
  const logs = Array.from(values).flatMap((v) => (Number.isFinite(v) && v > 0 ? [Math.log10(v)] : []))
  const extent = opts.extent?.map((e) => Math.log10(e)) as [number, number] | undefined
  return binValues(logs, { ...opts, extent }).map((b) => ({ x0: 10 ** b.x0, x1: 10 ** b.x1, count: b.count }))
}
