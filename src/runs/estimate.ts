/**
 * `estimate`: Consistency_k of an embedding matrix with confidence intervals, as the
 * results envelope `avgcon estimate --json` prints.
 */
import { basename } from 'node:path'
import { totalmem } from 'node:os'
import {
  checkEstimateOptions,
  estimateConsistency,
  type ConsistencyPoint,
  type EstimateOptions,
} from '../estimate/consistency.js'
import { estimateOutOfCore } from '../estimate/out-of-core.js'
import { formatBytes, parseMemory } from '../estimate/memory-size.js'
import { detectFormat } from '../io/registry.js'
import { estimateSharded, type UnitStats } from '../shard/coordinator.js'
import { npyShape, openNpyRows, withoutRows, type NpyRows } from '../io/npy-rows.js'
import { parseKList } from '../estimate/klist.js'
import { parseMetric, searchSpace, type Metric } from '../estimate/metric.js'
import { parseTieRule, type TieRule } from '../estimate/ties.js'
import { runResult, type InputInfo, type RunResult } from '../results.js'
import { loadEngine, type Engine, type EnginePreference } from '../search/index.js'
import { InputError, warn } from '../errors.js'
import { checkFinite } from '../io/embeddings.js'
import { rowNorms } from '../numeric.js'
import { HISTOGRAM_BYTES, nearZeroStreamed, type NormPass } from '../near-zero.js'
import {
  loadRunInput,
  untrainedFinding,
  untrainedWarning,
  type EmbeddingsSource,
  type InputTransforms,
  type LoadedInput,
} from './input.js'
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
export type EstimateRunOptions = EmbeddingsSource &
  InputTransforms &
  EstimateSettings & {
    /**
     * Memory budget (bytes, or a size like "256MB"): a .npy matrix larger than this is
     * streamed from disk in blocks, with results identical to the in-memory run. Default:
     * in memory when the matrix fits in half of the machine's memory, streamed otherwise.
     * Other formats are always loaded; they are refused when larger than the budget.
     */
    memory?: number | string
  }

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
  const memory = typeof options.memory === 'string' ? parseMemory(options.memory) : options.memory
  if (memory !== undefined) parseMemory(String(memory))
  const streamed = await streamedInput(options, memory)
  if (streamed) return estimateStreamedOn('estimate', streamed, options, memory ?? defaultMemory())
  const input = await loadRunInput(options)
  checkFitsMemory(input.info, memory)
  return estimateOn('estimate', input, options)
}

/** A .npy matrix opened for block reads, and what the results JSON says about it. */
export interface StreamedInput {
  rows: NpyRows
  info: InputInfo
  /** Bytes the rows hold for the whole run (--drop-untrained: 4 per dropped row), counted in the budget. */
  reserved?: number
}

/** The default budget: about half of the machine's memory. */
export function defaultMemory(): number {
  return Math.floor(totalmem() / 2)
}

/**
 * Opens `source` for streaming when it is a C-order .npy file whose float32 matrix exceeds
 * `memory` (default {@link defaultMemory}); undefined when it is to be loaded instead.
 */
export async function streamedInput(
  source: EmbeddingsSource & InputTransforms,
  memory: number | undefined,
): Promise<StreamedInput | undefined> {
  if (!('file' in source) || typeof source.file !== 'string' || source.file === '') return undefined
  const format = source.format ?? (await detectFormat(source.file))
  if (format !== 'npy') return undefined
  const shape = await npyShape(source.file)
  if (shape.n * shape.d * 4 <= (memory ?? defaultMemory())) return undefined
  // Without --memory a Fortran-order file is loaded as before (its scattered rows are slow to read); with it, it streams.
  if (shape.fortranOrder && memory === undefined) return undefined
  return openStreamedNpy(source.file, source, { drop: true, memory: memory ?? defaultMemory() })
}

/**
 * Opens the .npy `file` for block reads, with the loader's checks over its rows (sharded runs
 * always stream). With `drop`, --drop-untrained leaves the near-zero rows out as the loader does
 * (the rows are renumbered); without it (sharded runs: the workers read the file by row) it is refused.
 */
export async function openStreamedNpy(
  file: string,
  t: InputTransforms,
  { drop = false, memory = defaultMemory() }: { drop?: boolean; memory?: number } = {},
): Promise<StreamedInput> {
  const rows = await openNpyRows(file)
  try {
    return untrainedRows(rows, { file: basename(file), format: 'npy', n: rows.n, d: rows.d }, t, drop, memory)
  } catch (err) {
    await rows.close()
    throw err
  }
}

/** Where sharded ranking runs: the Redis URL and the shard count (see shard/coordinator.ts). */
export interface ShardSettings {
  url: string
  shards?: number
  queryParts?: number
  ttl?: number
  onUnits?: (stats: UnitStats) => void
}

/** The estimate of a .npy matrix ranked by workers through Redis, enveloped as {@link estimateOn} (identical results). */
export async function estimateShardedOn(
  command: string,
  input: StreamedInput,
  o: EstimateSettings & InputTransforms,
  memory: number,
  shard: ShardSettings,
): Promise<RunResult<ConsistencyPoint>> {
  try {
    return await estimateWithInput(command, input.info, input.rows.n, o, (args) =>
      estimateSharded(input.rows, { ...args, ...shard, memory, center: o.center, normalize: o.normalize }),
    )
  } finally {
    await input.rows.close()
  }
}

