/**
 * Weighting of the users x items matrix before confidence c = 1 + alpha * w, as the
 * Python package implicit does (implicit.nearest_neighbours.bm25_weight / tfidf_weight),
 * applied to the summed matrix (duplicate interactions added first). Rows are users
 * ("documents"), columns items ("terms"): idf is per item, length normalisation per user.
 *   none   w
 *   log    log1p(w) = ln(1 + w)  (0 stays 0; tames raw play counts; not in implicit)
 *   tfidf  sqrt(w) * idf_i
 *   bm25   w (K1 + 1) / (K1 * ((1 - B) + B * len_u / mean len) + w) * idf_i   (K1 = 100, B = 0.8)
 * with idf_i = ln(U) - ln(1 + df_i), U = number of users, df_i = users with a stored entry
 * on item i, len_u = sum of user u's weights. implicit's idf is negative for an item that
 * every user consumed (ln(U / (U + 1)) < 0), which would make c < 1; here it is floored at 0.
 */
import { checkChoice, checkNumber } from './options.js'
import type { Csr } from './csr.js'

export const WEIGHTINGS = ['none', 'log', 'bm25', 'tfidf'] as const
export type Weighting = (typeof WEIGHTINGS)[number]

/** Parameters of bm25 (implicit's defaults K1 = 100, B = 0.8). */
export interface Bm25Params {
  k1?: number
  b?: number
}

/** A new CSR with the weighted values (same pattern); `m` is left unmodified. */
export function weightMatrix(m: Csr, scheme: Weighting, params: Bm25Params = {}): Csr {
  checkChoice('weighting', 'scheme', scheme, WEIGHTINGS)
  const values = Float64Array.from(m.values)
  const out = { ...m, values }
  if (scheme === 'none') return out
  if (scheme === 'log') {
    for (let q = 0; q < values.length; q++) values[q] = Math.log1p(values[q]!)
    return out
  }
  const idf = itemIdf(m)
  if (scheme === 'tfidf') {
    for (let q = 0; q < values.length; q++) values[q] = Math.sqrt(values[q]!) * idf[m.indices[q]!]!
    return out
  }
  const k1 = checkNumber('weighting', 'k1', params.k1 ?? 100, 0)
  const b = checkNumber('weighting', 'b', params.b ?? 0.8, 0)
  const lengths = new Float64Array(m.rows)
  let total = 0
  for (let r = 0; r < m.rows; r++) {
    for (let q = m.indptr[r]!; q < m.indptr[r + 1]!; q++) lengths[r]! += m.values[q]!
    total += lengths[r]!
  }
  const meanLength = total / m.rows
  for (let r = 0; r < m.rows; r++) {
    const norm = 1 - b + (meanLength > 0 ? (b * lengths[r]!) / meanLength : 0)
    for (let q = m.indptr[r]!; q < m.indptr[r + 1]!; q++) {
      const w = m.values[q]!
      const denom = k1 * norm + w
      values[q] = denom > 0 ? ((w * (k1 + 1)) / denom) * idf[m.indices[q]!]! : 0
    }
  }
  return out
}

/** idf_i = max(0, ln(rows) - ln(1 + df_i)) with df_i = stored entries in column i. */
function itemIdf(m: Csr): Float64Array {
  const df = new Float64Array(m.cols)
  for (let q = 0; q < m.indices.length; q++) df[m.indices[q]!]!++
  const idf = new Float64Array(m.cols)
  for (let i = 0; i < m.cols; i++) idf[i] = Math.max(0, Math.log(m.rows) - Math.log1p(df[i]!))
  return idf
}
