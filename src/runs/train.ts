/**
 * `train`: item embeddings from an interaction log (implicit ALS or SVD), evaluated on a
 * held-out side and written to a file, as the results envelope `avgcon train --json` prints.
 */
import { basename } from 'node:path'
import { InputError } from '../errors.js'
import type { Embeddings } from '../io/embeddings.js'
import { saveDelimited, saveNpy } from '../io/index.js'
import { loadInteractions } from '../io/interactions.js'
import { runResult, type RunResult } from '../results.js'
import {
  averageItemEmbeddings,
  countUntrained,
  evaluateRanking,
  splitPerUser,
  trainAlsAsync,
  trainSvd,
  WEIGHTINGS,
  type AlsOptions,
  type Progress,
  type RankingMetrics,
  type Weighting,
} from '../train/index.js'
import { secondsSince } from './time.js'

/** The trainers `train` offers. */
export type TrainMethod = 'als' | 'svd'

/** The matrices the SVD factorises: item PPMI, or the user-item matrix (PureSVD). */
export type TrainSvdMatrix = 'ppmi' | 'interactions'

/** Everything `train` takes. Options of the other method are refused. */
export interface TrainRunOptions {
  /** als (implicit ALS, Hu et al. 2008) or svd (randomised SVD). */
  method: TrainMethod
  /** The interaction log: user item [weight [timestamp]] lines, e.g. MovieLens u.data. */
  interactions: string
  /** Where to write the item embeddings: .npy (ids in a .ids.txt sidecar) or .csv/.tsv/.txt (id column). */
  out: string
  /** Also write the user vectors here: factors, or train-item averages for svd ppmi. */
  saveUsers?: string
  /** Embedding dimension (default 64). */
  dim?: number
  /** Seed of the split and of the initial factors / random test matrix (default 0). */
  seed?: number
  /** Share of each user's interactions held out for recall@10, in [0, 1) (default 0.2; 0: no evaluation). */
  testFraction?: number
  /** als: full sweeps (default 15). */
  iterations?: number
  /** als: L2 penalty on every factor (default 10). */
  regularization?: number
  /** als: confidence slope, c = 1 + alpha * weight (default 1). */
  alpha?: number
  /** als: weight transform before the confidence (default none). */
  weighting?: Weighting
  /** als: penalty on the spread of item norms (default 0). */
  normPenalty?: number
  /** als: worker threads for the sweeps (default: all cores); the factors are the same for any count. */
  threads?: number
  /** svd: the matrix to factorise (default ppmi). */
  matrix?: TrainSvdMatrix
  /** Called after each unit of training work (ALS sweeps, SVD passes). */
  onProgress?: Progress
  /** Called while recall/nDCG are computed on the held-out split, in users ranked. */
  onEvaluate?: Progress
}

/** What the envelope says about the log. */
export interface TrainLogInfo {
  file: string
  format: 'interactions'
  users: number
  items: number
  interactions: number
}

/** What the envelope says about the file written. */
export interface TrainOutputInfo {
  file: string
  /** The ids sidecar of a .npy, null for a delimited file (ids in its first column). */
  ids: string | null
  n: number
  d: number
}

/** The train envelope: held-out metrics (none with testFraction 0), the log and the file written. */
export interface TrainResult extends RunResult<RankingMetrics> {
  log: TrainLogInfo
  trainSeconds: number
  trainInteractions: number
  /** Items with no train interaction (only in the test side): their rows are near zero. */
  untrainedItems: number
  /** How users were scored: 'user factors' or 'average of train item embeddings'. */
  scoring: string
  output: TrainOutputInfo
}

/** The cut-off of the held-out ranking metrics. */
export const RECALL_AT = 10
/** The defaults `train` records in its settings (those of trainAls and trainSvd). */
export const TRAIN_DEFAULTS = {
  dim: 64,
  seed: 0,
  testFraction: 0.2,
  iterations: 15,
  regularization: 10,
  alpha: 1,
  weighting: 'none',
  normPenalty: 0,
  matrix: 'ppmi',
} as const

const ALS_ONLY = ['iterations', 'regularization', 'alpha', 'weighting', 'normPenalty', 'threads'] as const
const SVD_ONLY = ['matrix'] as const

/**
 * Trains item embeddings, evaluates them on a seeded per-user held-out side, and writes
 * them (atomically) to `out`. The file holds THAT model, trained on the train side only.
 * A non-finite factor throws a FitError before anything is written.
 *
 * @example
 * ```ts
 * import { train } from 'avgcon'
 * const run = await train({ method: 'als', interactions: 'u.data', dim: 64, iterations: 15, out: 'items.npy' })
 * const [m] = run.results
 * console.log(m?.recall, m?.randomRecall, run.output.ids)
 * ```
 */
