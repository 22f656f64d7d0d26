import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import type { Command } from 'commander'
import { InputError } from '../../errors.js'
import { parseKList } from '../../estimate/klist.js'
import { parseMetric, rowNorms, searchSpace } from '../../estimate/metric.js'
import { parseTieRule } from '../../estimate/ties.js'
import { realSetConsistency } from '../../estimate/sets.js'
import type { Embeddings } from '../../io/embeddings.js'
import { writeFileAtomic } from '../../io/atomic.js'
import { pageScript } from '../../report/html/assets.js'
import { reportHtml } from '../../report/html/report.js'
import type { NormSummary, ReportJson, ReportTheory, SetJson } from '../../report/html/types.js'
import { runResult, type InputInfo, type RunResult } from '../../results.js'
import {
  formatLaw,
  lawMoments,
  measureDimMoments,
  parseLaw,
  poolMoments,
  theoryCurve,
  type DimMoments,
  type TheoryPoint,
} from '../../theory/index.js'
import { pickEngine } from '../engine.js'
import { inputOptions, intOption } from '../options.js'
import { loadInput, type InputOptions } from '../input.js'
import { progressBar } from '../progress.js'
import { estimateOptions, runEstimate, type EstimateFlags } from './estimate.js'
import { detectSetFormat, loadItemSets, loadNames, parseSetFormat } from '../../io/item-sets.js'
import { secondsSince } from './stats.js'

/** The CI half-width the report aims for when neither --ci nor --samples is given. */
const DEFAULT_CI = '0.01'

/** Raw flags of `avgcon report`. */
interface ReportFlags extends EstimateFlags, InputOptions {
  out?: string
  sets?: string
  setFormat: string
  names?: string
  at: string
  weights?: boolean
}

/** `avgcon report <embeddings> --out report.html`. */
export function registerReport(program: Command): void {
  const cmd = program
    .command('report')
    .description(
      'one self-contained HTML report: measured Consistency_k, its theory, P(in>out), item norms and (with --sets) real sets, with interactive charts and the raw results',
    )
    .argument('[file]', 'embeddings: .npy, .csv, .tsv, .txt, .vec, ... (or use --synthetic)')
    .option('--out <file>', 'the HTML file to write (atomically), e.g. report.html')
    .option(
      '--sets <file>',
      'also compare real sets (an interaction log, or one set of item ids per line) with random sets of the same sizes',
    )
    .option('--set-format <layout>', 'with --sets: interactions, lines or auto', 'auto')
    .option('--names <file>', 'with --sets: item names (u.item, id<TAB>name or id,name) for the per-set table')
    .option('--at <n>', 'with --sets: also report Precision@n', '10')
    .option('--weights', 'with --sets: weigh items by their interaction weight')
    .option('--json', "also print the report's results JSON on stdout")
    .option('--quiet', 'no progress bar or notes on stderr')
  inputOptions(estimateOptions(cmd, '2..50'))
    .addHelpText(
      'after',
      `
Without --ci or --samples the estimate is adaptive: --ci ${DEFAULT_CI}. The page loads nothing from
the network: open it from disk, mail it, archive it. Its embedded JSON holds the same
estimate, theory and sets sections as "avgcon estimate|theory|sets --json" would print.

Examples:
  avgcon report items.npy --center --out report.html
  avgcon report items.npy --sets u.data --names u.item --metric cosine --out report.html
  avgcon report --synthetic normal --n 20000 --d 64 --k 2..30 --seed 1 --out normal.html`,
    )
    .action(async (file: string | undefined, f: ReportFlags) => {
      if (f.ci === undefined && cmd.getOptionValueSource('samples') !== 'cli') f.ci = DEFAULT_CI
      await runReport(file, f)
    })
}

