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
import { availableParallelism } from 'node:os'
import { InputError } from '../errors.js'
import { rng } from '../rng.js'
import { prepareHalfSweep, prepareTargets, sideRows, sweepRows, type AlsState } from './als-sweep.js'
import { AlsPool, sharedCsr, sharedFloat64 } from './als-threads.js'
import { transpose, userItemCsr, type Csr } from './csr.js'
import { dot, gram, matVec, toFloat32 } from './dense.js'
import { checkFactors } from './fit-error.js'
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
  /**
   * Worker threads of {@link trainAlsAsync} (default: all cores, os.availableParallelism()).
   * The factors are bit-identical for every value. The synchronous {@link trainAls} checks
   * it but always runs on the calling thread.
   */
  threads?: number
  /**
   * {@link trainAlsAsync} runs on the calling thread, without workers, below this many
   * interactions (after merging duplicates; default 50,000): starting workers and copying
   * the log into shared memory (tens of ms) costs more than the sweeps of a small log save.
   */
  threadMinInteractions?: number
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
/** Default {@link AlsOptions.threadMinInteractions}. */
export const ALS_THREAD_MIN_INTERACTIONS = 50_000

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
    threads: checkInt('als', 'threads', o.threads ?? availableParallelism(), 1, 1024),
    threadMinInteractions: checkInt(
      'als',
      'threadMinInteractions',
      o.threadMinInteractions ?? ALS_THREAD_MIN_INTERACTIONS,
      0,
    ),
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
 * Fits implicit ALS to an interaction log on the calling thread. Deterministic: the same
 * log, options and seed give bit-identical factors (the same as {@link trainAlsAsync} with
 * any number of threads). Users or items with no interactions get factors that shrink to
 * zero; no factor is ever NaN (a FitError is thrown instead).
 */
export function trainAls(x: Interactions, options: AlsOptions = {}): AlsModel {
  const { o, st } = setup(x, options, false)
  for (let it = 0; it < o.iterations; it++) {
    for (const side of SIDES) {
      prepareHalfSweep(st, side)
      sweepRows(st, side, 0, sideRows(st, side))
    }
    o.progress?.(it + 1, o.iterations)
  }
  return finish(x, st)
}

/**
 * {@link trainAls} with each half-sweep's rows spread over `threads` worker threads
 * (contiguous row ranges over shared memory; the Gram matrix, once per half-sweep, is
 * split over the workers by its rows, each entry summed in the single-threaded order). The factors are bit-identical to trainAls for every
 * thread count. With threads = 1, or fewer than `threadMinInteractions` interactions, it
 * runs trainAls's loop on the calling thread. Errors are those of trainAls (same class
 * and message), including a FitError raised inside a worker.
 */
export async function trainAlsAsync(x: Interactions, options: AlsOptions = {}): Promise<AlsModel> {
  const o0 = resolve(options)
  checkLog('als', x)
  if (o0.threads === 1 || x.user.length < o0.threadMinInteractions) return trainAls(x, options)
  const { o, st } = setup(x, options, true)
  if (st.ui.indptr[st.ui.rows]! < o.threadMinInteractions) return trainAls(x, options)
  const pool = new AlsPool(st, o.threads)
  try {
    for (let it = 0; it < o.iterations; it++) {
      for (const side of SIDES) {
        prepareTargets(st, side)
        await pool.gram(side)
        await pool.sweep(side)
      }
      o.progress?.(it + 1, o.iterations)
    }
  } finally {
    await pool.close()
  }
  return finish(x, st)
}

const SIDES = ['users', 'items'] as const

/** Checks the options and the log, builds both CSR sides and the initial factors (in shared memory for workers). */
function setup(x: Interactions, options: AlsOptions, shared: boolean): { o: ResolvedAls; st: AlsState } {
  const o = resolve(options)
  checkLog('als', x)
  const d = o.factors
  checkFactorCount('als', d, x.users.length, x.items.length)
  let ui = confidenceMinusOne(x, o.alpha, o.weighting)
  let iu = transpose(ui)
  const r = rng(o.seed)
  let xf: Float64Array = initFactors(ui.rows, d, r)
  let yf: Float64Array = initFactors(iu.rows, d, r)
  const nTargets = o.normPenalty > 0 ? iu.rows * d : 0
  let gram: Float64Array = new Float64Array(d * d)
  let targets: Float64Array = new Float64Array(nTargets)
  if (shared) {
    ui = sharedCsr(ui)
    iu = sharedCsr(iu)
    xf = sharedFloat64(xf.length, xf)
    yf = sharedFloat64(yf.length, yf)
    gram = sharedFloat64(d * d)
    targets = sharedFloat64(nTargets)
  }
  const st: AlsState = {
    d,
    solver: o.solver,
    cgSteps: o.cgSteps,
    regularization: o.regularization,
    normPenalty: o.normPenalty,
    ui,
    iu,
    xf,
    yf,
    gram,
    targets,
  }
  return { o, st }
}

/** The model of a finished fit, refused (FitError) when a factor is not finite. */
function finish(x: Interactions, st: AlsState): AlsModel {
  const remedy = 'lower alpha or the weights, or raise regularization'
  const { d } = st
  return {
    userFactors: checkFactors({ n: st.ui.rows, d, data: toFloat32(st.xf), ids: x.users }, 'als: user factors', remedy),
    itemFactors: checkFactors({ n: st.iu.rows, d, data: toFloat32(st.yf), ids: x.items }, 'als: item factors', remedy),
  }
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
