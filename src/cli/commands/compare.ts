import type { Command } from 'commander'
import { warn } from '../../errors.js'
import type { ConsistencyPoint } from '../../estimate/consistency.js'
import { consistencyChart, estimateSeries, theorySeries } from '../../report/charts/index.js'
import { pointDigits } from '../../report/consistency-table.js'
import { formatCsv, formatTable } from '../../report/table.js'
import type { Moments } from '../../theory/index.js'
import { compareOn, type CompareTheory as TheorySection } from '../../runs/compare.js'
import { loadInput, type InputOptions } from '../input.js'
import { inputOptions, outputOptions } from '../options.js'
import { emit } from '../output.js'
import { estimateOptions, withEstimateProgress, type EstimateFlags } from './estimate.js'

const NAMES = {
  real: 'real (95% CI)',
  iid: 'i.i.d. N(0,1)',
  pooled: 'moment-matched (pooled)',
  perDimension: 'per-dimension moments',
} as const

/** `avgcon compare <file>`: the paper's Figure 3 and two sharper references. */
export function registerCompare(program: Command): void {
  const cmd = program
    .command('compare')
    .description(
      "real embeddings' Consistency_k against Proposition 2 for i.i.d. N(0,1) vectors of the same N and d (the paper's Figure 3), for the file's pooled moments and for its per-dimension moments",
    )
    .argument('[file]', 'embeddings: .npy, .csv, .tsv, .txt, .vec, ... (or use --synthetic)')
  outputOptions(inputOptions(estimateOptions(cmd, '2..50')))
    .addHelpText(
      'after',
      `
Columns: the estimate with its 95% CI; theory for i.i.d. N(0,1) coordinates (as the paper);
theory with i.i.d. coordinates of the file's pooled mean, std, skewness and kurtosis; and
theory with independent coordinates, each with its own dimension's moments. Moments are
measured after --center/--normalize. The theory describes inner-product (dot) scores.

Examples:
  avgcon compare items.npy --center --plot fig3.png
  avgcon compare items.npy --center --k 2..50:4 --ci 0.01 --json --out compare.json`,
    )
    .action(async (file: string | undefined, f: EstimateFlags & InputOptions) => {
      const { embeddings: e, info } = await loadInput(file, f)
      if (f.metric !== 'dot')
        warn(`Proposition 2 describes inner-product scores; the theory columns ignore --metric ${f.metric}.`)
      const result = await withEstimateProgress(f, (settings) =>
        compareOn({ embeddings: e, info }, { ...settings, center: f.center, normalize: f.normalize }),
      )
      const theory = result.theory
      const name = info.file ?? info.synthetic ?? 'embeddings'
      const chart = () =>
        consistencyChart({
          title: `Consistency_k of ${name} against theory`,
          subtitle: `N=${e.n.toLocaleString('en-US')}, d=${e.d}${f.center ? ', centred' : ''}${f.normalize ? ', normalised' : ''}: estimate (95% CI) vs Proposition 2`,
          yDomain: [0, 1],
          series: [
            estimateSeries(NAMES.real, result.results, 'real'),
            theorySeries(NAMES.iid, theory.iid),
            theorySeries(NAMES.pooled, theory.pooled),
            theorySeries(NAMES.perDimension, theory.perDimension),
          ],
        })
      const table = () =>
        compareTable(result.results, theory) +
        '\n' +
        momentsLine(theory.moments.pooled, Boolean(f.center)) +
        meaning(result.results, theory)
      await emit({ table, json: () => result, csv: () => compareCsv(result.results, theory), chart }, f)
    })
}

function compareTable(points: ConsistencyPoint[], t: TheorySection): string {
  const digits = pointDigits(points)
  const rows = points.map((p, i) => [
    String(p.k),
    p.mean.toFixed(digits),
    `[${p.ciLow.toFixed(digits)}, ${p.ciHigh.toFixed(digits)}]`,
    t.iid[i]!.consistency.toFixed(4),
    t.pooled[i]!.consistency.toFixed(4),
    t.perDimension[i]!.consistency.toFixed(4),
  ])
  return formatTable(
    [
      { header: 'k' },
      { header: 'real' },
      { header: '95% CI', align: 'left' },
      { header: 'iid N(0,1)' },
      { header: 'pooled moments' },
      { header: 'per-dim moments' },
    ],
    rows,
  )
}

function compareCsv(points: ConsistencyPoint[], t: TheorySection): string {
  return formatCsv(
    ['k', 'mean', 'std', 'n', 'ciLow', 'ciHigh', 'iidNormal', 'pooledMoments', 'perDimMoments'],
    points.map((p, i) => [
      p.k,
      p.mean,
      p.std,
      p.n,
      p.ciLow,
      p.ciHigh,
      t.iid[i]!.consistency,
      t.pooled[i]!.consistency,
      t.perDimension[i]!.consistency,
    ]),
  )
}

function momentsLine(m: Moments, centred: boolean): string {
  const g = (x: number): string => Number(x.toPrecision(4)).toString()
  return `Pooled moments of the ${centred ? 'centred ' : ''}file: mean ${g(m.mean)}, std ${g(m.std)}, skewness ${g(m.skewness)}, kurtosis ${g(m.kurtosis)} (normal: 0, -, 0, 3).\n`
}

/** One sentence on the gap at the largest k: how far real embeddings are from each reference. */
function meaning(points: ConsistencyPoint[], t: TheorySection): string {
  const i = points.length - 1
  const p = points[i]!
  const f = (x: number): string => x.toFixed(3)
  return `At k=${p.k} the real embeddings reach ${f(p.mean)}; i.i.d. N(0,1) vectors would reach ${f(t.iid[i]!.consistency)}, i.i.d. vectors with the same pooled moments ${f(t.pooled[i]!.consistency)}, and independent coordinates with the same per-dimension moments ${f(t.perDimension[i]!.consistency)}.\n`
}