/**
 * The loader's finite-value check and the near-zero row check of runs/input.ts (norm <= 1e-6 x the median, or 0) over the
 * streamed rows, with the same warning and input info; with `canDrop`, --drop-untrained leaves
 * those rows out (the rows are read around them), else it is refused.
 */
function untrainedRows(
  rows: NpyRows,
  info: InputInfo,
  t: InputTransforms,
  canDrop: boolean,
  memory: number,
): StreamedInput {
  const { n, d } = rows
  // Within the budget: a read buffer of at most 16 MB and an eighth of the budget, the median's collected norms in a quarter.
  const step = Math.max(1, Math.floor(Math.min(1 << 24, memory / 8) / (d * 4)))
  const buffer = new Float32Array(Math.min(n, step) * d)
  let checked = false
  const pass: NormPass = (visit) => {
    for (let lo = 0; lo < n; lo += step) {
      const hi = Math.min(n, lo + step)
      rows.readRows(lo, hi, buffer)
      const block = buffer.subarray(0, (hi - lo) * d)
      if (!checked) checkFinite(block, d, info.file ?? 'embeddings', lo) // as the loader checks a file it reads whole
      visit(rowNorms({ n: hi - lo, d, data: block }), lo)
    }
    checked = true
  }
  const cap = Math.max(1 << 16, Math.floor((memory - HISTOGRAM_BYTES) / 4 / 8))
  const near = nearZeroStreamed(pass, n, { rows: Boolean(t.dropUntrained) && canDrop, cap })
  const { count } = near
  if (count === 0) return { rows, info }
  const share = count / n
  const what = untrainedFinding(info.file ?? 'embeddings', count, n)
  if (!t.dropUntrained) {
    warn(untrainedWarning(what))
    return { rows, info: { ...info, untrained: { rows: count, share, dropped: false } } }
  }
  if (!canDrop)
    throw new InputError(
      `${what}; a sharded run's workers read the file's rows as stored, so they cannot be left out: drop --drop-untrained or re-save the file without them.`,
      { module: 'input', field: 'dropUntrained' },
    )
  if (count === n)
    throw new InputError(`${what}: every row, so nothing is left to measure.`, {
      module: 'input',
      field: 'dropUntrained',
    })
  const kept = withoutRows(rows, near.rows!)
  return {
    rows: kept,
    info: { ...info, n: kept.n, untrained: { rows: count, share, dropped: true } },
    reserved: 4 * count,
  }
}

/** Refuses a loaded (non-.npy) matrix larger than an explicit --memory budget. */
export function checkFitsMemory(info: InputInfo, memory: number | undefined): void {
  if (memory === undefined) return
  const bytes = info.n * info.d * 4
  if (bytes <= memory) return
  const what = info.file ?? info.synthetic ?? 'the matrix'
  throw new InputError(
    `${formatBytes(memory)} cannot hold ${what} (${formatBytes(bytes)} as float32): only .npy files are read in blocks; convert it to .npy or raise --memory.`,
    { module: 'estimate', field: 'memory' },
  )
}

/** The estimate of a streamed .npy matrix within `memory` bytes, enveloped as {@link estimateOn}. */
export async function estimateStreamedOn(
  command: string,
  input: StreamedInput,
  o: EstimateSettings & InputTransforms,
  memory: number,
): Promise<RunResult<ConsistencyPoint>> {
  try {
    return await estimateWithInput(command, input.info, input.rows.n, o, (args) =>
      estimateOutOfCore(input.rows, {
        ...args,
        memory,
        reserved: input.reserved,
        center: o.center,
        normalize: o.normalize,
      }),
    )
  } finally {
    await input.rows.close()
  }
}

/** The estimate on loaded embeddings, enveloped under `command` (compare, demo and report reuse it). */
export async function estimateOn(
  command: string,
  input: LoadedInput,
  o: EstimateSettings & InputTransforms,
): Promise<RunResult<ConsistencyPoint>> {
  return estimateWithInput(command, input.info, input.embeddings.n, o, (args) =>
    estimateConsistency(searchSpace(input.embeddings, args.metric, true), args),
  )
}

/** Checks the settings, runs `run` with them and envelopes the results. */
async function estimateWithInput(
  command: string,
  info: InputInfo,
  n: number,
  o: EstimateSettings & InputTransforms,
  run: (args: EstimateOptions & { metric: Metric }) => Promise<ConsistencyPoint[]>,
): Promise<RunResult<ConsistencyPoint>> {
  const started = performance.now()
  const ks = typeof o.k === 'object' ? [...o.k] : parseKList(o.k ?? DEFAULT_K)
  const metric = parseMetric(o.metric ?? 'dot')
  const ci = o.ci
  const samples = ci === undefined ? (o.samples ?? DEFAULT_SAMPLES) : undefined
  const maxSamples = ci === undefined ? undefined : (o.maxSamples ?? DEFAULT_MAX_SAMPLES)
  const seed = o.seed ?? 0
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new InputError(`${seed} must be a whole number of at least 0.`, { module: 'estimate', field: 'seed' })
  const ties = parseTieRule(o.ties ?? 'fractional')
  checkEstimateOptions(n, { ks, samples, ci, maxSamples })
  const engine = typeof o.engine === 'object' ? o.engine : loadEngine(o.engine ?? 'auto')
  const results = await run({
    ks,
    engine,
    metric,
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
    input: info,
    results,
    ties,
    seconds: secondsSince(started),
    engine: engine.name,
  })
}