export async function train(o: TrainRunOptions): Promise<TrainResult> {
  const started = performance.now()
  const method = checkMethod(o)
  // Every setting is checked before the log is read or any training time is spent.
  const save = trainSaver(o.out, 'out')
  const saveUsers = o.saveUsers === undefined ? undefined : trainSaver(o.saveUsers, 'saveUsers')
  const dim = wholeNumber(o.dim ?? TRAIN_DEFAULTS.dim, 'dim', 1)
  const seed = wholeNumber(o.seed ?? TRAIN_DEFAULTS.seed, 'seed', 0)
  const testFraction = checkFraction(o.testFraction ?? TRAIN_DEFAULTS.testFraction)
  for (const field of ['iterations', 'threads'] as const) if (o[field] !== undefined) wholeNumber(o[field], field, 1)
  for (const field of ['regularization', 'alpha', 'normPenalty'] as const) nonNegative(o[field], field)
  if (o.weighting !== undefined && !(WEIGHTINGS as readonly string[]).includes(o.weighting))
    throw new InputError(`unknown weighting "${o.weighting}"; use ${WEIGHTINGS.join(', ')}.`, {
      module: 'train',
      field: 'weighting',
    })
  if (o.matrix !== undefined && o.matrix !== 'ppmi' && o.matrix !== 'interactions')
    throw new InputError(`unknown matrix "${String(o.matrix)}"; use ppmi or interactions.`, {
      module: 'train',
      field: 'matrix',
    })

  const log = await loadInteractions(o.interactions)
  const split = testFraction > 0 ? splitPerUser(log, { fraction: testFraction, seed }) : undefined
  const trainSide = split?.train ?? log
  const t0 = performance.now()
  const model: { itemFactors: Embeddings; userFactors?: Embeddings } =
    method === 'als'
      ? await trainAlsAsync(trainSide, { ...alsOptions(o), factors: dim, seed, progress: o.onProgress })
      : trainSvd(trainSide, { dim, seed, matrix: o.matrix, progress: o.onProgress })
  const trainSeconds = secondsSince(t0)
  const items = model.itemFactors
  // PPMI-SVD has no user side: a user is the average of their train items' embeddings.
  const users = model.userFactors ?? averageItemEmbeddings(trainSide, items)
  const metrics = split
    ? evaluateRanking(trainSide, split.test, users, items, { k: RECALL_AT, progress: o.onEvaluate })
    : undefined
  await save(o.out, items)
  if (saveUsers && o.saveUsers !== undefined) await saveUsers(o.saveUsers, users)

  const common = { model: method, dim, seed, testFraction, recallAt: RECALL_AT }
  const settings =
    method === 'svd'
      ? { ...common, matrix: o.matrix ?? TRAIN_DEFAULTS.matrix }
      : {
          ...common,
          iterations: o.iterations ?? TRAIN_DEFAULTS.iterations,
          regularization: o.regularization ?? TRAIN_DEFAULTS.regularization,
          alpha: o.alpha ?? TRAIN_DEFAULTS.alpha,
          weighting: o.weighting ?? TRAIN_DEFAULTS.weighting,
          normPenalty: o.normPenalty ?? TRAIN_DEFAULTS.normPenalty,
        }
  const logInfo: TrainLogInfo = {
    file: basename(o.interactions),
    format: 'interactions',
    users: log.users.length,
    items: log.items.length,
    interactions: log.user.length,
  }
  const output: TrainOutputInfo = {
    file: o.out,
    ids: o.out.toLowerCase().endsWith('.npy') ? `${o.out}.ids.txt` : null,
    n: items.n,
    d: items.d,
  }
  return runResult('train', {
    settings,
    log: logInfo,
    results: metrics ? [metrics] : [],
    seconds: secondsSince(started),
    trainSeconds,
    trainInteractions: trainSide.user.length,
    untrainedItems: countUntrained(trainSide),
    scoring: model.userFactors ? 'user factors' : 'average of train item embeddings',
    output,
  }) as TrainResult
}

/**
 * The writer a file name's extension asks for (saveNpy and saveDelimited write atomically);
 * `field` names the option in the error. The CLI calls it to refuse a bad name early.
 */
export function trainSaver(
  path: string,
  field: 'out' | 'saveUsers' = 'out',
): (path: string, e: Embeddings) => Promise<void> {
  const ext = path.toLowerCase().split('.').pop()
  if (ext === 'npy') return saveNpy
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return (p, e) => saveDelimited(p, e)
  throw new InputError(
    `cannot tell the format of "${path}"; end the name with .npy (ids in a .ids.txt sidecar), .csv or .tsv.`,
    { module: 'train', field },
  )
}

/** The ALS options a run passes through as given (undefined: trainAls's default). */
function alsOptions(o: TrainRunOptions): AlsOptions {
  const { iterations, regularization, alpha, weighting, normPenalty, threads } = o
  return { iterations, regularization, alpha, weighting, normPenalty, threads }
}

/** The method, with no option of the other method given. */
function checkMethod(o: TrainRunOptions): TrainMethod {
  const method: string = o.method
  if (method !== 'als' && method !== 'svd')
    throw new InputError(`unknown method "${method}"; use als or svd.`, { module: 'train', field: 'method' })
  const other = method === 'als' ? 'svd' : 'als'
  for (const field of method === 'als' ? SVD_ONLY : ALS_ONLY)
    if (o[field] !== undefined)
      throw new InputError(`does not apply to ${method}; it is an option of ${other}.`, { module: 'train', field })
  return method
}

function wholeNumber(v: number, field: string, min: number): number {
  if (!Number.isSafeInteger(v) || v < min)
    throw new InputError(`${v} must be a whole number of at least ${min}.`, { module: 'train', field })
  return v
}

function nonNegative(v: number | undefined, field: string): void {
  if (v !== undefined && !(Number.isFinite(v) && v >= 0))
    throw new InputError(`${v} must be a number of at least 0.`, { module: 'train', field })
}

function checkFraction(v: number): number {
  if (!Number.isFinite(v) || v < 0 || v >= 1)
    throw new InputError(`${v} must be a number in [0, 1), e.g. 0.2 (0 trains on everything).`, {
      module: 'train',
      field: 'testFraction',
    })
  return v
}
