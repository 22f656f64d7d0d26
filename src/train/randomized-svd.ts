/**
 * Truncated randomised SVD (Halko, Martinsson & Tropp 2011, Algorithms 4.4 and 5.1).
 *
 *   Omega ~ N(0, 1)^(cols x l), l = k + oversample       Gaussian test matrix
 *   Q = qr(A Omega)                                        range finder
 *   repeat q times: Q = qr(A qr(AT Q))                     power (subspace) iterations,
 *                                                          re-orthonormalised each half step
 *   BT = AT Q = Q2 R2                                      B = QT A = R2T Q2T  (l x cols)
 *   R2T = Ur S VrT (ml-matrix, l x l)                      so A ~= (Q Ur) S (Q2 Vr)T
 *
 * Only products with A and AT are used (see operator.ts); the dense SVD is l x l.
 * Signs are fixed so the largest-magnitude entry of every left vector is positive.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix'
import { InputError } from '../errors.js'
import { rng } from '../rng.js'
import type { LinearOperator } from './operator.js'
import { checkInt, checkSeed, type Progress } from './options.js'
import { thinQr } from './qr.js'

/** Options of {@link randomizedSvd}. */
export interface RandomizedSvdOptions {
  /** Extra test vectors beyond k (default 10). */
  oversample?: number
  /** Power iterations q (default 4); each costs two products with A. */
  powerIterations?: number
  /** Seed of the Gaussian test matrix (default 0). */
  seed?: number
  /** Called after the range finder and each power iteration. */
  progress?: Progress
}

/** A ~= U diag(s) VT with U rows x k and V cols x k (row-major), s descending. */
export interface TruncatedSvd {
  k: number
  u: Float64Array
  s: Float64Array
  v: Float64Array
}

/** The k leading singular triplets of A by randomised subspace iteration (1 <= k <= min(rows, cols)). */
export function randomizedSvd(a: LinearOperator, k: number, options: RandomizedSvdOptions = {}): TruncatedSvd {
  checkInt('svd', 'dim', k, 1)
  if (k > Math.min(a.rows, a.cols))
    throw new InputError(
      `svd: dim=${k} exceeds min(rows, cols) = ${Math.min(a.rows, a.cols)} of the ${a.rows}x${a.cols} matrix.`,
    )
  const oversample = checkInt('svd', 'oversample', options.oversample ?? 10, 0)
  const q = checkInt('svd', 'powerIterations', options.powerIterations ?? 4, 0)
  const rand = rng(checkSeed('svd', options.seed ?? 0))
  const l = Math.min(k + oversample, a.rows, a.cols)
  const omega = new Float64Array(a.cols * l)
  for (let p = 0; p < omega.length; p++) omega[p] = rand.normal()
  let basis = thinQr(a.multiply(omega, l), a.rows, l, rand).q
  options.progress?.(1, q + 1)
  for (let it = 0; it < q; it++) {
    const z = thinQr(a.multiplyTransposed(basis, l), a.cols, l, rand).q
    basis = thinQr(a.multiply(z, l), a.rows, l, rand).q
    options.progress?.(it + 2, q + 1)
  }
  const { q: q2, r: r2 } = thinQr(a.multiplyTransposed(basis, l), a.cols, l, rand)
  // B = QT A = R2T Q2T; SVD of the small l x l factor R2T.
  const small = new Matrix(l, l)
  for (let i = 0; i < l; i++) for (let j = 0; j < l; j++) small.set(i, j, r2[j * l + i]!)
  const svd = new SingularValueDecomposition(small)
  const ur = Float64Array.from(svd.leftSingularVectors.to1DArray())
  const vr = Float64Array.from(svd.rightSingularVectors.to1DArray())
  const u = times(basis, a.rows, l, ur, k)
  const v = times(q2, a.cols, l, vr, k)
  fixSigns(u, v, a.rows, a.cols, k)
  return { k, u, s: Float64Array.from(svd.diagonal.slice(0, k)), v }
}

/** (n x l) times the first k columns of the l x l matrix m (all row-major). */
function times(x: Float64Array, n: number, l: number, m: Float64Array, k: number): Float64Array {
  const out = new Float64Array(n * k)
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < l; t++) {
      const xv = x[i * l + t]!
      if (xv === 0) continue
      for (let j = 0; j < k; j++) out[i * k + j]! += xv * m[t * l + j]!
    }
  }
  return out
}

/** Flips (u_j, v_j) together so u_j's largest-magnitude entry (lowest index on ties) is positive. */
function fixSigns(u: Float64Array, v: Float64Array, rows: number, cols: number, k: number): void {
  for (let j = 0; j < k; j++) {
    let best = 0
    for (let i = 0; i < rows; i++) if (Math.abs(u[i * k + j]!) > Math.abs(best)) best = u[i * k + j]!
    if (best >= 0) continue
    for (let i = 0; i < rows; i++) u[i * k + j] = -u[i * k + j]!
    for (let i = 0; i < cols; i++) v[i * k + j] = -v[i * k + j]!
  }
}
