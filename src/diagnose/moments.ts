/**
 * Coordinate moments against the theoretical setting (i.i.d. coordinates,
 * theory.md §2): per-dimension mean, std, skewness and kurtosis, the paper's
 * pooled moments, the worst dimensions, and how far each is from i.i.d.
 */
import type { Embeddings } from '../io/embeddings.js'
import { measureDimMoments, poolMoments } from '../theory/measure.js'
import type { DimMoments, Moments } from '../theory/types.js'
import { rowNorms } from '../numeric.js'
import { describe, type Distribution } from './stats.js'

/** A dimension singled out for being far from the others or from normal. */
export interface WorstDimension {
  dim: number
  mean: number
  std: number
  skewness: number
  kurtosis: number
}

/** Distances from the i.i.d. setting (0 there, up to Monte Carlo noise). */
export interface MomentGaps {
  /** |pooled mean| / pooled std: an offset shared by all items. */
  meanOffset: number
  /** Std of the per-dimension means / pooled std. */
  meanSpread: number
  /** Coefficient of variation of the per-dimension std (identically distributed: 0). */
  stdSpread: number
  /** Mean over dimensions of |skewness|. */
  absSkewness: number
  /** Pooled kurtosis - 3 (0 for normal coordinates). */
  excessKurtosis: number
  /**
   * Pooled excess kurtosis of the row-normalised coordinates: the tails of the
   * directions alone. Varying norms inflate `excessKurtosis` (a scale mixture)
   * but not this one, which tells heavy tails from norm spread.
   */
  directionExcessKurtosis: number
}

/** Moment diagnostics of an embedding matrix. */
export interface MomentDiagnostics {
  /** Pooled as the paper's reference: overall mean and std, average per-column skewness and kurtosis. */
  pooled: Moments
  /** The same with the reference's rule that zeroes a pooled mean below 0.05. */
  pooledPaper: Moments
  perDimension: { mean: Distribution; std: Distribution; skewness: Distribution; kurtosis: Distribution }
  /** Dimensions with the largest |kurtosis - 3|, then |skewness|, then std far from the median. */
  worst: { kurtosis: WorstDimension[]; skewness: WorstDimension[]; std: WorstDimension[] }
  gaps: MomentGaps
  /** The raw per-dimension moments (for theory curves). */
  dims: DimMoments
}

/** Measures per-dimension and pooled moments and their gaps to the i.i.d. setting. */
export function momentDiagnostics(e: Embeddings, worstCount = 5, norms: Float64Array = rowNorms(e)): MomentDiagnostics {
  const dims = measureDimMoments(e)
  const pooled = poolMoments(dims, e.n)
  const pooledPaper = poolMoments(dims, e.n, { zeroMeanBelow: 0.05 })
  const stdDist = describe(dims.std)
  const medianStd = stdDist.quantiles['0.5']!
  const pick = (score: (j: number) => number): WorstDimension[] => worstBy(dims, score, worstCount)
  const meanDist = describe(dims.mean)
  let absSkew = 0
  for (const s of dims.skewness) absSkew += Math.abs(s)
  return {
    pooled,
    pooledPaper,
    perDimension: {
      mean: meanDist,
      std: stdDist,
      skewness: describe(dims.skewness),
      kurtosis: describe(dims.kurtosis),
    },
    worst: {
      kurtosis: pick((j) => Math.abs(dims.kurtosis[j]! - 3)),
      skewness: pick((j) => Math.abs(dims.skewness[j]!)),
      std: pick((j) => Math.abs(Math.log((dims.std[j]! || 1e-300) / (medianStd || 1e-300)))),
    },
    gaps: {
      meanOffset: pooled.std > 0 ? Math.abs(pooled.mean) / pooled.std : 0,
      meanSpread: pooled.std > 0 ? meanDist.std / pooled.std : 0,
      stdSpread: Number.isFinite(stdDist.cv) ? stdDist.cv : 0,
      absSkewness: absSkew / e.d,
      excessKurtosis: pooled.kurtosis - 3,
      directionExcessKurtosis: directionKurtosis(e, norms) - 3,
    },
    dims,
  }
}

function worstBy(dims: DimMoments, score: (j: number) => number, count: number): WorstDimension[] {
  const d = dims.mean.length
  const order = Array.from({ length: d }, (_, j) => j).sort((a, b) => score(b) - score(a) || a - b)
  return order.slice(0, count).map((j) => ({
    dim: j,
    mean: dims.mean[j]!,
    std: dims.std[j]!,
    skewness: dims.skewness[j]!,
    kurtosis: dims.kurtosis[j]!,
  }))
}

/**
 * Average over dimensions of the kurtosis of x_ij / |x_i| (zero rows skipped), in two
 * streaming passes (means, then central powers): no normalised copy of the matrix.
 */
export function directionKurtosis(e: Embeddings, norms: Float64Array): number {
  const { n, d, data } = e
  const mean = new Float64Array(d),
    m2 = new Float64Array(d),
    m4 = new Float64Array(d)
  let rows = 0
  for (let i = 0; i < n; i++) {
    if (!(norms[i]! > 0)) continue
    rows++
    const inv = 1 / norms[i]!
    for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]! * inv
  }
  if (rows === 0) return 1
  for (let j = 0; j < d; j++) mean[j]! /= rows
  for (let i = 0; i < n; i++) {
    if (!(norms[i]! > 0)) continue
    const inv = 1 / norms[i]!
    for (let j = 0; j < d; j++) {
      const x = data[i * d + j]! * inv - mean[j]!
      const x2 = x * x
      m2[j]! += x2
      m4[j]! += x2 * x2
    }
  }
  let sum = 0,
    count = 0
  for (let j = 0; j < d; j++) {
    if (!(m2[j]! > 0)) continue
    sum += m4[j]! / rows / (m2[j]! / rows) ** 2
    count++
  }
  return count > 0 ? sum / count : 1
}
