/**
 * Compressed sparse row matrices, the one sparse layout the trainers use.
 * Row r holds columns `indices[indptr[r] .. indptr[r+1])` (ascending, no duplicates)
 * with `values` at the same positions.
 */
import type { Interactions } from '../io/interactions.js'

/** A rows x cols sparse matrix in CSR form (column indices ascending within a row). */
export interface Csr {
  rows: number
  cols: number
  indptr: Int32Array
  indices: Int32Array
  values: Float64Array
}

/**
 * Transposes in O(nnz + rows + cols) by counting sort. Because source rows are visited
 * in order, the column indices of every output row come out ascending.
 */
export function transpose(m: Csr): Csr {
  const indptr = new Int32Array(m.cols + 1)
  for (let p = 0; p < m.indices.length; p++) indptr[m.indices[p]! + 1]!++
  for (let c = 0; c < m.cols; c++) indptr[c + 1]! += indptr[c]!
  const next = indptr.slice(0, m.cols)
  const indices = new Int32Array(m.indices.length)
  const values = new Float64Array(m.indices.length)
  for (let r = 0; r < m.rows; r++) {
    for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) {
      const q = next[m.indices[p]!]!++
      indices[q] = r
      values[q] = m.values[p]!
    }
  }
  return { rows: m.cols, cols: m.rows, indptr, indices, values }
}

/**
 * Builds a CSR matrix from coordinates, summing duplicate (row, col) entries.
 * Scatter by row, transpose twice (which sorts columns), then merge equal neighbours.
 */
export function csrFromCoo(rows: number, cols: number, r: Int32Array, c: Int32Array, v: ArrayLike<number>): Csr {
  const indptr = new Int32Array(rows + 1)
  for (let t = 0; t < r.length; t++) indptr[r[t]! + 1]!++
  for (let i = 0; i < rows; i++) indptr[i + 1]! += indptr[i]!
  const next = indptr.slice(0, rows)
  const indices = new Int32Array(r.length)
  const values = new Float64Array(r.length)
  for (let t = 0; t < r.length; t++) {
    const q = next[r[t]!]!++
    indices[q] = c[t]!
    values[q] = v[t]!
  }
  return mergeDuplicates(transpose(transpose({ rows, cols, indptr, indices, values })))
}

/** Sums adjacent equal column indices within each row (rows must be sorted). */
function mergeDuplicates(m: Csr): Csr {
  const indptr = new Int32Array(m.rows + 1)
  const indices = new Int32Array(m.indices.length)
  const values = new Float64Array(m.indices.length)
  let q = 0
  for (let r = 0; r < m.rows; r++) {
    const rowStart = q
    for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) {
      if (q > rowStart && indices[q - 1] === m.indices[p]) {
        values[q - 1]! += m.values[p]!
      } else {
        indices[q] = m.indices[p]!
        values[q++] = m.values[p]!
      }
    }
    indptr[r + 1] = q
  }
  if (q === m.indices.length) return { ...m, indptr, indices, values }
  return { rows: m.rows, cols: m.cols, indptr, indices: indices.slice(0, q), values: values.slice(0, q) }
}

/**
 * The users x items matrix of an interaction log: entry (u, i) = sum of u's weights on i,
 * or 1 for every consumed pair when `binary` is set (duplicates count once).
 */
export function userItemCsr(x: Interactions, binary = false): Csr {
  const m = csrFromCoo(x.users.length, x.items.length, x.user, x.item, x.weight)
  if (binary) m.values.fill(1)
  return m
}