async function runReport(file: string | undefined, f: ReportFlags): Promise<void> {
  const started = performance.now()
  if (f.out === undefined)
    throw new InputError('--out is required: name the HTML file to write, e.g. --out report.html.')
  if (!/\.html?$/i.test(f.out))
    throw new InputError(`--out: "${f.out}" should end in .html (the report is one HTML page).`)
  parseKList(f.k)
  parseMetric(f.metric)
  parseTieRule(f.ties ?? 'fractional')
  const setFormat = parseSetFormat(f.setFormat)
  if (f.sets === undefined) {
    for (const [flag, on] of [
      ['--names', f.names !== undefined],
      ['--weights', f.weights],
    ] as const) {
      if (on) throw new InputError(`${flag} only applies with --sets FILE.`)
    }
  }
  const hashing = file !== undefined && f.synthetic === undefined ? sha256(file) : undefined
  const script = pageScript('report')
  const { embeddings: e, info } = await loadInput(file, f)
  if (hashing) info.sha256 = await hashing
  // Moments and norms before the estimate: cosine search normalises the matrix in place.
  const dims = measureDimMoments(e)
  const norms = rowNorms(e)
  const sets = f.sets === undefined ? undefined : await runSets(e, info, f, setFormat)
  // The theory runs on this thread while the native engine ranks the estimate's first batches.
  const estimating = runEstimate('estimate', e, { ...info, sha256: undefined }, f)
  estimating.catch(() => {}) // awaited below; a bad option must not count as an unhandled rejection meanwhile
  let theory: ReportTheory
  try {
    theory = theorySections(e, info, dims, parseKList(f.k), Boolean(f.center), Boolean(f.normalize))
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
    ...(sets ? { sets: sets.result, names: sets.names } : {}),
    provenance: { commandLine: commandLine(), date: new Date().toISOString(), node: process.version },
  }
  json.seconds = secondsSince(started)
  const html = await reportHtml(json, { norms }, await script)
  await writeFileAtomic(f.out, html)
  if (f.json) process.stdout.write(JSON.stringify(json, null, 2) + '\n')
  if (!f.quiet)
    process.stderr.write(
      `avgcon: wrote ${f.out} (${(Buffer.byteLength(html) / 1e6).toFixed(1)} MB) in ${json.seconds} s\n`,
    )
}

/** `avgcon theory --json` for the normal law, --from FILE and --from FILE --per-dim, at the file's N and d. */
function theorySections(
  e: Embeddings,
  info: InputInfo,
  dims: DimMoments,
  ks: number[],
  center: boolean,
  normalize: boolean,
): ReportTheory {
  const { n, d } = e
  const theoryInput = { ...info, sha256: undefined }
  const extra = normalize ? { normalize } : {}
  const section = (
    perDim: boolean,
    source: 'law' | 'file',
    make: () => { results: TheoryPoint[]; moments: Record<string, unknown> },
  ): RunResult<TheoryPoint> => {
    const started = performance.now()
    const { results, moments } = make()
    const law = source === 'law' ? (moments.law as string) : null
    const settings = {
      n,
      d,
      k: ks,
      source,
      law,
      perDim,
      center: source === 'file' && center,
      ...(source === 'file' ? extra : {}),
    }
    return runResult('theory', {
      settings,
      input: source === 'file' ? theoryInput : undefined,
      results,
      seconds: secondsSince(started),
      // As `avgcon theory --json --method prop2` says it: the report's theory is Proposition 2.
      method: 'prop2',
      moments,
    })
  }
  const normalLaw = parseLaw('normal')
  return {
    normal: section(false, 'law', () => {
      const m = lawMoments(normalLaw)
      return {
        results: theoryCurve({ n, d, ks, moments: m }),
        moments: { source: 'law', law: formatLaw(normalLaw), perDimension: false, ...m },
      }
    }),
    pooled: section(false, 'file', () => {
      const m = poolMoments(dims, n)
      return { results: theoryCurve({ n, d, ks, moments: m }), moments: { source: 'file', perDimension: false, ...m } }
    }),
    perDimension: section(true, 'file', () => {
      const m = poolMoments(dims, n)
      const arrays = {
        mean: Array.from(dims.mean),
        std: Array.from(dims.std),
        skewness: Array.from(dims.skewness),
        kurtosis: Array.from(dims.kurtosis),
      }
      return {
        results: theoryCurve({ n, d, ks, dimMoments: dims }),
        moments: { source: 'file', perDimension: true, ...m, dims: arrays },
      }
    }),
  }
}

