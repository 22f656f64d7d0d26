/**
 * The report's figures, built by the same spec builders as every `--plot`
 * (src/report/charts), then made interactive (tooltips, zoom, show/hide).
 */
import {
  barChart,
  consistencyChart,
  distributionChart,
  estimateSeries,
  histogramChart,
  SERIES_COLORS,
  theorySeries,
  type ChartSpec,
  type CurveSeries,
} from '../charts/index.js'
import { interactiveChart } from './interactive.js'
import type { BucketJson, PageChart, ReportJson, SetJson } from './types.js'

export type { PageChart } from './types.js'

/**
 * Compiles the charts' Vega-Lite to Vega here, once, so the page only has to draw them:
 * this halves the report's time to render in the browser. Deterministic (vega-lite's id
 * counter is reset per chart).
 */
export async function compileCharts(charts: PageChart[]): Promise<PageChart[]> {
  const { compile, resetIdCounter } = await import('vega-lite')
  return charts.map((c) => {
    resetIdCounter()
    return { id: c.id, spec: compile(c.spec).spec as unknown as ChartSpec, mode: 'vega' }
  })
}

/** Curve names of the report's consistency and P(in>out) charts. */
export const CURVES = {
  measured: 'measured (95% CI)',
  normal: 'i.i.d. normal theory',
  pooled: 'moment-matched theory (pooled)',
  perDimension: 'moment-matched theory (per dimension)',
} as const

/** Raw values the charts bin, which the JSON summarises instead of listing. */
export interface ChartExtras {
  /** ||x|| of every item. */
  norms: ArrayLike<number>
  /**
   * The three theory curves at every k of the range (computed by the report run with
   * the same theory), drawn instead of the JSON's points at the measured k when given.
   */
  theory?: Record<'normal' | 'pooled' | 'perDimension', { k: number; consistency: number; pInOut: number }[]>
}

/** The figures of a report, in page order. */
export function reportCharts(r: ReportJson, extras: ChartExtras): PageChart[] {
  const charts: PageChart[] = [consistencyFigure(r, extras), pInOutFigure(r, extras), normsFigure(r, extras)]
  const kurtosis = r.theory.perDimension.moments as { dims?: { kurtosis: number[] } } | undefined
  if (kurtosis?.dims && kurtosis.dims.kurtosis.length > 1) {
    charts.push({
      id: 'chart-kurtosis',
      spec: interactiveChart(
        distributionChart({
          values: kurtosis.dims.kurtosis,
          xTitle: 'kurtosis of one coordinate',
          title: 'Kurtosis per dimension',
          subtitle: `${r.input?.d} dimensions; a normal law has 3, heavier tails more`,
          markers: [{ label: 'normal: 3', value: 3 }],
        }),
      ),
    })
  }
  if (r.sets) charts.push(...setsFigures(r.sets.results as BucketJson[], r.sets.sets as SetJson[]))
  return charts
}

function subtitleOf(r: ReportJson): string {
  const name = r.input?.file ?? r.input?.synthetic ?? 'embeddings'
  return `${name}: N=${(r.input?.n ?? 0).toLocaleString('en-US')}, d=${r.input?.d}, ${String(r.settings.metric)} similarity`
}

/** The three theory curves (same names, hence same colours, in every chart of the page). */
function theoryCurves(
  r: ReportJson,
  extras: ChartExtras,
  pick: (p: { consistency: number; pInOut: number }) => number,
): CurveSeries[] {
  const points = extras.theory ?? {
    normal: r.theory.normal.results,
    pooled: r.theory.pooled.results,
    perDimension: r.theory.perDimension.results,
  }
  const curve = (name: string, ps: { k: number; consistency: number; pInOut: number }[]): CurveSeries =>
    theorySeries(
      name,
      ps.map((p) => ({ k: p.k, consistency: pick(p) })),
    )
  return [
    curve(CURVES.normal, points.normal),
    curve(CURVES.pooled, points.pooled),
    curve(CURVES.perDimension, points.perDimension),
  ]
}

function consistencyFigure(r: ReportJson, extras: ChartExtras): PageChart {
  const series = [estimateSeries(CURVES.measured, r.estimate.results), ...theoryCurves(r, extras, (p) => p.consistency)]
  const spec = consistencyChart({
    title: 'Consistency_k: measured and predicted',
    subtitle: subtitleOf(r),
    series,
  })
  return { id: 'chart-consistency', spec: interactiveChart(spec, { toggles: series.map((s) => s.name) }) }
}

function pInOutFigure(r: ReportJson, extras: ChartExtras): PageChart {
  const series = theoryCurves(r, extras, (p) => p.pInOut)
  const spec = consistencyChart({
    title: 'P(in > out): an item of the set outscores an outsider',
    subtitle: 'Proposition 2, closed form; independent of N',
    yTitle: 'P(in > out)',
    series,
  })
  return { id: 'chart-pinout', spec: interactiveChart(spec, { toggles: series.map((s) => s.name) }) }
}

function normsFigure(r: ReportJson, extras: ChartExtras): PageChart {
  const values = Array.from(extras.norms)
  return {
    id: 'chart-norms',
    spec: interactiveChart(
      distributionChart({
        values,
        xTitle: 'item norm ||x||',
        title: 'Item norms',
        subtitle: `${values.length.toLocaleString('en-US')} items${r.settings.center ? ', after centring' : ''}; long averages favour long items under dot similarity`,
        markers: [{ label: 'mean', value: r.norms.mean }],
      }),
    ),
  }
}

/** The real-set figures: precision histograms (as `avgcon sets --plot`) and real against random by size. */
function setsFigures(buckets: BucketJson[], sets: SetJson[]): PageChart[] {
  const histogram = histogramChart({
    extent: [0, 1],
    binCount: 20,
    title: 'Precision of set averages',
    subtitle: `${sets.length.toLocaleString('en-US')} real sets, and random sets of the same sizes`,
    xTitle: 'Precision_|U|(U)',
    barLabel: 'sets',
    columns: 2,
    panels: [
      { label: 'real sets', values: sets.map((s) => s.precision) },
      { label: 'random sets, same sizes', values: sets.map((s) => s.random) },
    ],
  })
  const bars = buckets.flatMap((b) => [
    {
      label: `|U| ${b.label}: real`,
      value: b.precision.mean,
      low: b.precision.ciLow,
      high: b.precision.ciHigh,
      color: SERIES_COLORS['real sets'],
    },
    {
      label: `|U| ${b.label}: random`,
      value: b.random.mean,
      low: b.random.ciLow,
      high: b.random.ciHigh,
      color: SERIES_COLORS['random sets'],
    },
  ])
  const bySize = barChart({
    bars,
    valueTitle: 'mean Precision_|U| (95% CI)',
    title: 'Real against random sets, by set size',
  })
  return [
    { id: 'chart-sets-histogram', spec: interactiveChart(histogram) },
    { id: 'chart-sets-by-size', spec: interactiveChart(bySize) },
  ]
}
