/**
 * Implicit-feedback ALS (Hu, Koren & Volinsky 2008), the model of benfred/implicit.
 *
 * Minimises  sum_{u,i} c_ui (p_ui - <x_u, y_i>)^2 + lambda (sum_u |x_u|^2 + sum_i |y_i|^2)
 * over all user-item pairs, with p_ui = 1 if u consumed i (else 0) and confidence
 * c_ui = 1 + alpha * w_ui (w summed over duplicate interactions; c = 1 on unseen pairs).
 * Alternates exact-in-expectation half-sweeps: users given items, then items given users.
 * The default solver takes `cgSteps` warm-started conjugate-gradient steps per row
 * (implicit's least_squares_cg); `solver: 'cholesky'` solves each row exactly (the oracle).
 *
 * Optional `normPenalty` s adds s * sum_i (|y_i| - r)^2 on the item factors, r the mean
 * item norm: a penalty on the spread of item norms, the departure from the theoretical
 * setting that most hurts the consistency of averages (high-norm items become hubs of
 * every average's neighbourhood). It is minimised by majorisation: |y - t_i|^2 with
 * t_i = r y_i / |y_i| (the current factor moved radially onto the sphere of radius r)
 * touches (|y| - r)^2 at y_i and lies above it, so each item half-sweep solves a ridge
 * towards t_i: (A_i + s I) y = b_i + s t_i. At s = 0 the code path is plain ALS.
 */
import type { Embeddings } from '../io/embeddings.js'
import type { Interactions } from '../io/interactions.js'
import { InputError } from '../errors.js'
import { rng } from '../rng.js'
import { cgSweep } from './cg.js'
import { choleskySolve, choleskySweep } from './cholesky.js'
import { transpose, userItemCsr, type Csr } from './csr.js'
import { dot, gram, matVec, toFloat32 } from './dense.js'
import { checkFactors, FitError } from './fit-error.js'
import { checkChoice, checkFactorCount, checkInt, checkLog, checkNumber, checkSeed, type Progress } from './options.js'
import { weightMatrix, WEIGHTINGS, type Weighting } from './weighting.js'

/** Options of {@link trainAls}; every field has a default. */
export interface AlsOptions {
  /** Latent dimension d (default 64). */
  factors?: number
  /** L2 penalty lambda on every factor (default 10; ML-100K recall@10 0.208 at 0.1, 0.222 at 10). */
  regularization?: number
  /** Confidence slope: c = 1 + alpha * weight (default 1). */
  alpha?: number
  /** Weighting of the summed weights before the confidence (default 'none'; see weighting.ts). */
  weighting?: Weighting
  /** Full sweeps (users then items) (default 15). */
  iterations?: number
  /** 'cg' (default): a few warm-started CG steps per row; 'cholesky': exact solves. */
  solver?: 'cg' | 'cholesky'
  /** CG steps per row per half-sweep (default 3, as implicit). */
  cgSteps?: number
  /** Seed of the initial factors (default 0). */
  seed?: number
  /**
   * Strength s of the item-norm spread penalty s * sum_i (|y_i| - mean norm)^2 (default 0:
   * plain ALS, bit for bit). Pulls item norms together so no item dominates averages.
   */
  normPenalty?: number
  /** Called after each sweep with (done, iterations). */
  progress?: Progress
}

/** Fitted factors: score(u, i) = <userFactors row u, itemFactors row i>. */
export interface AlsModel {
  /** users.length x d, ids = user ids. */
  userFactors: Embeddings
  /** items.length x d, ids = item ids. */
  itemFactors: Embeddings
}

const DEFAULT_ALPHA = 1
const DEFAULT_LAMBDA = 10

type ResolvedAls = Required<Omit<AlsOptions, 'progress'>> & Pick<AlsOptions, 'progress'>

function resolve(o: AlsOptions): ResolvedAls {
  return {
    factors: checkInt('als', 'factors', o.factors ?? 64, 1),
    regularization: checkNumber('als', 'regularization', o.regularization ?? DEFAULT_LAMBDA, 0),
    alpha: checkNumber('als', 'alpha', o.alpha ?? DEFAULT_ALPHA, 0),
    weighting: checkChoice('als', 'weighting', o.weighting ?? 'none', WEIGHTINGS),
    iterations: checkInt('als', 'iterations', o.iterations ?? 15, 0),
    solver: checkChoice('als', 'solver', o.solver ?? 'cg', ['cg', 'cholesky'] as const),
    cgSteps: checkInt('als', 'cgSteps', o.cgSteps ?? 3, 1),
    seed: checkSeed('als', o.seed ?? 0),
    normPenalty: checkNumber('als', 'normPenalty', o.normPenalty ?? 0, 0),
    progress: o.progress,
  }
}

/** The users x items matrix of c - 1 = alpha * weighted(w); rejects negative weights. */
function confidenceMinusOne(x: Interactions, alpha: number, weighting: Weighting = 'none'): Csr {
  for (let t = 0; t < x.weight.length; t++) {
    if (x.weight[t]! < 0)
      throw new InputError(
        `als: interaction ${t} (0-based) has weight ${x.weight[t]}; confidence 1 + alpha*w needs weights >= 0, so fix or drop that interaction.`,
      )
  }
  const m = weighting === 'none' ? userItemCsr(x) : weightMatrix(userItemCsr(x), weighting)
  for (let q = 0; q < m.values.length; q++) m.values[q]! *= alpha
  return m
}

