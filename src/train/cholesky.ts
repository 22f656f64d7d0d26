/**
 * Exact ALS half-sweep by Cholesky factorisation (Hu, Koren & Volinsky 2008, eq. 4):
 * the reference solver the CG sweep is tested against. O(nnz(u) d^2 + d^3 / 3) per row.
 */
import type { Csr } from './csr.js'
import { FitError } from './fit-error.js'

/**
 * Sets every row of X (n x d, in place) to
 *   Xu = (YtY + lambda I + Yt (Cu - I) Y)^-1 Yt Cu p(u)
 * with c_ui = 1 + cm1[u,i]; `yty` is YtY + lambda I.
 * Throws a FitError when a system is not positive definite (e.g. lambda = 0 and Y rank-deficient).
 * Only rows `lo .. hi` are set (default all; the threaded ALS gives workers ranges).
 */
export function choleskySweep(
  x: Float64Array,
  y: Float64Array,
  cm1: Csr,
  d: number,
  yty: Float64Array,
  lo = 0,
  hi = cm1.rows,
): void {
  const a = new Float64Array(d * d)
  const b = new Float64Array(d)
  for (let u = lo; u < hi; u++) {
    a.set(yty)
    b.fill(0)
    for (let q = cm1.indptr[u]!; q < cm1.indptr[u + 1]!; q++) {
      const yo = cm1.indices[q]! * d
      const c1 = cm1.values[q]!
      // A += (c - 1) y yT (lower triangle), b += c y
      for (let i = 0; i < d; i++) {
        const yi = y[yo + i]!
        b[i]! += (1 + c1) * yi
        const s = c1 * yi
        for (let j = 0; j <= i; j++) a[i * d + j]! += s * y[yo + j]!
      }
    }
    if (!choleskySolve(a, b, d))
      throw new FitError(`als: the normal equations of row ${u} are not positive definite; use regularization > 0.`)
    x.set(b, u * d)
  }
}

/**
 * Solves A z = b in place for symmetric positive definite A (d x d; only the lower
 * triangle is read; A is overwritten by L with A = L LT, b by z).
 * Returns false when a pivot is not positive.
 */
export function choleskySolve(a: Float64Array, b: Float64Array, d: number): boolean {
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j]!
    for (let k = 0; k < j; k++) s -= a[j * d + k]! * a[j * d + k]!
    if (!(s > 0)) return false
    const ljj = Math.sqrt(s)
    a[j * d + j] = ljj
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j]!
      for (let k = 0; k < j; k++) t -= a[i * d + k]! * a[j * d + k]!
      a[i * d + j] = t / ljj
    }
  }
  // L w = b (forward), then LT z = w (backward).
  for (let i = 0; i < d; i++) {
    let t = b[i]!
    for (let k = 0; k < i; k++) t -= a[i * d + k]! * b[k]!
    b[i] = t / a[i * d + i]!
  }
  for (let i = d - 1; i >= 0; i--) {
    let t = b[i]!
    for (let k = i + 1; k < d; k++) t -= a[k * d + i]! * b[k]!
    b[i] = t / a[i * d + i]!
  }
  return true
}
