/**
 * Conjugate-gradient ALS half-sweep, as in implicit's `least_squares_cg` (Takacs, Pilaszy
 * & Tikk 2011): instead of solving each row's d x d system exactly, take a few CG steps
 * from the row's previous value. Each step costs O(d^2 + nnz(u) d) and never forms the
 * per-row matrix, which is what makes ALS fast without BLAS.
 */
import type { Csr } from './csr.js'
import { axpy, dot, matVec } from './dense.js'

/**
 * An extra right-hand side s * t_u per row (t: n x d, row-major), for penalties that
 * pull each row towards a target: the system becomes (A + s I) x_u = b_u + s t_u, with
 * the s I already folded into the `yty` passed to {@link cgSweep}.
 */
export interface RowTargets {
  s: number
  t: Float64Array
}

/**
 * Updates every row u of X (n x d, row-major, in place) towards the solution of
 *   (YtY + lambda I + Yt (Cu - I) Y) x_u = Yt Cu p(u)
 * i.e. Xu = (YtCuY + lambda I)^-1 YtCu p(u), with c_ui = 1 + cm1[u,i] and p(u) the
 * indicator of u's items. `yty` is YtY + lambda I; `cm1` holds c - 1 = alpha * w.
 * With `targets`, each row's right-hand side gains s t_u (see {@link RowTargets}).
 * Only rows `lo .. hi` are updated (default all): rows are independent given Y, so the
 * threaded ALS hands contiguous ranges to workers and gets bit-identical rows.
 */
export function cgSweep(
  x: Float64Array,
  y: Float64Array,
  cm1: Csr,
  d: number,
  yty: Float64Array,
  steps: number,
  targets?: RowTargets,
  lo = 0,
  hi = cm1.rows,
): void {
  const r = new Float64Array(d)
  const p = new Float64Array(d)
  const ap = new Float64Array(d)
  for (let u = lo; u < hi; u++) cgRow(x, u * d, y, cm1, u, d, yty, steps, r, p, ap, targets)
}

/** A few warm-started CG steps for one row (scratch vectors r, p, ap of length d). */
function cgRow(
  x: Float64Array,
  xo: number,
  y: Float64Array,
  cm1: Csr,
  u: number,
  d: number,
  yty: Float64Array,
  steps: number,
  r: Float64Array,
  p: Float64Array,
  ap: Float64Array,
  targets?: RowTargets,
): void {
  const start = cm1.indptr[u]!,
    end = cm1.indptr[u + 1]!
  // r = b - A x = sum_i [c_i - (c_i - 1) <y_i, x>] y_i (+ s t_u) - (YtY + lambda I) x
  matVec(yty, x, xo, r, d)
  if (targets) for (let a = 0; a < d; a++) r[a] = targets.s * targets.t[xo + a]! - r[a]!
  else for (let a = 0; a < d; a++) r[a] = -r[a]!
  for (let q = start; q < end; q++) {
    const yo = cm1.indices[q]! * d
    const c1 = cm1.values[q]!
    const s = 1 + c1 - c1 * dot(y, yo, x, xo, d)
    axpy(s, y, yo, r, d)
  }
  p.set(r)
  let rsOld = dot(r, 0, r, 0, d)
  for (let step = 0; step < steps && rsOld >= 1e-20; step++) {
    // Ap = (YtY + lambda I) p + sum_i (c_i - 1) <y_i, p> y_i
    matVec(yty, p, 0, ap, d)
    for (let q = start; q < end; q++) {
      const yo = cm1.indices[q]! * d
      const s = cm1.values[q]! * dot(y, yo, p, 0, d)
      axpy(s, y, yo, ap, d)
    }
    const alpha = rsOld / dot(p, 0, ap, 0, d)
    for (let a = 0; a < d; a++) {
      x[xo + a]! += alpha * p[a]!
      r[a]! -= alpha * ap[a]!
    }
    const rsNew = dot(r, 0, r, 0, d)
    const beta = rsNew / rsOld
    for (let a = 0; a < d; a++) p[a] = r[a]! + beta * p[a]!
    rsOld = rsNew
  }
}
