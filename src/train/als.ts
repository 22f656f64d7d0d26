/**
 * Implicit-feedback ALS (Hu, Koren & Volinsky 2008), the model of benfred/implicit.
 *
 * Minimises  sum_{u,i} c_ui (p_ui - <x_u, y_i>)^2 + lambda (sum_u |x_u|^2 + sum_i |y_i|^2)
 * over all user-item pairs, with p_ui = 1 if u consumed i (else 0) and confidence
 * c_ui = 1 + alpha * w_ui (w summed over duplicate interactions; c = 1 on unseen pairs).
 * Alternates exact-in-expectation half-sweeps: users given items, then items given users.
 * The default solver takes `cgSteps` warm-started conjugate-gradient steps per row
 * (implicit's least_squares_cg); `solver: 'cholesky'` solves each row exactly (the oracle).
 */
import type { Embeddings } from '../io/embeddings.js'
import type { Interactions } from '../io/interactions.js'
import { InputError } from '../errors.js'
import { rng } from '../rng.js'
import { cgSweep } from './cg.js'
import { choleskySweep } from './cholesky.js'
import { transpose, userItemCsr, type Csr } from './csr.js'
import { dot, gram, matVec, toFloat32 } from './dense.js'
import { checkFactors } from './fit-error.js'
import { checkChoice, checkInt, checkLog, checkNumber, checkSeed, type Progress } from './options.js'

/** Options of {@link trainAls}; every field has a default. */
export interface AlsOptions {
  /** Latent dimension d (default 64). */
  factors?: number
  /** L2 penalty lambda on every factor (default 10; ML-100K recall@10 0.208 at 0.1, 0.222 at 10). */
  regularization?: number
  /** Confidence slope: c = 1 + alpha * weight (default 1). */
  alpha?: number
  /** Full sweeps (users then items) (default 15). */
  iterations?: number
  /** 'cg' (default): a few warm-started CG steps per row; 'cholesky': exact solves. */
  solver?: 'cg' | 'cholesky'
  /** CG steps per row per half-sweep (default 3, as implicit). */
  cgSteps?: number
  /** Seed of the initial factors (default 0). */
  seed?: number
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
    iterations: checkInt('als', 'iterations', o.iterations ?? 15, 0),
    solver: checkChoice('als', 'solver', o.solver ?? 'cg', ['cg', 'cholesky'] as const),
    cgSteps: checkInt('als', 'cgSteps', o.cgSteps ?? 3, 1),
    seed: checkSeed('als', o.seed ?? 0),
    progress: o.progress,
  }
}

/** The users x items matrix of c - 1 = alpha * w; rejects negative weights. */
function confidenceMinusOne(x: Interactions, alpha: number): Csr {
  for (let t = 0; t < x.weight.length; t++) {
    if (x.weight[t]! < 0) throw new InputError(`als: interaction ${t} has weight ${x.weight[t]}; confidence 1 + alpha*w needs weights >= 0.`)
  }
  const m = userItemCsr(x)
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
  const ui = confidenceMinusOne(x, o.alpha)
  const iu = transpose(ui)
  const r = rng(o.seed)
  const xf = initFactors(ui.rows, d, r)
  const yf = initFactors(iu.rows, d, r)
  for (let it = 0; it < o.iterations; it++) {
    halfSweep(xf, yf, ui, d, o) // users given items
    halfSweep(yf, xf, iu, d, o) // items given users
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
 * The ALS objective of a model on a log:
 *   sum_{u,i} c_ui (p_ui - <x_u, y_i>)^2 + lambda (|X|^2 + |Y|^2)
 * over all pairs, computed in O((users + items) d^2 + nnz d) as
 *   sum_u x_uT (YtY) x_u + sum_{nnz} [c (1 - s)^2 - s^2] + lambda (...), s = <x_u, y_i>.
 */
export function alsLoss(x: Interactions, model: AlsModel, options: Pick<AlsOptions, 'alpha' | 'regularization'> = {}): number {
  const alpha = options.alpha ?? DEFAULT_ALPHA
  const lambda = options.regularization ?? DEFAULT_LAMBDA
  const d = model.itemFactors.d
  const xf = Float64Array.from(model.userFactors.data)
  const yf = Float64Array.from(model.itemFactors.data)
  const ui = confidenceMinusOne(x, alpha)
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
