import type { Command } from 'commander'
import { parseKList } from '../../estimate/klist.js'
import { pairwiseChart } from '../../report/charts/index.js'
import { formatCsv, formatTable } from '../../report/table.js'
import { pairwise } from '../../runs/pairwise.js'
import type { PairwisePoint } from '../../theory/pairwise.js'
import { inputSource, transformsOf, type InputOptions } from '../input.js'
import { inputOptions, intOption, outputOptions } from '../options.js'
import { emit, type OutputOptions } from '../output.js'
import { progressBar } from '../progress.js'
import { count, signed } from './stats.js'
import { describe, type MomentsSection } from './theory.js'

/** Raw flags of `avgcon pairwise`. */
interface PairwiseFlags extends OutputOptions, InputOptions {
  k: string
  pairs: string
  seed: string
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
      const k = parseKList(f.k)
      const pairs = intOption(f.pairs, '--pairs', 1, 10_000)
      const seed = intOption(f.seed, '--seed', 0, 0)
      const progress = progressBar('drawing pairs', Boolean(f.quiet) || Boolean(f.json))
      const run = await pairwise({
        ...inputSource(file, f),
        ...transformsOf(f),
        k,
        pairs,
        seed,
        onProgress: (d, t) => progress.update(d, t),
      }).finally(() => progress.stop())
      const { results } = run
      const info = run.input!
      const section = run.moments as MomentsSection
      const json = () => run
      const chart = () =>
        pairwiseChart({
          title: 'P(in-set item outscores out-of-set item)',
          subtitle: `${info.file ?? info.synthetic}, N=${count(info.n)}, d=${info.d}; line: closed form; points: empirical with 95% CI (${count(pairs)} draws per k)`,
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