/** Factors drawn uniformly from [0, 0.01), users first, then items (as implicit). */
function initFactors(n: number, d: number, r: ReturnType<typeof rng>): Float64Array {
  const f = new Float64Array(n * d)
  for (let p = 0; p < f.length; p++) f[p] = r.next() * 0.01
  return f
}

/**
 * Fits implicit ALS to an interaction log. Deterministic: the same log, options and
 * seed give bit-identical factors. Users or items with no interactions get factors that
 * shrink to zero; no factor is ever NaN (a FitError is thrown instead).
 */
export function trainAls(x: Interactions, options: AlsOptions = {}): AlsModel {
  const o = resolve(options)
  checkLog('als', x)
  const d = o.factors
  checkFactorCount('als', d, x.users.length, x.items.length)
  const ui = confidenceMinusOne(x, o.alpha, o.weighting)
  const iu = transpose(ui)
  const r = rng(o.seed)
  const xf = initFactors(ui.rows, d, r)
  const yf = initFactors(iu.rows, d, r)
  for (let it = 0; it < o.iterations; it++) {
    halfSweep(xf, yf, ui, d, o) // users given items
    if (o.normPenalty > 0) penalisedItemSweep(yf, xf, iu, d, o)
    else halfSweep(yf, xf, iu, d, o) // items given users
    o.progress?.(it + 1, o.iterations)
  }
  const remedy = 'lower alpha or the weights, or raise regularization'
  return {
    userFactors: checkFactors({ n: ui.rows, d, data: toFloat32(xf), ids: x.users }, 'als: user factors', remedy),
    itemFactors: checkFactors({ n: iu.rows, d, data: toFloat32(yf), ids: x.items }, 'als: item factors', remedy),
  }
}

function halfSweep(target: Float64Array, fixed: Float64Array, cm1: Csr, d: number, o: ResolvedAls): void {
  const yty = gram(fixed, cm1.cols, d, o.regularization)
  if (o.solver === 'cg') cgSweep(target, fixed, cm1, d, yty, o.cgSteps)
  else choleskySweep(target, fixed, cm1, d, yty)
}

/**
 * Item half-sweep with the norm-spread penalty: every row solves (or takes CG steps on)
 * (YtY + (lambda + s) I + Yt (Cu - I) Y) y = Yt Cu p + s t, t = r y / |y| (module comment).
 */
function penalisedItemSweep(y: Float64Array, x: Float64Array, cm1: Csr, d: number, o: ResolvedAls): void {
  const s = o.normPenalty
  const targets = radialTargets(y, cm1.rows, d)
  const a = gram(x, cm1.cols, d, o.regularization + s)
  if (o.solver === 'cg') {
    cgSweep(y, x, cm1, d, a, o.cgSteps, { s, t: targets })
    return
  }
  const m = new Float64Array(d * d)
  const b = new Float64Array(d)
  for (let i = 0; i < cm1.rows; i++) penalisedExactRow(y, i, x, cm1, d, a, s, targets, m, b)
}

/** t_i = r y_i / |y_i| with r the mean norm of the non-zero rows; zero rows keep target 0. */
function radialTargets(y: Float64Array, n: number, d: number): Float64Array {
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

/**
 * The ALS objective of a model on a log:
 *   sum_{u,i} c_ui (p_ui - <x_u, y_i>)^2 + lambda (|X|^2 + |Y|^2)
 * over all pairs, computed in O((users + items) d^2 + nnz d) as
 *   sum_u x_uT (YtY) x_u + sum_{nnz} [c (1 - s)^2 - s^2] + lambda (...), s = <x_u, y_i>.
 */
export function alsLoss(
  x: Interactions,
  model: AlsModel,
  options: Pick<AlsOptions, 'alpha' | 'regularization' | 'weighting'> = {},
): number {
  const alpha = options.alpha ?? DEFAULT_ALPHA
  const lambda = options.regularization ?? DEFAULT_LAMBDA
  const d = model.itemFactors.d
  const xf = Float64Array.from(model.userFactors.data)
  const yf = Float64Array.from(model.itemFactors.data)
  const ui = confidenceMinusOne(x, alpha, options.weighting)
  const yty = gram(yf, ui.cols, d, 0)
  const tmp = new Float64Array(d)
  let loss = 0
  for (let u = 0; u < ui.rows; u++) {
    matVec(yty, xf, u * d, tmp, d)
    loss += dot(xf, u * d, tmp, 0, d)
    for (let q = ui.indptr[u]!; q < ui.indptr[u + 1]!; q++) {
      const s = dot(xf, u * d, yf, ui.indices[q]! * d, d)
      loss += (1 + ui.values[q]!) * (1 - s) ** 2 - s * s
    }
  }
  return loss + lambda * (dot(xf, 0, xf, 0, xf.length) + dot(yf, 0, yf, 0, yf.length))
}
