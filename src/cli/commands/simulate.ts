import type { Command } from 'commander'
import { checkEstimateOptions, estimateConsistency } from '../../estimate/consistency.js'
import { INTERVAL_RULE, summarize, type Summary } from '../../estimate/interval.js'
import { parseKList } from '../../estimate/klist.js'
import { searchSpace } from '../../estimate/metric.js'
import { consistencyChart, estimateSeries, theorySeries, type CurveSeries } from '../../report/charts/index.js'
import { runResult } from '../../results.js'
import { decimalsFor, formatCsv, formatTable } from '../../report/table.js'
import { generate } from '../../synthetic/index.js'
import { formatLaw, lawMoments, parseLaw, theoryCurve, type Law, type TheoryPoint } from '../../theory/index.js'
import { engineOptions, pickEngine } from '../engine.js'
import { intOption, numberOption, outputOptions } from '../options.js'
import { emit, type OutputOptions } from '../output.js'
import { progressBar, type Progress } from '../progress.js'
import { count, countList, secondsSince, signed } from './stats.js'

/** Family-wise error rate of the agreement verdict: 5 % over all points together. */
const FAMILY_ALPHA = 0.05

/** The agreement criterion, in words (table verdict, JSON, --help). */
const CRITERION =
  "the computed value lies inside the simulated mean's (1 - 0.05/m) confidence interval, m the number of " +
  '(N, d, k) points (Bonferroni: a family-wise 5 % test of "theory = expected simulation"; same interval rule as estimate)'

/** Raw flags of `avgcon simulate`. */
interface SimulateFlags extends OutputOptions {
  law: string
  n: string
  d: string
  k: string
  samples?: string
  ci?: string
  maxSamples?: string
  seed: string
  dataSeed: string
  threads?: string
  engine: string
}

/** One (N, d, k): the simulated estimate on generated embeddings beside Proposition 2. */
export interface SimulatePoint {
  /** Number of items N (`n` is kept for the number of sets, as in ConsistencyPoint). */
  items: number
  /** Dimension d. */
  dim: number
  k: number
  /** Monte-Carlo estimate of Consistency_k with its 95 % CI; `n` sets. */
  simulated: Summary
  /** Proposition 2: expected Consistency_k and the closed form P(in > out). */
  theory: { consistency: number; pInOut: number }
  /** computed - simulated. */
  gap: number
  /** The computed value lies inside the simulated mean's Bonferroni-level (1 - 0.05/m) interval. */
  within: boolean
}

/** The closing verdict: the largest gap, and which points fall outside the rule. */
export interface Agreement {
  /** The test applied to every point, in words. */
  criterion: string
  /** Confidence level of each point's interval: 1 - 0.05/m. */
  pointLevel: number
  maxGap: number
  at: { items: number; dim: number; k: number }
  allWithin: boolean
  /** Points that fail, with their Bonferroni-level interval. */
  outside: { items: number; dim: number; k: number; gap: number; ciLow: number; ciHigh: number }[]
}

/** `avgcon simulate`: Figure 2 of the paper — Proposition 2 against simulation on i.i.d. data. */
export function registerSimulate(program: Command): void {
  const cmd = program
    .command('simulate')
    .description(
      "generate i.i.d. embeddings, estimate Consistency_k and compare with Proposition 2 (the paper's Figure 2)",
    )
    .option(
      '--law <law>',
      'coordinate law: normal, uniform(-1,1), rademacher, laplace, student-t(10), beta(2,2), ...',
      'normal',
    )
    .option('--n <list>', 'numbers of items N, e.g. 1000,1e6', '1000')
    .option('--d <list>', 'dimensions d, e.g. 128 or 32,128', '128')
    .option('--k <list>', 'set sizes: 2..50, 2,5,10 or 2..50:4', '2..50')
    .option('--samples <n>', 'random sets per k (fixed mode)', '1000')
    .option(
      '--ci <halfwidth>',
      'adaptive mode: sample until each 95% CI half-width is at most this (see Intervals below)',
    )
    .option('--max-samples <n>', 'adaptive mode: at most this many sets per k', '100000')
    .option('--seed <n>', 'seed of the set sampler', '0')
    .option('--data-seed <n>', 'seed of the embedding generator', '1')
  outputOptions(engineOptions(cmd))
    .addHelpText(
      'after',
      `
Examples:
  avgcon simulate --law normal --n 1000 --d 128 --k 2..50
  avgcon simulate --law normal --n 1000,1e6 --d 128 --k 2..50 --plot fig2.svg
  avgcon simulate --law rademacher --n 10000 --d 32,64,128 --k 2..20 --ci 0.01 --json
  avgcon simulate --law 'uniform(-1,1)' --n 1000 --samples 4000 --seed 3 --csv

Intervals: ${INTERVAL_RULE}.
Agreement verdict: ${CRITERION}.`,
    )
    .action(async (f: SimulateFlags) => {
      const started = performance.now()
      const run = parseFlags(f)
      const engine = pickEngine(f.engine)
      const progress = progressBar('simulating', Boolean(f.quiet) || Boolean(f.json))
      const results = await simulate(run, engine, progress)
      progress.stop()
      const agreement = agree(results)
      const settings = {
        law: formatLaw(run.law),
        items: run.items,
        dims: run.dims,
        k: run.ks,
        metric: 'dot',
        samples: run.samples ?? null,
        ci: run.ci ?? null,
        maxSamples: run.maxSamples ?? null,
        seed: run.seed,
        dataSeed: run.dataSeed,
      }
      // The estimator's default tie rule (discrete laws tie at the k-th place: theory.md §1).
      const json = () =>
        runResult('simulate', {
          settings,
          results,
          ties: 'fractional',
          seconds: secondsSince(started),
          engine: engine.name,
          agreement,
        })
      await emit(
        {
          table: () => simulateTable(results) + '\n' + verdict(agreement) + '\n',
          json,
          csv: () => simulateCsv(results),
          chart: () => figure2(run, results),
        },
        f,
      )
    })
}

