/**
 * The one score every engine computes (issue 9: "exact in real arithmetic").
 *
 * Scores are formed in float64 from the stored float32 values, every sum from +0 in
 * increasing j (then one addition of the per-item term), so every engine (this file,
 * the TypeScript engine, native/exact_search.cc) agrees bit for bit. A float32 x float32
 * product is exact in float64, and float64 cannot overflow or underflow on finite
 * float32 data (|x| <= 3.4e38, so d x^2 <= 1e77 for any d < 1e200; subnormal products
 * stay above 1e-90), so no scaling is needed: the float64 score is within
 * d 2^-53 sum|terms| of the real-arithmetic one.
 * - dot:       s_i = sum_j q_j x_ij (+ bias_i when a bias is given)
 * - cosine:    s_i = (sum_j q_j x_ij) / n_i, n_i = sqrt(sum_j x_ij^2); zero rows score 0
 * - euclidean: centred (ranking by -|q - x|^2 is translation invariant, and centring
 *   removes the cancellation of a large common offset): c_j = fround(mean_i x_ij)
 *   (float64 sum in row order), y_ij = x_ij - c_j, p_j = q_j - c_j (float64),
 *   s_i = sum_j p_j y_ij + b_i with b_i = -0.5 sum_j y_ij^2.
 * Ties (equal float64 scores) go to the lower index.
 */
import type { ScoreMetric } from './engine.js'

/** Per-item data a metric needs, computed once per item matrix. */
export interface ExactPrep {
  metric: ScoreMetric
  n: number
  d: number
  /** euclidean only: the float32 centre c (length d). */
  centre?: Float32Array
  /** Per-item float64 term added after the sum (euclidean b_i, or the caller's bias). */
  bias?: Float64Array
  /** cosine only: n_i, the float64 row norms (0 for zero rows). */
  norm?: Float64Array
}

/**
 * Builds the per-item data of `metric` (the caller's bias is only used with 'dot').
 * `centre` (euclidean only) replaces the centre of `items` by a given one: a block of a
 * larger matrix is prepared with the whole matrix's centre (out-of-core estimation).
 */
export function prepareExact(
  items: Float32Array,
  n: number,
  d: number,
  metric: ScoreMetric,
  bias?: ArrayLike<number>,
  centre?: Float32Array,
): ExactPrep {
  if (metric === 'dot') return { metric, n, d, bias: bias ? Float64Array.from(bias) : undefined }
  if (metric === 'cosine') {
    const norm = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      let s = 0
      for (let j = i * d; j < (i + 1) * d; j++) s += items[j]! * items[j]!
      norm[i] = Math.sqrt(s)
    }
    return { metric, n, d, norm }
  }
  centre ??= columnCentre(items, n, d)
  const b = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let j = 0; j < d; j++) {
      const y = items[i * d + j]! - centre[j]!
      s += y * y
    }
    b[i] = -0.5 * s
  }
  return { metric, n, d, centre, bias: b }
}

/** The euclidean centre c_j = fround(mean_i x_ij), the float64 sum taken in row order. */
export function columnCentre(items: Float32Array, n: number, d: number): Float32Array {
  const sum = new Float64Array(d)
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sum[j]! += items[i * d + j]!
  const centre = new Float32Array(d)
  for (let j = 0; j < d; j++) centre[j] = sum[j]! / n
  return centre
}

/** The float64 score of item i against the query at queries[qOffset ..]. */
export function exactScore(
  prep: ExactPrep,
  items: Float32Array,
  i: number,
  queries: Float32Array,
  qOffset: number,
): number {
  const { d, centre, bias, norm } = prep
  const base = i * d
  let s = 0
  if (centre) {
    for (let j = 0; j < d; j++) s += (queries[qOffset + j]! - centre[j]!) * (items[base + j]! - centre[j]!)
  } else {
    for (let j = 0; j < d; j++) s += queries[qOffset + j]! * items[base + j]!
  }
  if (norm) return norm[i] === 0 ? 0 : s / norm[i]!
  return bias ? s + bias[i]! : s
}
