/**
 * `report`: one self-contained HTML page (measured Consistency_k, its theory, P(in>out),
 * item norms and, with `sets`, real sets). Its embedded results JSON holds the same
 * estimate, theory and sets sections as `avgcon estimate|theory|sets --json` print.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { InputError } from '../errors.js'
import { parseKList } from '../estimate/klist.js'
import { parseMetric } from '../estimate/metric.js'
import { parseTieRule } from '../estimate/ties.js'
import { writeFileAtomic } from '../io/atomic.js'
import { parseSetFormat } from '../io/item-sets.js'
import { rowNorms } from '../numeric.js'
import { pageScript } from '../report/html/assets.js'
import type { ChartExtras } from '../report/html/charts.js'
import { reportHtml, reportManyHtml } from '../report/html/report.js'
import type { ReportJson, ReportManyJson, ReportModelJson } from '../report/html/types.js'
import { normSummary, theorySections } from '../report/theory-sections.js'
import { runResult } from '../results.js'
import { denseKs, measureDimMoments, referenceCurves } from '../theory/index.js'
import { modelLabels } from './compare.js'
import { DEFAULT_K, estimateOn, type EstimateSettings } from './estimate.js'
import { loadRunInput, type EmbeddingsSource, type InputTransforms } from './input.js'
import { analyseSetsOn, type SetsSettings } from './sets.js'
import { secondsSince } from './time.js'

/** The CI half-width the report aims for when neither `ci` nor `samples` is given. */
export const REPORT_DEFAULT_CI = 0.01

/** What the report writes and, optionally, the real sets it compares. */
export interface ReportSettings extends EstimateSettings {
  /** The HTML file to write (atomically). */
  out: string
  /** Also compare real sets (see `sets`): the sets file and how to read and weigh it. */
  sets?: string
  setFormat?: SetsSettings['setFormat']
  names?: string
  /** The 1-based column of `names` holding the name (default 2). */
  namesColumn?: number
  at?: number
  weights?: boolean
  /** Called as the real sets' averages are ranked. */
  onSetsProgress?: (done: number, total: number) => void
  /** The command line recorded in the page's provenance (default: `avgcon report` and this process's arguments). */
  commandLine?: string
}

/** Everything `report` takes. */
export type ReportRunOptions = EmbeddingsSource & InputTransforms & ReportSettings

/** The page's results JSON and the size of the page written. */
export interface ReportRun {
  json: ReportJson
  bytes: number
}

/**
 * Writes the HTML report and returns its embedded results JSON.
 *
 * @example
 * ```ts
 * import { report } from 'avgcon'
 * const { json } = await report({ file: 'items.npy', center: true, sets: 'u.data', out: 'report.html' })
 * console.log(json.estimate.results.at(-1))
 * ```
 */
export async function report(o: ReportRunOptions): Promise<ReportRun> {
  const started = performance.now()
  checkReportOptions(o)
  const script = pageScript('report')
  const { json, extras } = await reportSections(o)
  json.seconds = secondsSince(started)
  const html = await reportHtml(json, extras, await script)
  await writeFileAtomic(o.out, html)
  return { json, bytes: Buffer.byteLength(html) }
}

/** Settings of {@link reportMany}: those of `report` (applied to every model), plus one label per source. */
export type ReportManySettings = InputTransforms &
  ReportSettings & {
    /** One label per source, in order (default: the file's base name); the rules of `compareMany`. */
    labels?: string[]
  }

/** The page's results JSON (one model: exactly `report`'s; several: `models`) and the size of the page written. */
export interface ReportManyRun {
  json: ReportJson | ReportManyJson
  bytes: number
}

/**
 * One page for several models: each model's sections are exactly what a single
 * {@link report} of its source computes (same settings and seed, same numbers bit for
 * bit; `sets` is applied to every model), with a model selector and an overlay of every
 * model's measured curve and per-dimension theory. With one source this is {@link report}.
 * Sources are loaded one at a time.
 *
 * @example
 * ```ts
 * import { runs } from 'avgcon'
 * const { json } = await runs.reportMany(['a.npy', 'b.npy'], { labels: ['A', 'B'], center: true, out: 'page.html' })
 * ```
 */
export async function reportMany(
  sources: (string | EmbeddingsSource)[],
  settings: ReportManySettings,
): Promise<ReportManyRun> {
  const labels = modelLabels(sources, settings.labels)
  const { labels: _, ...o } = settings
  const sourceOf = (s: string | EmbeddingsSource): EmbeddingsSource => (typeof s === 'string' ? { file: s } : s)
  if (sources.length === 1) return report({ ...sourceOf(sources[0]!), ...o })
  const started = performance.now()
  checkReportOptions(o)
  const script = pageScript('report')
  const models: ReportModel[] = []
  for (const [i, s] of sources.entries()) {
    // One model at a time: its matrix is released before the next one is read.
    const { json, extras } = await reportSections({ ...sourceOf(s), ...o })
    models.push({ json: { label: labels[i]!, ...json }, extras })
  }
  const first = models[0]!.json
  const json: ReportManyJson = {
    ...runResult('report', {
      settings: first.settings,
      results: models.flatMap((m) => m.json.results.map((p) => ({ model: m.json.label, ...p }))),
      ties: first.ties,
      seconds: 0,
      engine: first.engine,
    }),
    models: models.map((m) => m.json),
    provenance: first.provenance,
  }
  json.seconds = secondsSince(started)
  const html = await reportManyHtml(
    json,
    models.map((m) => m.extras),
    await script,
  )
  await writeFileAtomic(o.out, html)
  return { json, bytes: Buffer.byteLength(html) }
}

