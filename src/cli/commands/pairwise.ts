import type { Command } from 'commander'
import { InputError } from '../../errors.js'
import { parseKList } from '../../estimate/klist.js'
import { sampleSubset, streamSeed } from '../../estimate/sampler.js'
import type { Embeddings } from '../../io/embeddings.js'
import { pairwiseChart } from '../../report/charts/index.js'
import { runResult } from '../../results.js'
import { formatCsv, formatTable } from '../../report/table.js'
import { rng } from '../../rng.js'
import { formatLaw, lawMoments, measureMoments, parseLaw, pInOut, type Moments } from '../../theory/index.js'
import { loadInput, type InputOptions } from '../input.js'
import { inputOptions, intOption, outputOptions } from '../options.js'
import { emit, type OutputOptions } from '../output.js'
import { progressBar } from '../progress.js'
import { count, secondsSince, signed, wilson } from './stats.js'
import { describe, type MomentsSection } from './theory.js'

/** Raw flags of `avgcon pairwise`. */
interface PairwiseFlags extends OutputOptions, InputOptions {
  k: string
  pairs: string
  seed: string
}

/** One k: the closed form P(s(u, mu_U) > s(v, mu_U)) beside its empirical frequency. */
export interface PairwisePoint {
  k: number
  closedForm: number
  /** (wins + ties / 2) / pairs. */
  empirical: number
  /** Wilson 95 % interval of `empirical`. */
  ciLow: number
  ciHigh: number
  pairs: number
  wins: number
  ties: number
}

/** `avgcon pairwise`: does an item of U outscore an item outside U against mu_U? */
export function registerPairwise(program: Command): void {
  const cmd = program
    .command('pairwise')
    .description(
      'P(s(u, mu_U) > s(v, mu_U)) for u in U, v not in U: the closed form of the paper beside its empirical frequency',
    )
    .argument('[file]', 'embeddings: .npy, .csv, .tsv, .txt, .vec, ... (or use --synthetic)')
    .option('--k <list>', 'set sizes: 2..50, 2,5,10 or 2..50:4', '2..50')
    .option('--pairs <n>', 'random (U, u, v) draws per k', '10000')
    .option('--seed <n>', 'seed of the draws', '0')
  outputOptions(inputOptions(cmd))
    .addHelpText(
      'after',
      `
Examples:
  avgcon pairwise items.npy --k 2..50
  avgcon pairwise items.npy --center --k 2,5,10,20 --pairs 100000 --json
  avgcon pairwise --synthetic normal --n 10000 --d 128 --k 2..50:4 --plot pairwise.svg

The closed form uses pooled moments measured on the embeddings (after --center and
--normalize), or the law's exact moments for --synthetic without them. Scores are dot
products; a tie s(u, mu_U) = s(v, mu_U) (possible for discrete laws) counts one half.`,
    )
    .action(async (file: string | undefined, f: PairwiseFlags) => {
      const started = performance.now()
      const ks = parseKList(f.k)
      const pairs = intOption(f.pairs, '--pairs', 1, 10_000)
      const seed = intOption(f.seed, '--seed', 0, 0)
      const { embeddings: e, info } = await loadInput(file, f)
      const worst = ks[ks.length - 1]!
      if (worst >= e.n)
        throw new InputError(`--k: set size k=${worst} leaves no item outside the set (N=${e.n}); use k < ${e.n}.`)
      const section = momentsOf(e, f)
      const moments: Moments = {
        mean: section.mean,
        std: section.std,
        skewness: section.skewness,
        kurtosis: section.kurtosis,
      }
      const closed = ks.map((k) => pInOut({ d: e.d, k, moments }))
      const progress = progressBar('drawing pairs', Boolean(f.quiet) || Boolean(f.json))
      const results = ks.map((k, i) => {
        const p = pairwiseAt(e, k, pairs, seed, closed[i]!)
        progress.update(i + 1, ks.length)
        return p
      })
      progress.stop()
      const settings = { k: ks, pairs, seed, metric: 'dot', center: Boolean(f.center), normalize: Boolean(f.normalize) }
      const json = () =>
        runResult('pairwise', { settings, input: info, results, seconds: secondsSince(started), moments: section })
      const chart = () =>
        pairwiseChart({
          title: 'P(in-set item outscores out-of-set item)',
          subtitle: `${info.file ?? info.synthetic}, N=${count(e.n)}, d=${e.d}; line: closed form; points: empirical with 95% CI (${count(pairs)} draws per k)`,
          series: [
            {
              name: info.file ?? section.law ?? 'generated embeddings',
              closedForm: results.map((p) => ({ k: p.k, value: p.closedForm })),
              empirical: results.map((p) => ({ k: p.k, value: p.empirical, low: p.ciLow, high: p.ciHigh })),
            },
          ],
        })
      const table = () => pairwiseTable(results) + `\n${closing(results)}\nclosed form from ${describe(section)}.\n`
      await emit({ table, json, csv: () => pairwiseCsv(results), chart }, f)
    })
}