/** Parsed, validated settings of one simulate run. */
interface SimulateRun {
  law: Law
  items: number[]
  dims: number[]
  ks: number[]
  samples?: number
  ci?: number
  maxSamples?: number
  seed: number
  dataSeed: number
  threads?: number
  theory: Map<string, TheoryPoint[]>
}

/** Parses and checks everything before any data is generated, theory included (it is cheap). */
function parseFlags(f: SimulateFlags): SimulateRun {
  const law = parseLaw(f.law)
  const moments = lawMoments(law) // fails now for a law the theory cannot take (student-t, nu <= 4)
  const items = countList(f.n, '--n', 1)
  const dims = countList(f.d, '--d', 1)
  const ks = parseKList(f.k)
  const ci = numberOption(f.ci, '--ci', 0, 1)
  const samples = ci === undefined ? intOption(f.samples, '--samples', 1, 1000) : undefined
  const maxSamples = ci === undefined ? undefined : intOption(f.maxSamples, '--max-samples', 1, 100_000)
  const seed = intOption(f.seed, '--seed', 0, 0)
  const dataSeed = intOption(f.dataSeed, '--data-seed', 0, 1)
  const threads = f.threads === undefined ? undefined : intOption(f.threads, '--threads', 1)
  checkEstimateOptions(items[0]!, { ks, samples, ci, maxSamples })
  const theory = new Map<string, TheoryPoint[]>()
  for (const d of dims) for (const n of items) theory.set(key(n, d), theoryCurve({ n, d, ks, moments }))
  return { law, items, dims, ks, samples, ci, maxSamples, seed, dataSeed, threads, theory }
}

function key(n: number, d: number): string {
  return `${n}x${d}`
}

/**
 * Per d, generates the largest N once: generate() extends a smaller matrix row by
 * row for the same seed, so the first N rows ARE the N-item matrix of that seed.
 */
async function simulate(
  run: SimulateRun,
  engine: ReturnType<typeof pickEngine>,
  progress: Progress,
): Promise<SimulatePoint[]> {
  const out: SimulatePoint[] = []
  const perRun = (run.samples ?? Math.min(200, run.maxSamples ?? 200)) * run.ks.length
  let left = run.items.length * run.dims.length
  let offset = 0
  for (const d of run.dims) {
    const all = generate(run.law, run.items[run.items.length - 1]!, d, run.dataSeed)
    for (const n of run.items) {
      left--
      const e = { n, d, data: all.data.subarray(0, n * d) }
      const points = await estimateConsistency(searchSpace(e, 'dot'), {
        ks: run.ks,
        engine,
        samples: run.samples,
        ci: run.ci,
        maxSamples: run.maxSamples,
        seed: run.seed,
        threads: run.threads,
        onProgress: (done, total) => progress.update(offset + done, offset + total + left * perRun),
      })
      offset += points.reduce((s, p) => s + p.n, 0)
      const theory = run.theory.get(key(n, d))!
      points.forEach((p, i) => {
        const t = theory[i]!
        const gap = t.consistency - p.mean
        out.push({
          items: n,
          dim: d,
          k: p.k,
          simulated: { mean: p.mean, std: p.std, n: p.n, ciLow: p.ciLow, ciHigh: p.ciHigh },
          theory: { consistency: t.consistency, pInOut: t.pInOut },
          gap,
          within: true, // set by markAgreement once every point is known (m is the family size)
        })
      })
    }
  }
  return out
}

/** The simulated mean's interval at `level`, rebuilt from its mean, std and n. */
export function intervalAt(s: Summary, level: number): { ciLow: number; ciHigh: number } {
  const sum = s.mean * s.n
  const sumSq = s.std * s.std * (s.n - 1) + s.n * s.mean * s.mean
  const { ciLow, ciHigh } = summarize(sum, sumSq, s.n, level)
  return { ciLow, ciHigh }
}

