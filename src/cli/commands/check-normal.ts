import type { Command } from 'commander'
import { InputError } from '../../errors.js'
import { streamSeed } from '../../estimate/sampler.js'
import { histogramChart, normalDensity, type HistogramBin } from '../../report/charts/index.js'
import { runResult } from '../../results.js'
import { formatCsv, formatTable } from '../../report/table.js'
import { rng } from '../../rng.js'
import { generate } from '../../synthetic/index.js'
import { formatLaw, lawMoments, parseLaw, type Law } from '../../theory/index.js'
import { intOption, outputOptions } from '../options.js'
import { emit, type OutputOptions } from '../output.js'
import { progressBar } from '../progress.js'
import { count, countList, ksNoiseFloor, ksNormal, sampleMoments, secondsSince } from './stats.js'

/** Pairs generated per call of the generator: bounds memory (2 x 32768 x d floats) whatever --pairs is. */
const CHUNK = 32_768

/** Raw flags of `avgcon check-normal`. */
interface CheckNormalFlags extends OutputOptions {
  law: string
  d: string
  pairs: string
  seed: string
}

/** One dimension d: the empirical law of <X_i, X_j> against its normal approximation. */
export interface CheckNormalPoint {
  dim: number
  pairs: number
  /** Empirical mean and (unbiased) variance of the inner products, with standard errors. */
  mean: number
  variance: number
  seMean: number
  seVariance: number
  /** The normal approximation's parameters: d m^2 and d (s^4 + 2 s^2 m^2) (exact moments of <X_i, X_j>). */
  theoryMean: number
  theoryVariance: number
  /** Kolmogorov-Smirnov distance between the empirical CDF and N(theoryMean, theoryVariance). */
  ks: number
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
      const started = performance.now()
      const law = parseLaw(f.law)
      const { mean: m, std: s } = meanStd(law)
      const dims = countList(f.d, '--d', 1)
      const pairs = intOption(f.pairs, '--pairs', 2, 100_000)
      const seed = intOption(f.seed, '--seed', 0, 0)
      const progress = progressBar('inner products', Boolean(f.quiet) || Boolean(f.json))
      const samples: Float64Array[] = []
      const results = dims.map((d, i) => {
        const x = innerProducts(law, d, pairs, seed, (done) => progress.update(i * pairs + done, dims.length * pairs))
        samples.push(x)
        return checkOne(x, d, m, s)
      })
      progress.stop()
      const settings = { law: formatLaw(law), dims, pairs, seed }
      const json = () =>
        runResult('check-normal', {
          settings,
          results,
          seconds: secondsSince(started),
          moments: { law: formatLaw(law), mean: m, std: s },
        })
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

/** Mean and std of a law: only these enter <X_i, X_j>'s moments, so a Student t needs nu > 2 only. */
function meanStd(law: Law): { mean: number; std: number } {
  if (law.kind !== 'student-t') return lawMoments(law)
  if (!(law.nu > 2))
    throw new InputError(
      `law ${formatLaw(law)}: infinite variance for nu <= 2; inner products have no normal approximation.`,
    )
  return { mean: 0, std: Math.sqrt(law.nu / (law.nu - 2)) }
}

/**
 * `pairs` inner products <X, Y> of independent vectors with i.i.d. coordinates
 * (rows 2p and 2p+1 of generated chunks), sorted ascending. Chunk seeds come from
 * one stream per (seed, d), so a d's sample does not depend on the other d's listed.
 */
function innerProducts(
  law: Law,
  d: number,
  pairs: number,
  seed: number,
  onProgress: (done: number) => void,
): Float64Array {
  const out = new Float64Array(pairs)
  const seeds = rng(streamSeed(seed, d))
  for (let start = 0; start < pairs; start += CHUNK) {
    const m = Math.min(CHUNK, pairs - start)
    const { data } = generate(law, 2 * m, d, seeds.nextU32())
    for (let p = 0; p < m; p++) {
      let dot = 0
      for (let j = 0, a = 2 * p * d, b = a + d; j < d; j++) dot += data[a + j]! * data[b + j]!
      out[start + p] = dot
    }
    onProgress(start + m)
  }
  return out.sort()
}

function checkOne(sorted: Float64Array, d: number, m: number, s: number): CheckNormalPoint {
  const theoryMean = d * m * m
  const theoryVariance = d * (s ** 4 + 2 * s * s * m * m)
  return {
    dim: d,
    pairs: sorted.length,
    ...sampleMoments(sorted),
    theoryMean,
    theoryVariance,
    ks: ksNormal(sorted, theoryMean, Math.sqrt(theoryVariance)),
  }
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

/**
 * One bin of width `step` centred on each lattice point when the sample takes few
 * distinct values on a regular lattice (e.g. rademacher: even integers); equal-width
 * bins would otherwise straddle the atoms and draw spikes and gaps.
 */
function latticeBins(sorted: Float64Array): HistogramBin[] | undefined {
  const distinct: number[] = []
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!)
    if (distinct.length > 400) return undefined
  }
  if (distinct.length < 2) return undefined
  let step = Infinity
  for (let i = 1; i < distinct.length; i++) step = Math.min(step, distinct[i]! - distinct[i - 1]!)
  const lo = distinct[0]!
  if (distinct.some((v) => Math.abs((v - lo) / step - Math.round((v - lo) / step)) > 1e-6)) return undefined
  const bins = Array.from({ length: Math.round((distinct.at(-1)! - lo) / step) + 1 }, (_, i) => ({
    x0: lo + (i - 0.5) * step,
    x1: lo + (i + 0.5) * step,
    count: 0,
  }))
  for (let i = 0; i < sorted.length; i++) bins[Math.round((sorted[i]! - lo) / step)]!.count++
  return bins
}

function fmt(x: number): string {
  return Math.abs(x) >= 1000 ? x.toFixed(1) : Number(x.toPrecision(5)).toString()
}
