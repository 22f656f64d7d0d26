/**
 * One ALS half-sweep over a range of rows, the unit of work shared by the single-threaded
 * trainer and the worker threads (als-worker.ts). Rows are independent given the other
 * side's factors and the Gram matrix, and every row runs the same arithmetic in the same
 * order whichever thread runs it, so the factors are bit-identical for any thread count.
 */
import { cgSweep } from './cg.js'
import { choleskySolve, choleskySweep } from './cholesky.js'
import type { Csr } from './csr.js'
import { dot, gram } from './dense.js'
import { FitError } from './fit-error.js'

/** The state of a fit: both CSR sides, both factor matrices, and the per-half-sweep Gram and targets. */
export interface AlsState {
  d: number
  solver: 'cg' | 'cholesky'
  cgSteps: number
  regularization: number
  /** Norm-spread penalty s (0: plain ALS). */
  normPenalty: number
  /** users x items, values c - 1. */
  ui: Csr
  /** items x users (the transpose). */
  iu: Csr
  /** User factors, users x d. */
  xf: Float64Array
  /** Item factors, items x d. */
  yf: Float64Array
  /** d x d: the Gram matrix of the fixed side (+ lambda I, + s I on a penalised item half-sweep). */
  gram: Float64Array
  /** items x d radial targets of the penalised item half-sweep (length 0 when s = 0). */
  targets: Float64Array
}

/** Which half of a sweep: users given items, or items given users. */
export type Side = 'users' | 'items'

/** The CSR matrix whose rows a half-sweep updates. */
export function sideRows(st: AlsState, side: Side): number {
  return side === 'users' ? st.ui.rows : st.iu.rows
}

/** The matrix whose Gram a half-sweep needs (the fixed side), its rows and the ridge added to the diagonal. */
export function gramSource(st: AlsState, side: Side): { y: Float64Array; n: number; lambda: number } {
  if (side === 'users') return { y: st.yf, n: st.ui.cols, lambda: st.regularization }
  const lambda = st.normPenalty > 0 ? st.regularization + st.normPenalty : st.regularization
  return { y: st.xf, n: st.iu.cols, lambda }
}

/** The radial targets of a penalised item half-sweep, into st.targets (nothing otherwise). */
export function prepareTargets(st: AlsState, side: Side): void {
  if (side === 'items' && st.normPenalty > 0) st.targets.set(radialTargets(st.yf, st.iu.rows, st.d))
}

/**
 * Work done once per half-sweep before the rows: the radial targets when penalised, and
 * the Gram matrix of the fixed side (each entry summed over its rows in order, so the
 * threaded trainer, which splits the Gram's rows over workers, gets the same values).
 */
export function prepareHalfSweep(st: AlsState, side: Side): void {
  prepareTargets(st, side)
  const { y, n, lambda } = gramSource(st, side)
  st.gram.set(gram(y, n, st.d, lambda))
}

/** Updates rows lo .. hi of one half-sweep (after {@link prepareHalfSweep}). */
export function sweepRows(st: AlsState, side: Side, lo: number, hi: number): void {
  const { d, gram: a } = st
  const [target, fixed, cm1] = side === 'users' ? [st.xf, st.yf, st.ui] : [st.yf, st.xf, st.iu]
  const penalised = side === 'items' && st.normPenalty > 0
  if (st.solver === 'cg') {
    const t = penalised ? { s: st.normPenalty, t: st.targets } : undefined
    cgSweep(target, fixed, cm1, d, a, st.cgSteps, t, lo, hi)
  } else if (!penalised) {
    choleskySweep(target, fixed, cm1, d, a, lo, hi)
  } else {
    const m = new Float64Array(d * d)
    const b = new Float64Array(d)
    for (let i = lo; i < hi; i++) penalisedExactRow(target, i, fixed, cm1, d, a, st.normPenalty, st.targets, m, b)
  }
}

/** t_i = r y_i / |y_i| with r the mean norm of the non-zero rows; zero rows keep target 0. */
export function radialTargets(y: Float64Array, n: number, d: number): Float64Array {
  const norms = new Float64Array(n)
  let sum = 0,
    nonZero = 0
  for (let i = 0; i < n; i++) {
    norms[i] = Math.sqrt(dot(y, i * d, y, i * d, d))
    if (norms[i]! > 0) {
      sum += norms[i]!
      nonZero++
    }
  }
  const r = nonZero > 0 ? sum / nonZero : 0
  const t = new Float64Array(n * d)
  for (let i = 0; i < n; i++) {
    if (!(norms[i]! > 0)) continue
    const f = r / norms[i]!
    for (let j = 0; j < d; j++) t[i * d + j] = f * y[i * d + j]!
  }
  return t
}

/** Exact solve of one penalised row by Cholesky (the oracle of the CG path). */
function penalisedExactRow(
  y: Float64Array,
  i: number,
  x: Float64Array,
  cm1: Csr,
  d: number,
  a: Float64Array,
  s: number,
  t: Float64Array,
  m: Float64Array,
  b: Float64Array,
): void {
  m.set(a)
  for (let j = 0; j < d; j++) b[j] = s * t[i * d + j]!
  for (let q = cm1.indptr[i]!; q < cm1.indptr[i + 1]!; q++) {
    const xo = cm1.indices[q]! * d
    const c1 = cm1.values[q]!
    for (let u = 0; u < d; u++) {
      b[u]! += (1 + c1) * x[xo + u]!
      for (let v = 0; v <= u; v++) m[u * d + v]! += c1 * x[xo + u]! * x[xo + v]!
    }
  }
  if (!choleskySolve(m, b, d))
    throw new FitError(`als: the normal equations of item ${i} are not positive definite; use regularization > 0.`)
  y.set(b, i * d)
}
