import type { Command } from 'commander'
import { INTERVAL_RULE } from '../../estimate/interval.js'
import { parseKList } from '../../estimate/klist.js'
import { consistencyChart, estimateSeries, theorySeries, type CurveSeries } from '../../report/charts/index.js'
import { decimalsFor, formatCsv, formatTable } from '../../report/table.js'
import { DEFAULT_MAX_SAMPLES, DEFAULT_SAMPLES } from '../../runs/estimate.js'
import { simulate, type SimulateRunOptions } from '../../runs/simulate.js'
import { denseKs, formatLaw, lawMoments, parseLaw, theoryCurve, type Law } from '../../theory/index.js'
import { CRITERION, type Agreement, type SimulatePoint } from '../../theory/simulate.js'
import { engineOptions, pickEngine } from '../engine.js'
import { intOption, numberOption, outputOptions } from '../options.js'
import { emit, type OutputOptions } from '../output.js'
import { progressBar } from '../progress.js'
import { count, countList, signed } from './stats.js'

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
      const options = simulateOptions(f)
      const progress = progressBar('simulating', Boolean(f.quiet) || Boolean(f.json))
      const run = await simulate({ ...options, onProgress: (d, t) => progress.update(d, t) }).finally(() =>
        progress.stop(),
      )
      const results = run.results
      const agreement = run.agreement as Agreement
      await emit(
        {
          table: () => simulateTable(results) + '\n' + verdict(agreement) + '\n',
          json: () => run,
          csv: () => simulateCsv(results),
          chart: () => figure2(options, results),
        },
        f,
      )
    })
}

/** The run's options from the flags, checked with the flag names. */
function simulateOptions(f: SimulateFlags): SimulateRunOptions & { law: Law; n: number[]; d: number[] } {
  const law = parseLaw(f.law)
  lawMoments(law) // a law the theory cannot take fails before the lists are read, as before
  const n = countList(f.n, '--n', 1)
  const d = countList(f.d, '--d', 1)
  const k = parseKList(f.k)
  const ci = numberOption(f.ci, '--ci', 0, 1)
  return {
    law,
    n,
    d,
    k,
    ci,
    samples: ci === undefined ? intOption(f.samples, '--samples', 1, DEFAULT_SAMPLES) : undefined,
    maxSamples: ci === undefined ? undefined : intOption(f.maxSamples, '--max-samples', 1, DEFAULT_MAX_SAMPLES),
    seed: intOption(f.seed, '--seed', 0, 0),
    dataSeed: intOption(f.dataSeed, '--data-seed', 0, 1),
    threads: f.threads === undefined ? undefined : intOption(f.threads, '--threads', 1),
    engine: pickEngine(f.engine),
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
function figure2(
  run: { law: Law; n: number[]; d: number[]; samples?: number; ci?: number },
  points: SimulatePoint[],
): ReturnType<typeof consistencyChart> {
  const series: CurveSeries[] = []
  for (const d of run.d) {
    for (const n of run.n) {
      const group = [run.n.length > 1 || run.d.length === 1 ? `N=${count(n)}` : '', run.d.length > 1 ? `d=${d}` : '']
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
        // Proposition 2 at every k of the range, so a sparse k list still draws a smooth curve.
        theorySeries(
          `${group} computed`,
          theoryCurve({ n, d, ks: denseKs(mine.map((p) => p.k)), moments: lawMoments(run.law) }),
          group,
        ),
      )
    }
  }
  const dims = run.d.length === 1 ? `d=${run.d[0]}` : `d=${run.d.join(', ')}`
  return consistencyChart({
    title: `Consistency_k of i.i.d. ${formatLaw(run.law)} embeddings`,
    subtitle: `${dims}: simulated (solid, 95% CI band, ${run.samples !== undefined ? `${run.samples} sets per k` : `CI half-width <= ${run.ci}`}) vs Proposition 2 (dashed)`,
    series,
  })
}
