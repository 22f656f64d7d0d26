/**
 * Matrices seen only through products, so the randomised SVD never densifies a sparse
 * input. Blocks are row-major: an r x l block stores entry (i, j) at i*l + j.
 */
import type { Csr } from './csr.js'
import { transpose } from './csr.js'

/** A rows x cols matrix A available through A X and AT Y on dense blocks of l columns. */
export interface LinearOperator {
  rows: number
  cols: number
  /** A X for X cols x l (row-major); returns rows x l. */
  multiply(x: Float64Array, l: number): Float64Array
  /** AT Y for Y rows x l (row-major); returns cols x l. */
  multiplyTransposed(y: Float64Array, l: number): Float64Array
}

/** out = M X for a CSR matrix M (one pass over M; the inner loop runs along a block row). */
function spmm(m: Csr, x: Float64Array, l: number): Float64Array {
  const out = new Float64Array(m.rows * l)
  for (let r = 0; r < m.rows; r++) {
    const oo = r * l
    for (let q = m.indptr[r]!; q < m.indptr[r + 1]!; q++) {
      const v = m.values[q]!
      const xo = m.indices[q]! * l
      for (let j = 0; j < l; j++) out[oo + j]! += v * x[xo + j]!
    }
  }
  return out
}

/**
 * Wraps a CSR matrix; `symmetric` reuses it for AT (PPMI), otherwise the transpose is
 * built once (O(nnz) memory).
 */
export function csrOperator(m: Csr, symmetric = false): LinearOperator {
  const mt = symmetric ? m : transpose(m)
  return {
    rows: m.rows,
    cols: m.cols,
    multiply: (x, l) => spmm(m, x, l),
    multiplyTransposed: (y, l) => spmm(mt, y, l),
  }
}

/** Wraps a dense rows x cols row-major matrix (tests, small problems). */
export function denseOperator(a: ArrayLike<number>, rows: number, cols: number): LinearOperator {
  const product = (x: Float64Array, l: number, transposed: boolean): Float64Array => {
    const outRows = transposed ? cols : rows
    const out = new Float64Array(outRows * l)
    for (let i = 0; i < rows; i++) {
      for (let c = 0; c < cols; c++) {
        const v = a[i * cols + c]!
        // A X: out[i] += A[i][c] X[c];  AT Y: out[c] += A[i][c] Y[i]
        const [oo, xo] = transposed ? [c * l, i * l] : [i * l, c * l]
        for (let j = 0; j < l; j++) out[oo + j]! += v * x[xo + j]!
      }
    }
    return out
  }
  return { rows, cols, multiply: (x, l) => product(x, l, false), multiplyTransposed: (y, l) => product(y, l, true) }
}
