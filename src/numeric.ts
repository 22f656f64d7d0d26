/**
 * Ground-level numeric helpers shared by several concept folders (estimate/, transform/,
 * diagnose/), so none of them reaches sideways into another for them.
 */

/** A row-major matrix: n rows of d values (an `Embeddings` fits). */
export interface RowMatrix {
  n: number
  d: number
  data: ArrayLike<number>
}

/** Euclidean norm of every row, accumulated in double precision. */
export function rowNorms(e: RowMatrix): Float64Array {
  const { n, d, data } = e
  const norms = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let j = i * d; j < (i + 1) * d; j++) s += data[j]! * data[j]!
    norms[i] = Math.sqrt(s)
  }
  return norms
}

/**
 * The q-quantile (0 <= q <= 1) of ascending values, linear between order
 * statistics: position q (n - 1) (numpy's default 'linear' method).
 */
export function quantileOf(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length
  if (n === 0) return NaN
  const pos = q * (n - 1)
  const lo = Math.floor(pos)
  const hi = Math.min(n - 1, lo + 1)
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!)
}

/**
 * Rows that are zero or nearly so: norm at most `relative` times the median row norm
 * (an item without training interactions keeps a ~1e-9 row under ALS, an exact zero
 * under SVD, against medians near 1). Ascending row indices.
 */
export function nearZeroRows(e: RowMatrix, relative = 1e-6): number[] {
  return nearZeroOf(rowNorms(e), relative)
}

/** {@link nearZeroRows} from the row norms (a streamed file computes them block by block). */
export function nearZeroOf(norms: Float64Array, relative = 1e-6): number[] {
  const median = quantileOf(Float64Array.from(norms).sort(), 0.5)
  const rows: number[] = []
  for (let i = 0; i < norms.length; i++) if (norms[i]! <= relative * median || norms[i] === 0) rows.push(i)
  return rows
}
