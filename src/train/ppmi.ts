/**
 * Item-item co-occurrence and its positive pointwise mutual information, kept sparse.
 *
 *   C_ij = number of users who consumed both i and j (i != j; the diagonal is left out,
 *          as word2vec leaves a word out of its own context)
 *   PPMI_ij = max(0, log( P(i,j) / (Pa(i) Pa(j)) )),  P(i,j) = C_ij / T,
 *   Pa(i) = C_i^a / sum_j C_j^a,  C_i = sum_j C_ij,  T = sum_i C_i
 *
 * a = 1 is plain PPMI. a < 1 is context distribution smoothing (Levy, Goldberg & Dagan
 * 2015), applied to both sides because both sides are items here (the matrix stays
 * symmetric): it raises the marginal probability of rare items, which plain PMI
 * overrates (a pair seen twice between two rare items gets a huge PMI).
 *
 * Building C costs sum_u n_u^2 (n_u = items of user u) time and nnz(C) memory; the
 * item-item matrix is never densified.
 */
import type { Csr } from './csr.js'

/** Growable pair of (column, value) arrays for building CSR rows of unknown total length. */
class RowWriter {
  indices = new Int32Array(1024)
  values = new Float64Array(1024)
  length = 0
  push(c: number, v: number): void {
    if (this.length === this.indices.length) {
      const bigger = new Int32Array(this.length * 2)
      bigger.set(this.indices)
      this.indices = bigger
      const more = new Float64Array(this.length * 2)
      more.set(this.values)
      this.values = more
    }
    this.indices[this.length] = c
    this.values[this.length++] = v
  }
}

/**
 * The items x items co-occurrence counts from a binary users x items matrix `ui` and its
 * transpose `iu`: row i accumulates, over the users of i, all their other items
 * (a sparse accumulator; columns sorted within each row). Symmetric.
 */
export function cooccurrence(ui: Csr, iu: Csr): Csr {
  const n = ui.cols
  const indptr = new Int32Array(n + 1)
  const out = new RowWriter()
  const acc = new Float64Array(n)
  const mark = new Int32Array(n).fill(-1)
  const touched = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    let count = 0
    for (let p = iu.indptr[i]!; p < iu.indptr[i + 1]!; p++) {
      const u = iu.indices[p]!
      for (let q = ui.indptr[u]!; q < ui.indptr[u + 1]!; q++) {
        const j = ui.indices[q]!
        if (j === i) continue
        if (mark[j] !== i) {
          mark[j] = i
          acc[j] = 0
          touched[count++] = j
        }
        acc[j]!++
      }
    }
    const cols = touched.subarray(0, count).sort()
    for (const j of cols) out.push(j, acc[j]!)
    indptr[i + 1] = out.length
  }
  return {
    rows: n,
    cols: n,
    indptr,
    indices: out.indices.slice(0, out.length),
    values: out.values.slice(0, out.length),
  }
}

/**
 * PPMI of a symmetric co-occurrence matrix with smoothing exponent a (default 1, plain
 * PPMI); non-positive entries are dropped and empty rows of C stay empty.
 */
export function ppmi(c: Csr, smoothing = 1): Csr {
  const rowSum = new Float64Array(c.rows)
  let total = 0,
    smoothTotal = 0
  for (let i = 0; i < c.rows; i++) {
    for (let p = c.indptr[i]!; p < c.indptr[i + 1]!; p++) rowSum[i]! += c.values[p]!
    total += rowSum[i]!
    rowSum[i] = Math.pow(rowSum[i]!, smoothing)
    smoothTotal += rowSum[i]!
  }
  // log P(i,j) / (Pa(i) Pa(j)) = log C_ij + log(Ta^2 / T) - log C_i^a - log C_j^a
  const offset = Math.log((smoothTotal * smoothTotal) / total)
  const indptr = new Int32Array(c.rows + 1)
  const out = new RowWriter()
  for (let i = 0; i < c.rows; i++) {
    for (let p = c.indptr[i]!; p < c.indptr[i + 1]!; p++) {
      const j = c.indices[p]!
      const pmi = Math.log(c.values[p]! / (rowSum[i]! * rowSum[j]!)) + offset
      if (pmi > 0) out.push(j, pmi)
    }
    indptr[i + 1] = out.length
  }
  return {
    rows: c.rows,
    cols: c.cols,
    indptr,
    indices: out.indices.slice(0, out.length),
    values: out.values.slice(0, out.length),
  }
}
