/**
 * Thin QR of a tall block by classical Gram-Schmidt with re-orthogonalisation
 * ("twice is enough", Giraud et al. 2005): a column is projected against the previous
 * ones until its norm stops collapsing (kept when a pass keeps >= 1/sqrt(2) of it, at most
 * three passes). A column that is numerically in the span of the previous ones (rank
 * deficiency: a low-rank input, or more columns than the rank) is replaced by a seeded
 * random direction orthogonal to them, with R[j][j] = 0, so Q always has orthonormal columns.
 */
import type { Rng } from '../rng.js'

/** Q (rows x l, row-major, orthonormal columns) and R (l x l, row-major, upper) with Y ~= Q R. */
export interface Qr {
  q: Float64Array
  r: Float64Array
}

/** Thin QR of the rows x l row-major block Y (rows >= l); `rand` fills deficient columns. */
export function thinQr(y: Float64Array, rows: number, l: number, rand: Rng): Qr {
  // Work column-major: column j is cols[j*rows .. (j+1)*rows).
  const cols = new Float64Array(rows * l)
  for (let i = 0; i < rows; i++) for (let j = 0; j < l; j++) cols[j * rows + i] = y[i * l + j]!
  const r = new Float64Array(l * l)
  for (let j = 0; j < l; j++) {
    const v = cols.subarray(j * rows, (j + 1) * rows)
    let before = norm(v)
    let after = before
    let accepted = false
    for (let pass = 0; pass < 3 && before > 0; pass++) {
      project(cols, rows, j, v, r, l)
      after = norm(v)
      if (after >= Math.SQRT1_2 * before) {
        accepted = after > 0
        break
      }
      before = after
    }
    if (accepted) {
      r[j * l + j] = after
      for (let i = 0; i < rows; i++) v[i]! /= after
    } else {
      randomOrthogonal(cols, rows, j, v, rand)
    }
  }
  const q = new Float64Array(rows * l)
  for (let i = 0; i < rows; i++) for (let j = 0; j < l; j++) q[i * l + j] = cols[j * rows + i]!
  return { q, r }
}

/** v -= sum_{i<j} <q_i, v> q_i, accumulating the coefficients into R[i][j] (when r is given). */
function project(
  cols: Float64Array,
  rows: number,
  j: number,
  v: Float64Array,
  r: Float64Array | null,
  l: number,
): void {
  for (let i = 0; i < j; i++) {
    const qo = i * rows
    let c = 0
    for (let t = 0; t < rows; t++) c += cols[qo + t]! * v[t]!
    for (let t = 0; t < rows; t++) v[t]! -= c * cols[qo + t]!
    if (r) r[i * l + j]! += c
  }
}

/** Fills v with a unit Gaussian direction orthogonal to the first j columns. */
function randomOrthogonal(cols: Float64Array, rows: number, j: number, v: Float64Array, rand: Rng): void {
  for (;;) {
    for (let t = 0; t < rows; t++) v[t] = rand.normal()
    const start = norm(v)
    project(cols, rows, j, v, null, 0)
    project(cols, rows, j, v, null, 0)
    const n = norm(v)
    // A random vector keeps about sqrt((rows - j) / rows) of its norm; retry if unlucky.
    if (n > 1e-3 * start) {
      for (let t = 0; t < rows; t++) v[t]! /= n
      return
    }
  }
}

function norm(v: Float64Array): number {
  let s = 0
  for (let t = 0; t < v.length; t++) s += v[t]! * v[t]!
  return Math.sqrt(s)
}
