/**
 * Moments measured from an embedding matrix: per dimension, and pooled the way
 * the paper's reference implementation pools them (theory.md §2).
 *
 * Two passes in float64 over the float32 matrix (column means, then central
 * sums of powers 2, 3, 4): no catastrophic cancellation, unlike raw power sums.
 */
import type { Embeddings } from '../io/embeddings.js'
import { InputError } from '../errors.js'
import type { DimMoments, Moments } from './types.js'

/** Options of {@link poolMoments} and {@link measureMoments}. */
export interface PoolOptions {
  /**
   * Replace the pooled mean by 0 when |mean| is below this threshold (default:
   * off). The reference sets mu = 0 when mu < 0.05 (note: a signed test, so it
   * also zeroes every negative mean); pass 0.05 to imitate it on data whose
   * mean is near 0 or positive.
   */
  zeroMeanBelow?: number
}

/**
 * Per-dimension population moments of an n x d matrix: for column j its mean,
 * std (divisor n), skewness and non-excess kurtosis (scipy.stats.skew/kurtosis
 * with bias=True). A constant column gets std 0, skewness 0 and kurtosis 1 (its
 * shape does not enter the theory).
 * @throws InputError when the matrix has no rows or its data length is not n*d.
 */
export function measureDimMoments(e: Embeddings): DimMoments {
  const { n, d, data } = e
  if (!(n >= 1) || !(d >= 1) || data.length !== n * d) {
    throw new InputError(`theory: cannot measure moments of a ${n} x ${d} matrix holding ${data.length} values.`)
  }
  const mean = new Float64Array(d)
  for (let i = 0, o = 0; i < n; i++, o += d) for (let j = 0; j < d; j++) mean[j]! += data[o + j]!
  for (let j = 0; j < d; j++) mean[j]! /= n
  const m2 = new Float64Array(d),
    m3 = new Float64Array(d),
    m4 = new Float64Array(d)
  for (let i = 0, o = 0; i < n; i++, o += d) {
    for (let j = 0; j < d; j++) {
      const x = data[o + j]! - mean[j]!
      const x2 = x * x
      m2[j]! += x2
      m3[j]! += x2 * x
      m4[j]! += x2 * x2
    }
  }
  const std = new Float64Array(d),
    skewness = new Float64Array(d),
    kurtosis = new Float64Array(d).fill(1)
  for (let j = 0; j < d; j++) {
    const v = m2[j]! / n
    if (!(v > 0)) continue
    std[j] = Math.sqrt(v)
    skewness[j] = m3[j]! / n / (v * std[j]!)
    kurtosis[j] = m4[j]! / n / (v * v)
  }
  return { mean, std, skewness, kurtosis }
}

/**
 * Pools per-dimension moments of an n-row matrix as the reference does: the
 * mean and std over all n*d entries (std with divisor n*d - 1, as torch's
 * Tensor.std()), and the plain average of the columns' skewness and kurtosis
 * (constant columns left out of that average; if all are constant: 0 and 1).
 * The overall variance is exact: within-column plus between-column sums of squares.
 */
export function poolMoments(dm: DimMoments, n: number, opts: PoolOptions = {}): Moments {
  const d = dm.mean.length
  let mean = 0
  for (let j = 0; j < d; j++) mean += dm.mean[j]!
  mean /= d
  let ss = 0,
    skew = 0,
    kurt = 0,
    varying = 0
  for (let j = 0; j < d; j++) {
    const s = dm.std[j]!,
      dev = dm.mean[j]! - mean
    ss += n * (s * s + dev * dev)
    if (s > 0) {
      skew += dm.skewness[j]!
      kurt += dm.kurtosis[j]!
      varying++
    }
  }
  const total = n * d
  const std = Math.sqrt(ss / Math.max(total - 1, 1))
  const zero = opts.zeroMeanBelow !== undefined && Math.abs(mean) < opts.zeroMeanBelow
  return {
    mean: zero ? 0 : mean,
    std,
    skewness: varying ? skew / varying : 0,
    kurtosis: varying ? kurt / varying : 1,
  }
}

/** Pooled moments of an embedding matrix: {@link poolMoments} of {@link measureDimMoments}. */
export function measureMoments(e: Embeddings, opts: PoolOptions = {}): Moments {
  return poolMoments(measureDimMoments(e), e.n, opts)
}
