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
import { reportHtml } from '../report/html/report.js'
import type { ReportJson } from '../report/html/types.js'
import { normSummary, theorySections } from '../report/theory-sections.js'
import { runResult } from '../results.js'
import { denseKs, measureDimMoments, referenceCurves } from '../theory/index.js'
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
  if (!/\.html?$/i.test(o.out))
    throw new InputError(`"${o.out}" should end in .html (the report is one HTML page).`, {
      module: 'report',
      field: 'out',
    })
  const ks = typeof o.k === 'object' ? [...o.k] : parseKList(o.k ?? DEFAULT_K)
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
  const hashing = 'file' in o ? sha256(o.file) : undefined
  const script = pageScript('report')
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
  json.seconds = secondsSince(started)
  // The charts draw the theory at every k of the range (smooth for a sparse k list); the JSON keeps the measured k.
  const smooth = referenceCurves({ n: e.n, d: e.d, ks: denseKs(ks), dimMoments: dims })
  const curves = { normal: smooth.iid, pooled: smooth.pooled, perDimension: smooth.perDimension }
  const html = await reportHtml(json, { norms, theory: curves }, await script)
  await writeFileAtomic(o.out, html)
  return { json, bytes: Buffer.byteLength(html) }
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