/** The real-set analysis, as `avgcon sets --json` prints it, and the names of the items it lists. */
async function runSets(
  e: Embeddings,
  info: InputInfo,
  f: ReportFlags,
  setFormat: ReturnType<typeof parseSetFormat>,
): Promise<{ result: RunResult; names?: Record<string, string> }> {
  const started = performance.now()
  const setsFile = f.sets!
  const at = intOption(f.at, '--at', 1)
  const metric = parseMetric(f.metric)
  const seed = intOption(f.seed, '--seed', 0, 0)
  const ties = parseTieRule(f.ties ?? 'fractional')
  const threads = f.threads === undefined ? undefined : intOption(f.threads, '--threads', 1)
  if (!e.ids)
    throw new InputError(
      `${info.file ?? 'the embeddings'} has no item ids (no .ids.txt sidecar, no id column), so the items of ${basename(setsFile)} cannot be matched to its rows.`,
    )
  if (at > e.n)
    throw new InputError(`--at: n=${at} exceeds the number of items N=${e.n}; use --at ${Math.min(10, e.n)}.`)
  const format = setFormat === 'auto' ? await detectSetFormat(setsFile) : setFormat
  const loaded = await loadItemSets(setsFile, format, e.ids, info.file ?? 'embeddings', Boolean(f.weights))
  const nameMap = f.names === undefined ? undefined : await loadNames(f.names)
  const engine = pickEngine(f.engine)
  const progress = progressBar('ranking set averages', Boolean(f.quiet) || Boolean(f.json))
  // A copy for cosine: the estimate that follows normalises the matrix itself, exactly as `avgcon estimate` does.
  const space = searchSpace(e, metric, metric !== 'cosine')
  const r = await realSetConsistency(space, loaded.sets, {
    engine,
    at,
    seed,
    threads,
    ties,
    nearest: 3,
    onProgress: (d, t) => progress.update(d, t),
  })
  progress.stop()
  const ids = e.ids
  const sets: SetJson[] = r.real.map((s, i) => ({
    id: s.id,
    size: s.size,
    precision: s.precision,
    precisionAt: s.precisionAt,
    random: r.random[i]!.precision,
    randomAt: r.random[i]!.precisionAt,
    nearest: Array.from(s.nearest, (j) => ids[j]!),
  }))
  const settings = {
    at,
    metric,
    weights: Boolean(f.weights),
    seed,
    setFormat: format,
    center: Boolean(f.center),
    normalize: Boolean(f.normalize),
  }
  const source = {
    file: basename(setsFile),
    format: loaded.format,
    sets: loaded.sets.length,
    interactions: loaded.interactions ?? null,
    skippedItems: loaded.skippedItems,
    droppedSets: loaded.droppedSets,
  }
  const result = runResult('sets', {
    settings,
    input: { ...info, sha256: undefined },
    results: r.buckets,
    ties,
    seconds: secondsSince(started),
    engine: engine.name,
    source,
    sets,
  })
  let names: Record<string, string> | undefined
  if (nameMap) {
    names = {}
    for (const s of sets) for (const id of s.nearest) if (nameMap.has(id)) names[id] = nameMap.get(id)!
  }
  return { result, names }
}

function normSummary(norms: Float64Array): NormSummary {
  let sum = 0,
    sumSq = 0,
    min = Infinity,
    max = -Infinity
  for (const x of norms) {
    sum += x
    sumSq += x * x
    if (x < min) min = x
    if (x > max) max = x
  }
  const n = norms.length
  const mean = sum / n
  return { mean, std: Math.sqrt(Math.max(0, sumSq / n - mean * mean)), min, max }
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
