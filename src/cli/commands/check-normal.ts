import type { Command } from 'commander'
import { histogramChart, normalDensity, type HistogramBin } from '../../report/charts/index.js'
import { formatCsv, formatTable } from '../../report/table.js'
import { checkNormal, type CheckNormalPoint } from '../../runs/check-normal.js'
import { ksNoiseFloor, latticeBins } from '../../stats/index.js'
import { formatLaw, parseLaw } from '../../theory/index.js'
import { intOption, outputOptions } from '../options.js'
import { emit, type OutputOptions } from '../output.js'
import { progressBar } from '../progress.js'
import { count, countList } from './stats.js'

export type { CheckNormalPoint } from '../../runs/check-normal.js'

/** Raw flags of `avgcon check-normal`. */
interface CheckNormalFlags extends OutputOptions {
  law: string
  d: string
  pairs: string
  seed: string
}

/** `avgcon check-normal`: Figure 1 of the paper — inner products of i.i.d. vectors vs a normal law. */
export function registerCheckNormal(program: Command): void {
  const cmd = program
    .command('check-normal')
    .description(
      "how normal are inner products <X_i, X_j> of i.i.d. vectors? Histogram vs normal approximation per d (the paper's Figure 1)",
    )
    .option(
      '--law <law>',
      'coordinate law: uniform01, normal(0.5,1), beta(2,2), uniform(-1,1), rademacher, ...',
      'uniform01',
    )
    .option('--d <list>', 'dimensions d', '2,10,32,64,128')
    .option('--pairs <n>', 'independent pairs (X_i, X_j) drawn per d', '100000')
    .option('--seed <n>', 'seed of the generator', '0')
  outputOptions(cmd)
    .addHelpText(
      'after',
      `
Examples:
  avgcon check-normal --law uniform01 --d 2,10,32,64,128 --plot fig1.png
  avgcon check-normal --law 'normal(0.5,1)' --pairs 1e6
  avgcon check-normal --law 'beta(2,2)' --d 2,128 --json`,
    )
    .action(async (f: CheckNormalFlags) => {
      const law = parseLaw(f.law)
      const dims = countList(f.d, '--d', 1)
      const pairs = intOption(f.pairs, '--pairs', 2, 100_000)
      const seed = intOption(f.seed, '--seed', 0, 0)
      const progress = progressBar('inner products', Boolean(f.quiet) || Boolean(f.json))
      const samples: Float64Array[] = []
      const run = await checkNormal({
        law,
        d: dims,
        pairs,
        seed,
        onProgress: (done, total) => progress.update(done, total),
        onSample: (_, x) => samples.push(x),
      }).finally(() => progress.stop())
      const results = run.results
      const { mean: m, std: s } = run.moments as { mean: number; std: number }
      const json = () => run
      const chart = () =>
        histogramChart({
          title: `Inner products of i.i.d. ${formatLaw(law)} vectors vs normal approximation`,
          subtitle: `${count(pairs)} independent pairs per d; curve: N(d m², d (s⁴ + 2 s² m²)) with m = ${fmt(m)}, s = ${fmt(s)}`,
          panels: results.map((r, i) => ({
            label: `d = ${r.dim}`,
            ...histogramData(samples[i]!),
            density: normalDensity(r.theoryMean, Math.sqrt(r.theoryVariance)),
          })),
        })
      const discrete = samples.some((x) => latticeBins(x) !== undefined)
      await emit(
        {
          table: () => checkTable(results) + '\n' + note(pairs, discrete) + '\n',
          json,
          csv: () => checkCsv(results),
          chart,
        },
        f,
      )
    })
}

function checkTable(points: CheckNormalPoint[]): string {
  const rows = points.map((p) => [
    String(p.dim),
    fmt(p.mean),
    fmt(p.theoryMean),
    fmt(p.variance),
    fmt(p.theoryVariance),
    p.ks.toFixed(4),
  ])
  return formatTable(
    [
      { header: 'd' },
      { header: 'mean' },
      { header: 'theory mean' },
      { header: 'variance' },
      { header: 'theory variance' },
      { header: 'KS distance' },
    ],
    rows,
  )
}

function checkCsv(points: CheckNormalPoint[]): string {
  return formatCsv(
    ['dim', 'pairs', 'mean', 'seMean', 'theoryMean', 'variance', 'seVariance', 'theoryVariance', 'ks'],
    points.map((p) => [
      p.dim,
      p.pairs,
      p.mean,
      p.seMean,
      p.theoryMean,
      p.variance,
      p.seVariance,
      p.theoryVariance,
      p.ks,
    ]),
  )
}

function note(pairs: number, discrete: boolean): string {
  return [
    'theory: <X_i, X_j> has mean d m² and variance d (s⁴ + 2 s² m²) exactly; only its shape is approximated by the normal law.',
    `KS distance: largest gap between the empirical CDF and that normal CDF; with ${count(pairs)} pairs, sampling noise alone gives about ${ksNoiseFloor(pairs).toFixed(4)}, so larger values measure the approximation's error, which shrinks as d grows.`,
    ...(discrete
      ? [
          'This law is discrete: inner products sit on a lattice, so the KS distance also holds half a lattice step of probability (about 1/sqrt(2 pi d) for rademacher).',
        ]
      : []),
  ].join('\n')
}

/** Raw values for the chart's own binning, or one bin per lattice point for a discrete law. */
function histogramData(sorted: Float64Array): { values: Float64Array } | { bins: HistogramBin[] } {
  const bins = latticeBins(sorted)
  return bins ? { bins } : { values: sorted }
}

function fmt(x: number): string {
  return Math.abs(x) >= 1000 ? x.toFixed(1) : Number(x.toPrecision(5)).toString()
}