interface ReportModel {
  json: ReportModelJson
  extras: ChartExtras
}

function checkReportOptions(o: ReportSettings): void {
  if (!/\.html?$/i.test(o.out))
    throw new InputError(`"${o.out}" should end in .html (the report is one HTML page).`, {
      module: 'report',
      field: 'out',
    })
  if (typeof o.k !== 'object') parseKList(o.k ?? DEFAULT_K)
  parseMetric(o.metric ?? 'dot')
  parseTieRule(o.ties ?? 'fractional')
  parseSetFormat(o.setFormat ?? 'auto')
  if (o.sets === undefined) {
    for (const [field, on] of [
      ['names', o.names !== undefined],
      ['namesColumn', o.namesColumn !== undefined],
      ['weights', o.weights],
    ] as const) {
      if (on)
        throw new InputError(`\`${field}\` only applies with \`sets\` (a sets file).`, { module: 'report', field })
    }
  }
}

/** Everything a report computes (its results JSON, `seconds` still 0, and the item norms), without the page. */
async function reportSections(o: ReportRunOptions): Promise<{ json: ReportJson; extras: ChartExtras }> {
  const ks = typeof o.k === 'object' ? [...o.k] : parseKList(o.k ?? DEFAULT_K)
  const hashing = 'file' in o ? sha256(o.file) : undefined
  const { embeddings: e, info } = await loadRunInput(o)
  if (hashing) info.sha256 = await hashing
  const plainInfo = { ...info, sha256: undefined }
  // Moments and norms before the estimate, on the matrix as transformed.
  const dims = measureDimMoments(e)
  const norms = rowNorms(e)
  const sets =
    o.sets === undefined
      ? undefined
      : await analyseSetsOn(
          { embeddings: e, info: plainInfo },
          {
            ...o,
            sets: o.sets,
            onProgress: o.onSetsProgress,
          },
        )
  const ci = o.ci ?? (o.samples === undefined ? REPORT_DEFAULT_CI : undefined)
  // The theory runs on this thread while the native engine ranks the estimate's first batches.
  const estimating = estimateOn('estimate', { embeddings: e, info: plainInfo }, { ...o, k: ks, ci })
  estimating.catch(() => {}) // awaited below; a bad option must not count as an unhandled rejection meanwhile
  let theory
  try {
    theory = theorySections({
      n: e.n,
      d: e.d,
      ks,
      dims,
      info,
      center: Boolean(o.center),
      normalize: Boolean(o.normalize),
    })
  } catch (err) {
    await estimating // the estimate's message (it names the option) comes first
    throw err
  }
  const estimate = await estimating
  const json: ReportJson = {
    ...runResult('report', {
      settings: estimate.settings,
      input: info,
      results: estimate.results,
      ties: estimate.ties,
      seconds: 0,
      engine: estimate.engine,
    }),
    estimate,
    theory,
    norms: normSummary(norms),
    ...(sets ? { sets: sets.result, names: listedNames(sets.result.sets as { nearest: string[] }[], sets.names) } : {}),
    provenance: { commandLine: o.commandLine ?? commandLine(), date: new Date().toISOString(), node: process.version },
  }
  // The charts draw the theory at every k of the range (smooth for a sparse k list); the JSON keeps the measured k.
  const smooth = referenceCurves({ n: e.n, d: e.d, ks: denseKs(ks), dimMoments: dims })
  const theoryCurves = { normal: smooth.iid, pooled: smooth.pooled, perDimension: smooth.perDimension }
  return { json, extras: { norms, theory: theoryCurves } }
}

/** The names of the items the sets section lists (id -> name), when names were given. */
function listedNames(
  sets: readonly { nearest: string[] }[],
  names: Map<string, string> | undefined,
): Record<string, string> | undefined {
  if (!names) return undefined
  const out: Record<string, string> = {}
  for (const s of sets) for (const id of s.nearest) if (names.has(id)) out[id] = names.get(id)!
  return out
}

/** SHA-256 of a file, streamed (hex); undefined when unreadable (loading then reports why). */
function sha256(path: string): Promise<string | undefined> {
  return new Promise<string | undefined>((resolve, reject) => {
    const hash = createHash('sha256')
    createReadStream(path)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
  }).catch(() => undefined)
}

/** The command line as typed: `avgcon report ...`, arguments quoted for a POSIX shell where needed. */
function commandLine(): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)
  return ['avgcon', ...process.argv.slice(2).map(quote)].join(' ')
}
