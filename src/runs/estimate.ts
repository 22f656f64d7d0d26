/**
 * `estimate`: Consistency_k of an embedding matrix with confidence intervals, as the
 * results envelope `avgcon estimate --json` prints.
 */
import { checkEstimateOptions, estimateConsistency, type ConsistencyPoint } from '../estimate/consistency.js'
import { parseKList } from '../estimate/klist.js'
import { parseMetric, searchSpace, type Metric } from '../estimate/metric.js'
import { parseTieRule, type TieRule } from '../estimate/ties.js'
import { runResult, type RunResult } from '../results.js'
import { loadEngine, type Engine, type EnginePreference } from '../search/index.js'
import { InputError } from '../errors.js'
import { loadRunInput, type EmbeddingsSource, type InputTransforms, type LoadedInput } from './input.js'
import { secondsSince } from './time.js'

/** How to sample and rank: the settings shared by estimate, compare, demo and report. */
export interface EstimateSettings {
  /** Set sizes: a list like `2..50`, `2,5,10`, `2..50:4`, or the numbers (default `2..50`). */
  k?: string | number[]
  /** Similarity: dot (default), cosine or euclidean. */
  metric?: Metric
  /** Fixed mode: random sets per k (default 1000; ignored when `ci` is given). */
  samples?: number
  /** Adaptive mode: sample until each 95 % interval's half-width is at most this. */
  ci?: number
  /** Adaptive mode: at most this many sets per k (default 100,000). */
  maxSamples?: number
  /** Seed of the set sampler (default 0). */
  seed?: number
  /** k-th place ties: fractional (default) or lower-index. */
  ties?: TieRule
  /** Threads of the top-k search (default: all cores). */
  threads?: number
  /** The top-k engine or which one to load (default auto: native when built). */
  engine?: EnginePreference | Engine
  /** Called as averages are ranked, with queries done and planned so far. */
  onProgress?: (done: number, total: number) => void
}

/** Everything `estimate` takes: the embeddings, the transforms, the settings. */
export type EstimateRunOptions = EmbeddingsSource & InputTransforms & EstimateSettings

/** The default set sizes of estimate, compare and report. */
export const DEFAULT_K = '2..50'
/** The default fixed-mode sample size (the paper's 1000 sets per k). */
export const DEFAULT_SAMPLES = 1000
/** The adaptive mode's default cap on sets per k. */
export const DEFAULT_MAX_SAMPLES = 100_000

/**
 * Estimates Consistency_k exactly (brute-force top-k of every sampled set's average).
 *
 * @example
 * ```ts
 * import { estimate } from 'avgcon'
 * const run = await estimate({ file: 'items.npy', k: '2,5,10', metric: 'cosine', ci: 0.01 })
 * for (const p of run.results) console.log(p.k, p.mean, p.ciLow, p.ciHigh)
 * ```
 */
export async function estimate(options: EstimateRunOptions): Promise<RunResult<ConsistencyPoint>> {
  return estimateOn('estimate', await loadRunInput(options), options)
}

/** The estimate on loaded embeddings, enveloped under `command` (compare, demo and report reuse it). */
export async function estimateOn(
  command: string,
  input: LoadedInput,
  o: EstimateSettings & InputTransforms,
): Promise<RunResult<ConsistencyPoint>> {
  const started = performance.now()
  const e = input.embeddings
  const ks = typeof o.k === 'object' ? [...o.k] : parseKList(o.k ?? DEFAULT_K)
  const metric = parseMetric(o.metric ?? 'dot')
  const ci = o.ci
  const samples = ci === undefined ? (o.samples ?? DEFAULT_SAMPLES) : undefined
  const maxSamples = ci === undefined ? undefined : (o.maxSamples ?? DEFAULT_MAX_SAMPLES)
  const seed = o.seed ?? 0
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new InputError(`${seed} must be a whole number of at least 0.`, { module: 'estimate', field: 'seed' })
  const ties = parseTieRule(o.ties ?? 'fractional')
  checkEstimateOptions(e.n, { ks, samples, ci, maxSamples })
  const engine = typeof o.engine === 'object' ? o.engine : loadEngine(o.engine ?? 'auto')
  const results = await estimateConsistency(searchSpace(e, metric, true), {
    ks,
    engine,
    samples,
    ci,
    maxSamples,
    seed,
    threads: o.threads,
    ties,
    onProgress: o.onProgress,
  })
  const settings = {
    k: ks,
    metric,
    samples: samples ?? null,
    ci: ci ?? null,
    maxSamples: maxSamples ?? null,
    seed,
    center: Boolean(o.center),
    normalize: Boolean(o.normalize),
  }
  return runResult(command, {
    settings,
    input: input.info,
    results,
    ties,
    seconds: secondsSince(started),
    engine: engine.name,
  })
}
