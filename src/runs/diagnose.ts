/**
 * `diagnose`: norms, hubness, moments, anisotropy and a verdict, as the results envelope
 * `avgcon diagnose --json` prints.
 */
import { diagnose as measure, type DiagnoseOptions } from '../diagnose/index.js'
import { InputError } from '../errors.js'
import { parseMetric } from '../estimate/metric.js'
import type { Embeddings } from '../io/embeddings.js'
import { wordDiagnosis, type WordedDiagnosis } from '../report/verdict-wording.js'
import { runResult, type RunResult } from '../results.js'
import { loadEngine, type Engine, type EnginePreference } from '../search/index.js'
// loadNames reads u.item or id<TAB>name files; it has no CLI dependency despite its folder.
import { loadNames } from '../io/item-sets.js'
import { loadRunInput, type EmbeddingsSource, type InputTransforms, type LoadedInput } from './input.js'
import { secondsSince } from './time.js'

/** How `diagnose` samples and ranks: the library's DiagnoseOptions, with the engine optional and names read from a file. */
export interface DiagnoseSettings extends Omit<DiagnoseOptions, 'engine'> {
  /** The top-k engine or which one to load (default auto). */
  engine?: EnginePreference | Engine
  /** Item names by id for the hub list: MovieLens u.item or id<TAB>name lines. */
  names?: string
  /** The 1-based column of `names` holding the name (default 2; column 1 holds the ids). */
  namesColumn?: number
}

/** Everything `diagnose` takes. */
export type DiagnoseRunOptions = EmbeddingsSource & InputTransforms & DiagnoseSettings

/** The diagnose envelope: Consistency_k at k as its one result, the full diagnosis beside it. */
export type DiagnoseResult = RunResult & { diagnostics: WordedDiagnosis }

/**
 * Explains Consistency_k of the embeddings: item norms, hubness, coordinate moments,
 * anisotropy, and a verdict naming the dominant cause.
 *
 * @example
 * ```ts
 * import { runs } from 'avgcon' // the top-level `diagnose` is the library function on a matrix
 * const run = await runs.diagnose({ file: 'items.npy', names: 'u.item', k: 5, samples: 300 })
 * console.log(run.diagnostics.verdict.summary)
 * ```
 */
export async function diagnose(options: DiagnoseRunOptions): Promise<DiagnoseResult> {
  const started = performance.now()
  return diagnoseOn(await loadRunInput(options), options, started)
}

/** The diagnosis of loaded embeddings (names, when given, label the hubs; `input` is left unmodified). */
export async function diagnoseOn(
  input: LoadedInput,
  o: DiagnoseSettings,
  started = performance.now(),
): Promise<DiagnoseResult> {
  const e = o.names === undefined ? input.embeddings : await named(input.embeddings, o.names, o.namesColumn)
  const k = o.k ?? 10
  if (!Number.isSafeInteger(k) || k < 1)
    throw new InputError(`${k} must be a whole number of at least 1.`, { module: 'diagnose', field: 'k' })
  if (k > e.n)
    throw new InputError(`${k} exceeds the number of items N=${e.n}; use k <= ${e.n}.`, {
      module: 'diagnose',
      field: 'k',
    })
  const metric = parseMetric(o.metric ?? 'dot')
  const samples = o.samples ?? 2000
  const seed = o.seed ?? 0
  const itemHubness = o.itemHubness ?? false
  const engine = typeof o.engine === 'object' ? o.engine : loadEngine(o.engine ?? 'auto')
  const dg = wordDiagnosis(
    await measure(e, { engine, k, metric, samples, seed, threads: o.threads, itemHubness, onItems: o.onItems }),
  )
  return {
    ...runResult('diagnose', {
      settings: { k, metric, samples, seed, itemHubness },
      input: input.info,
      results: [{ k: dg.k, ...dg.consistency }],
      diagnostics: dg,
      seconds: secondsSince(started),
      engine: engine.name,
    }),
    diagnostics: dg,
  }
}

/** A copy of `e` (sharing its data) labelled by name; items without ids are row numbers. */
async function named(e: Embeddings, file: string, column: number | undefined): Promise<Embeddings> {
  const names = await loadNames(file, { column })
  const ids = e.ids ?? Array.from({ length: e.n }, (_, i) => String(i))
  return { ...e, ids: ids.map((id) => names.get(id) ?? id) }
}
