import type { Command } from 'commander'
import { warn } from '../../errors.js'
import type { ConsistencyPoint } from '../../estimate/consistency.js'
import { consistencyChart, estimateSeries, modelsChart, theorySeries } from '../../report/charts/index.js'
import { pointDigits } from '../../report/consistency-table.js'
import { formatCsv, formatTable } from '../../report/table.js'
import { denseKs, referenceCurves, type Moments } from '../../theory/index.js'
import {
  compareManyOn,
  compareOn,
  modelLabels,
  overlapCount,
  type CompareManyResult,
  type CompareTheory as TheorySection,
} from '../../runs/compare.js'
import { inputSource, loadInput, transformsOf, type InputOptions } from '../input.js'
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
    .argument(
      '[files...]',
      'embeddings: .npy, .csv, .tsv, .txt, .vec, ... (or use --synthetic); two or more files compare models side by side',
    )
    .option(
      '--label <name>',
      "a model's name, once per file in order (default: the file's base name)",
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    )
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
  avgcon compare items.npy --center --k 2..50:4 --ci 0.01 --json --out compare.json
  avgcon compare als.npy svd.npy bpr.npy --label ALS --label SVD --label BPR --center --plot models.svg`,
    )
    .action(async (files: string[], f: EstimateFlags & InputOptions & { label?: string[] }) => {
      const labels = modelLabels(files.length > 0 ? files : [f.synthetic ?? 'embeddings'], f.label)
      if (files.length >= 2) return compareModels(files, labels, f)
      const file = files[0]
      const { embeddings: e, info } = await loadInput(file, f)
      if (f.metric !== 'dot')
        warn(`Proposition 2 describes inner-product scores; the theory columns ignore --metric ${f.metric}.`)
      const result = await withEstimateProgress(f, (settings) =>
        compareOn({ embeddings: e, info }, { ...settings, ...transformsOf(f) }),
      )
      const theory = result.theory
      const name = f.label?.[0] ?? info.file ?? info.synthetic ?? 'embeddings'
      const chart = () =>
        consistencyChart({
          title: `Consistency_k of ${name} against theory`,
          subtitle: `N=${e.n.toLocaleString('en-US')}, d=${e.d}${f.center ? ', centred' : ''}${f.normalize ? ', normalised' : ''}: estimate (95% CI) vs Proposition 2`,
          series: [
            estimateSeries(NAMES.real, result.results, 'real'),
            ...smoothSeries(smoothCurves(e.n, e.d, result.results, theory)),
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

/**
 * The three theory curves at every k of the measured range (see denseKs), from the
 * moments the run measured, so a sparse k list still draws them smooth.
 */
function smoothCurves(n: number, d: number, measured: ConsistencyPoint[], t: TheorySection) {
  const dims = t.moments.perDimension
  return referenceCurves({
    n,
    d,
    ks: denseKs(measured.map((p) => p.k)),
    dimMoments: {
      mean: Float64Array.from(dims.mean),
      std: Float64Array.from(dims.std),
      skewness: Float64Array.from(dims.skewness),
      kurtosis: Float64Array.from(dims.kurtosis),
    },
  })
}

function smoothSeries(r: ReturnType<typeof smoothCurves>) {
  return [
    theorySeries(NAMES.iid, r.iid),
    theorySeries(NAMES.pooled, r.pooled),
    theorySeries(NAMES.perDimension, r.perDimension),
  ]
}

/** `compare a.npy b.npy ...`: every model as its own single compare, then one table, ranking and figure. */
async function compareModels(
  files: string[],
  labels: string[],
  f: EstimateFlags & InputOptions & { label?: string[] },
): Promise<void> {
  for (const file of files) inputSource(file, f) // flag errors before anything is read
  if (f.metric !== 'dot')
    warn(`Proposition 2 describes inner-product scores; the theory columns ignore --metric ${f.metric}.`)
  const k = files.length
  const result = await withEstimateProgress(f, (settings) => {
    let model = 0
    const onProgress = settings.onProgress!
    return compareManyOn(
      labels.map((label, i) => ({
        label,
        load: () => {
          model = i
          return loadInput(files[i], f)
        },
      })),
      // The bar runs once over all models: model i fills the i-th k-th of it.
      { ...settings, onProgress: (d, t) => onProgress(model * t + d, k * t), ...transformsOf(f) },
    )
  })
  const sizes = unique(result.models.map((m) => `N=${(m.input?.n ?? 0).toLocaleString('en-US')}, d=${m.input?.d ?? 0}`))
  const chart = () =>
    modelsChart(
      result.models.map((m) => ({
        label: m.label,
        points: m.results,
        theory: m.input ? smoothCurves(m.input.n, m.input.d, m.results, m.theory).perDimension : m.theory.perDimension,
      })),
      {
        title: `Consistency_k of ${k} models against their per-dimension theory`,
        subtitle: `${sizes.length === 1 ? sizes[0] : 'N and d per model'}${f.center ? ', centred' : ''}${f.normalize ? ', normalised' : ''}: estimate (95% CI, solid) vs Proposition 2 with each model's per-dimension moments (dashed)`,
      },
    )
  await emit(
    {
      table: () => modelsTable(result) + rankingLines(result),
      json: () => result,
      csv: () => modelsCsv(result),
      chart,
    },
    f,
  )
}

function modelsTable(r: CompareManyResult): string {
  const digits = Math.max(...r.models.map((m) => pointDigits(m.results)))
  const ks = r.models[0]!.results.map((p) => p.k)
  const rows = ks.map((k, i) => [
    String(k),
    ...r.models.flatMap((m) => {
      const p = m.results[i]!
      return [
        p.mean.toFixed(digits),
        `[${p.ciLow.toFixed(digits)}, ${p.ciHigh.toFixed(digits)}]`,
        m.theory.perDimension[i]!.consistency.toFixed(4),
      ]
    }),
  ])
  return formatTable(
    [
      { header: 'k' },
      ...r.models.flatMap((m) => [
        { header: m.label },
        { header: '95% CI', align: 'left' as const },
        { header: 'per-dim theory' },
      ]),
    ],
    rows,
  )
}

function rankingLines(r: CompareManyResult): string {
  const n = r.models[0]!.results.length
  const byLabel = new Map(r.models.map((m) => [m.label, m]))
  const order = r.ranking.map((e) => `${e.rank}. ${e.label} ${e.mean.toFixed(3)}`).join(', ')
  const lines = [`\nRanking by mean Consistency_k over the ${n} k values: ${order}.`]
  r.ranking.forEach((e, i) => {
    for (const other of r.ranking.slice(i + 1))
      if (e.overlapsWith.includes(other.label)) {
        const c = overlapCount(byLabel.get(e.label)!.results, byLabel.get(other.label)!.results)
        lines.push(
          `Note: the 95% CIs of ${e.label} and ${other.label} overlap at ${c} of ${n} k values; their order is not clear.`,
        )
      }
  })
  return lines.join('\n') + '\n'
}

function modelsCsv(r: CompareManyResult): string {
  return formatCsv(
    ['model', 'k', 'mean', 'ciLow', 'ciHigh', 'theory_iid', 'theory_pooled', 'theory_per_dim'],
    r.models.flatMap((m) =>
      m.results.map((p, i) => [
        m.label,
        p.k,
        p.mean,
        p.ciLow,
        p.ciHigh,
        m.theory.iid[i]!.consistency,
        m.theory.pooled[i]!.consistency,
        m.theory.perDimension[i]!.consistency,
      ]),
    ),
  )
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

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