/** Sets each point's `within` by the Bonferroni criterion; returns the largest |gap| and the points that fail. */
function agree(points: SimulatePoint[]): Agreement {
  const pointLevel = 1 - FAMILY_ALPHA / points.length
  const bounds = points.map((p) => intervalAt(p.simulated, pointLevel))
  points.forEach((p, i) => {
    const t = p.theory.consistency
    p.within = bounds[i]!.ciLow <= t && t <= bounds[i]!.ciHigh
  })
  let worst = points[0]!
  for (const p of points) if (Math.abs(p.gap) > Math.abs(worst.gap)) worst = p
  const outside = points.flatMap((p, i) =>
    p.within ? [] : [{ items: p.items, dim: p.dim, k: p.k, gap: p.gap, ...bounds[i]! }],
  )
  return {
    criterion: CRITERION,
    pointLevel,
    maxGap: Math.abs(worst.gap),
    at: { items: worst.items, dim: worst.dim, k: worst.k },
    allWithin: outside.length === 0,
    outside,
  }
}

function verdict(a: Agreement): string {
  const where = `N=${count(a.at.items)}, d=${a.at.dim}, k=${a.at.k}`
  const head = `largest |computed - simulated| = ${a.maxGap.toFixed(4)} (${where}); `
  const level = `${(100 * a.pointLevel).toPrecision(4)}%`
  if (a.allWithin)
    return head + `agrees: every computed value is inside its ${level} interval (Bonferroni, family-wise 5 %).`
  const o = a.outside[0]!
  return (
    head +
    `disagrees at ${a.outside.length} point(s): the computed value is outside the simulated ${level} interval ` +
    `(Bonferroni, family-wise 5 %; first: N=${count(o.items)}, d=${o.dim}, k=${o.k}, gap ${signed(o.gap, 4)}, ` +
    `interval [${o.ciLow.toFixed(4)}, ${o.ciHigh.toFixed(4)}]).`
  )
}

function simulateTable(points: SimulatePoint[]): string {
  const digits = Math.max(3, ...points.map((p) => decimalsFor((p.simulated.ciHigh - p.simulated.ciLow) / 2)))
  const rows = points.map((p) => {
    const s = p.simulated
    return [
      count(p.items),
      String(p.dim),
      String(p.k),
      p.theory.consistency.toFixed(4),
      s.mean.toFixed(digits),
      `[${s.ciLow.toFixed(digits)}, ${s.ciHigh.toFixed(digits)}]`,
      signed(p.gap, 4),
    ]
  })
  return formatTable(
    [
      { header: 'N' },
      { header: 'd' },
      { header: 'k' },
      { header: 'computed' },
      { header: 'simulated' },
      { header: '95% CI', align: 'left' },
      { header: 'gap' },
    ],
    rows,
  )
}

function simulateCsv(points: SimulatePoint[]): string {
  return formatCsv(
    ['items', 'dim', 'k', 'theory', 'pInOut', 'mean', 'std', 'n', 'ciLow', 'ciHigh', 'gap'],
    points.map((p) => [
      p.items,
      p.dim,
      p.k,
      p.theory.consistency,
      p.theory.pInOut,
      p.simulated.mean,
      p.simulated.std,
      p.simulated.n,
      p.simulated.ciLow,
      p.simulated.ciHigh,
      p.gap,
    ]),
  )
}

/** Figure 2: one colour per (N, d), simulated solid with its CI band, theory dashed. */
function figure2(run: SimulateRun, points: SimulatePoint[]): ReturnType<typeof consistencyChart> {
  const series: CurveSeries[] = []
  for (const d of run.dims) {
    for (const n of run.items) {
      const group = [
        run.items.length > 1 || run.dims.length === 1 ? `N=${count(n)}` : '',
        run.dims.length > 1 ? `d=${d}` : '',
      ]
        .filter(Boolean)
        .join(', ')
      const mine = points.filter((p) => p.items === n && p.dim === d)
      series.push(
        estimateSeries(
          `${group} simulated`,
          mine.map((p) => ({ k: p.k, ...p.simulated })),
          'simulated',
          group,
        ),
      )
      series.push(
        theorySeries(
          `${group} computed`,
          mine.map((p) => ({ k: p.k, consistency: p.theory.consistency })),
          group,
        ),
      )
    }
  }
  const dims = run.dims.length === 1 ? `d=${run.dims[0]}` : `d=${run.dims.join(', ')}`
  return consistencyChart({
    title: `Consistency_k of i.i.d. ${formatLaw(run.law)} embeddings`,
    subtitle: `${dims}: simulated (solid, 95% CI band, ${run.samples !== undefined ? `${run.samples} sets per k` : `CI half-width <= ${run.ci}`}) vs Proposition 2 (dashed)`,
    yDomain: [0, 1],
    series,
  })
}