/** The law's exact moments for untransformed --synthetic data, else pooled moments measured on the matrix. */
function momentsOf(e: Embeddings, f: PairwiseFlags): MomentsSection {
  if (f.synthetic !== undefined && !f.center && !f.normalize) {
    const law = parseLaw(f.synthetic)
    return { source: 'law', law: formatLaw(law), perDimension: false, ...lawMoments(law) }
  }
  return { source: 'file', perDimension: false, ...measureMoments(e) }
}

/**
 * `pairs` draws of a uniform k-set U (Floyd), u uniform in U and v uniform outside U;
 * counts s(mu_U, u) > s(mu_U, v) with dot products in float64. One seeded stream per k.
 */
function pairwiseAt(e: Embeddings, k: number, pairs: number, seed: number, closedForm: number): PairwisePoint {
  const { n, d, data } = e
  const r = rng(streamSeed(seed, k))
  const set = new Int32Array(k)
  const seen = new Int32Array(n)
  const mu = new Float64Array(d)
  let wins = 0,
    ties = 0
  for (let t = 1; t <= pairs; t++) {
    sampleSubset(r, n, k, set, seen, t)
    mu.fill(0)
    for (let m = 0; m < k; m++) for (let j = 0, o = set[m]! * d; j < d; j++) mu[j]! += data[o + j]!
    const u = set[r.int(k)]!
    let v: number
    do v = r.int(n)
    while (seen[v] === t)
    let su = 0,
      sv = 0
    for (let j = 0, ou = u * d, ov = v * d; j < d; j++) {
      su += mu[j]! * data[ou + j]!
      sv += mu[j]! * data[ov + j]!
    }
    // mu is k * mu_U: the common factor 1/k does not change the comparison.
    if (su > sv) wins++
    else if (su === sv) ties++
  }
  const empirical = (wins + ties / 2) / pairs
  const { low, high } = wilson(wins + ties / 2, pairs)
  return { k, closedForm, empirical, ciLow: low, ciHigh: high, pairs, wins, ties }
}

function pairwiseTable(points: PairwisePoint[]): string {
  const rows = points.map((p) => [
    String(p.k),
    p.closedForm.toFixed(4),
    p.empirical.toFixed(4),
    `[${p.ciLow.toFixed(4)}, ${p.ciHigh.toFixed(4)}]`,
    signed(p.closedForm - p.empirical, 4),
  ])
  return formatTable(
    [
      { header: 'k' },
      { header: 'closed form' },
      { header: 'empirical' },
      { header: '95% CI', align: 'left' },
      { header: 'gap' },
    ],
    rows,
  )
}

function pairwiseCsv(points: PairwisePoint[]): string {
  return formatCsv(
    ['k', 'closedForm', 'empirical', 'ciLow', 'ciHigh', 'pairs', 'wins', 'ties'],
    points.map((p) => [p.k, p.closedForm, p.empirical, p.ciLow, p.ciHigh, p.pairs, p.wins, p.ties]),
  )
}

/** The largest |closed form - empirical| and how many k fall outside their CI. */
function closing(points: PairwisePoint[]): string {
  let worst = points[0]!
  for (const p of points)
    if (Math.abs(p.closedForm - p.empirical) > Math.abs(worst.closedForm - worst.empirical)) worst = p
  const outside = points.filter((p) => p.closedForm < p.ciLow || p.closedForm > p.ciHigh).length
  return `largest |closed form - empirical| = ${Math.abs(worst.closedForm - worst.empirical).toFixed(4)} (k=${worst.k}); the closed form lies outside the 95% CI at ${outside} of ${points.length} k.`
}
