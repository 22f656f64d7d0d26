/**
 * `sets`: how well the averages of real item sets (users' histories, playlists) point at
 * their own items, against random sets of the same sizes, as `avgcon sets --json` prints it.
 */
import { basename } from 'node:path'
import { InputError } from '../errors.js'
import { parseMetric, searchSpace } from '../estimate/metric.js'
import { realSetConsistency, type BucketSummary, type RealSetResult } from '../estimate/sets.js'
import { parseTieRule } from '../estimate/ties.js'
import {
  detectSetFormat,
  loadItemSets,
  loadNames,
  parseSetFormat,
  type LoadedSets,
  type SetFormat,
} from '../io/item-sets.js'
import { setRows, type SetRow } from '../report/sets-table.js'
import { runResult, type RunResult } from '../results.js'
import { loadEngine } from '../search/index.js'
import type { EstimateSettings } from './estimate.js'
import { loadRunInput, type EmbeddingsSource, type InputTransforms, type LoadedInput } from './input.js'
import { secondsSince } from './time.js'

/** What to compare and how (metric, seed of the random baseline sets, ties, threads, engine as for estimate). */
export interface SetsSettings extends Pick<
  EstimateSettings,
  'metric' | 'seed' | 'ties' | 'threads' | 'engine' | 'onProgress'
> {
  /** The sets: an interaction log (one set per user) or a file with one set of item ids per line. */
  sets: string
  /** How the sets file is laid out (default auto: detected from its first lines). */
  setFormat?: SetFormat | 'auto'
  /** Also report Precision@n for this n (default 10). */
  at?: number
  /** Weigh each item of a user's average by its interaction weight. */
  weights?: boolean
  /** Item names for the per-set lists (u.item, id<TAB>name or id,name). */
  names?: string
  /** The 1-based column of `names` holding the name (default 2; column 1 holds the ids). */
  namesColumn?: number
}

/** Everything `sets` takes. */
export type SetsRunOptions = EmbeddingsSource & InputTransforms & SetsSettings

/** The default n of Precision@n. */
export const DEFAULT_AT = 10

/** The envelope and what the CLI's table, CSV and figure are drawn from. */
export interface SetsAnalysis {
  result: RunResult<BucketSummary>
  /** One row per set, labelled with names where known. */
  rows: SetRow[]
  scores: RealSetResult
  loaded: LoadedSets
  /** The item names read from `names`, by id. */
  names?: Map<string, string>
}

/**
 * Precision of each real set's average against a random set of the same size.
 *
 * @example
 * ```ts
 * import { sets } from 'avgcon'
 * const run = await sets({ file: 'items.npy', sets: 'u.data', metric: 'cosine' })
 * console.log(run.results.at(-1)) // all sets: precision, random baseline, difference with CIs
 * ```
 */
export async function sets(options: SetsRunOptions): Promise<RunResult<BucketSummary>> {
  return (await analyseSets(options)).result
}

/** `sets`, with the per-set rows and scores behind the envelope (the CLI and the report draw them). */
export async function analyseSets(options: SetsRunOptions): Promise<SetsAnalysis> {
  const at = options.at ?? DEFAULT_AT
  if (!Number.isSafeInteger(at) || at < 1)
    throw new InputError(`n=${at} must be a whole number of at least 1.`, { module: 'sets', field: 'at' })
  parseMetric(options.metric ?? 'dot')
  parseTieRule(options.ties ?? 'fractional')
  parseSetFormat(options.setFormat ?? 'auto')
  return analyseSetsOn(await loadRunInput(options), options)
}

/** `sets` on loaded embeddings. */
export async function analyseSetsOn(input: LoadedInput, o: SetsSettings & InputTransforms): Promise<SetsAnalysis> {
  const started = performance.now()
  const { embeddings: e, info } = input
  const at = o.at ?? DEFAULT_AT
  const metric = parseMetric(o.metric ?? 'dot')
  const ties = parseTieRule(o.ties ?? 'fractional')
  const seed = o.seed ?? 0
  const setFormat = parseSetFormat(o.setFormat ?? 'auto')
  const file = info.file ?? 'the embeddings'
  if (!e.ids)
    throw new InputError(
      `${file} has no item ids (no ${file}.ids.txt sidecar, no id column), so the items of ${basename(o.sets)} cannot be matched to its rows; write one id per row to ${file}.ids.txt.`,
    )
  if (at > e.n)
    throw new InputError(`n=${at} exceeds the number of items N=${e.n}; use n <= ${e.n} (e.g. ${Math.min(10, e.n)}).`, {
      module: 'sets',
      field: 'at',
    })
  const format = setFormat === 'auto' ? await detectSetFormat(o.sets) : setFormat
  const loaded = await loadItemSets(o.sets, format, e.ids, file, Boolean(o.weights))
  const names = o.names === undefined ? undefined : await loadNames(o.names, { column: o.namesColumn })
  // After the files: a missing file is reported without the engine's fallback warning first.
  const engine = typeof o.engine === 'object' ? o.engine : loadEngine(o.engine ?? 'auto')
  const ids = e.ids
  const scores = await realSetConsistency(searchSpace(e, metric, true), loaded.sets, {
    engine,
    at,
    seed,
    threads: o.threads,
    ties,
    nearest: 3,
    onProgress: o.onProgress,
  })
  const label = (row: number): string => names?.get(ids[row]!) ?? ids[row]!
  const rows = setRows(scores.real, scores.random, (i) => loaded.sets[i]!.items, label)
  const settings = {
    at,
    metric,
    weights: Boolean(o.weights),
    seed,
    setFormat: format,
    center: Boolean(o.center),
    normalize: Boolean(o.normalize),
  }
  const result = runResult('sets', {
    settings,
    input: info,
    results: scores.buckets,
    ties,
    seconds: secondsSince(started),
    engine: engine.name,
    source: sourceInfo(o.sets, loaded),
    sets: rows.map((row, i) => ({
      id: row.id,
      size: row.size,
      precision: row.precision,
      precisionAt: row.precisionAt,
      random: row.random,
      randomAt: row.randomAt,
      nearest: Array.from(scores.real[i]!.nearest, (j) => ids[j]!),
    })),
  })
  return { result, rows, scores, loaded, ...(names ? { names } : {}) }
}

function sourceInfo(file: string, l: LoadedSets): Record<string, unknown> {
  return {
    file: basename(file),
    format: l.format,
    sets: l.sets.length,
    interactions: l.interactions ?? null,
    skippedItems: l.skippedItems,
    droppedSets: l.droppedSets,
  }
}
