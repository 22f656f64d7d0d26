/**
 * Consistency_k against the set size k: the paper's Figures 2 and 3 and
 * `estimate --plot`. Lines per curve, dashed theory, point markers on measured
 * curves, and a translucent band for every confidence interval.
 */
import type { ConsistencyPoint } from '../../estimate/consistency.js'
import { InputError } from '../../errors.js'
import { baseConfig, HEIGHT, kAxis, SCHEMA, seriesColors, titleBlock, WIDTH } from './theme.js'
import type { ChartSpec, CurveKind, CurveSeries } from './types.js'

/** Options of {@link consistencyChart}. */
export interface ConsistencyChartOptions {
  series: CurveSeries[]
  /** Chart title; default "Consistency of average embeddings". */
  title?: string
  subtitle?: string
  /** Y axis title; default "Consistency_k". */
  yTitle?: string
  /** X axis title; default "set size k". */
  xTitle?: string
  /** Fixed y range, e.g. [0, 1]; default: {@link yDomainFromData} over every curve, band and theory point. */
  yDomain?: [number, number]
  /** A log y axis (CLI --ylog); its default range covers the positive values only. */
  yLog?: boolean
  /** Title of the colour legend; default none. */
  legendTitle?: string
}

/** Above this many points a curve is drawn without point markers (they would only blur it). */
export const MARKER_LIMIT = 120

/** Legend order and dash pattern of each kind (solid for measurements, dashed for theory). */
const KIND_STYLE: Record<CurveKind, number[]> = {
  estimate: [1, 0],
  simulated: [1, 0],
  real: [1, 0],
  theory: [6, 4],
  baseline: [2, 3],
}

/** Legend entries drawn as short opaque line segments, so dashes and colours read clearly. */
const LINE_LEGEND = { symbolType: 'stroke', symbolSize: 500, symbolStrokeWidth: 2.5, symbolOpacity: 1 }

interface Row {
  series: string
  group: string
  kind: CurveKind
  k: number
  value: number
  low: number | null
  high: number | null
  marker: boolean
}

/**
 * Builds the Vega-Lite spec of one or more Consistency_k curves against k.
 * Non-finite values are dropped; a CI band is drawn where both `low` and `high` are finite.
 */
export function consistencyChart(opts: ConsistencyChartOptions): ChartSpec {
  const rows = curveRows(opts.series)
  const groups = unique(opts.series.map((s) => s.group ?? s.name))
  const kinds = (Object.keys(KIND_STYLE) as CurveKind[]).filter((kind) => opts.series.some((s) => s.kind === kind))
  const enc: Encodings = {
    y: {
      field: 'value',
      type: 'quantitative',
      title: opts.yTitle ?? 'Consistency_k',
      scale: {
        ...(opts.yLog ? { type: 'log' } : {}),
        domain: opts.yDomain ?? yDomainFromData(rowValues(rows), { log: opts.yLog }),
        zero: false,
        nice: false,
      },
    },
    color: {
      field: 'group',
      type: 'nominal',
      title: opts.legendTitle ?? null,
      // With one line style there is no style legend, so the colour legend draws that style.
      legend: kinds.length === 1 ? { ...LINE_LEGEND, symbolDash: KIND_STYLE[kinds[0]!] } : LINE_LEGEND,
      scale: { domain: groups, range: seriesColors(groups) },
    },
    strokeDash: {
      field: 'kind',
      type: 'nominal',
      title: null,
      scale: { domain: kinds, range: kinds.map((kind) => KIND_STYLE[kind]) },
      legend: kinds.length > 1 ? { ...LINE_LEGEND, symbolStrokeColor: '#444' } : null,
    },
  }
  return {
    $schema: SCHEMA,
    title: titleBlock(opts.title ?? 'Consistency of average embeddings', opts.subtitle),
    width: WIDTH,
    height: HEIGHT,
    config: baseConfig(),
    data: { values: rows },
    encoding: { x: kAxis(opts.xTitle) },
    layer: curveLayers(enc, rows),
  } as unknown as ChartSpec
}

type Encodings = Record<'y' | 'color' | 'strokeDash', Record<string, unknown>>

/**
 * Bands first, then measured lines and their markers, then theory lines on top:
 * a dashed theory curve must stay visible where it matches the simulation.
 * Layers with no rows are left out (Vega warns about their empty extents).
 */
function curveLayers({ y, color, strokeDash }: Encodings, rows: Row[]): Record<string, unknown>[] {
  const detail = { field: 'series' }
  const line = (filter: string): Record<string, unknown> => ({
    transform: [{ filter }],
    mark: { type: 'line', strokeWidth: 2 },
    encoding: { y, color, strokeDash, detail },
  })
  const tooltip = [
    { field: 'series', title: 'curve' },
    { field: 'k', title: 'k' },
    { field: 'value', title: y.title, format: '.4f' },
    { field: 'low', title: 'CI low', format: '.4f' },
    { field: 'high', title: 'CI high', format: '.4f' },
  ]
  const layers: Record<string, unknown>[] = []
  if (rows.some((r) => r.low !== null)) {
    layers.push({
      transform: [{ filter: 'datum.low !== null && datum.high !== null' }],
      mark: { type: 'area', opacity: 0.18, line: false },
      encoding: { y: { field: 'low', type: 'quantitative', title: y.title }, y2: { field: 'high' }, color, detail },
    })
  }
  if (rows.some((r) => r.kind !== 'theory')) layers.push(line("datum.kind !== 'theory'"))
  if (rows.some((r) => r.marker)) {
    layers.push({
      transform: [{ filter: 'datum.marker' }],
      mark: { type: 'point', filled: true, size: 28, opacity: 1 },
      encoding: { y, color, detail, tooltip },
    })
  }
  if (rows.some((r) => r.kind === 'theory')) layers.push(line("datum.kind === 'theory'"))
  return layers
}

function curveRows(series: CurveSeries[]): Row[] {
  if (series.length === 0) throw new InputError('plot: a consistency chart needs at least one curve.')
  const names = new Set<string>()
  const rows: Row[] = []
  for (const s of series) {
    if (names.has(s.name))
      throw new InputError(`plot: curve name "${s.name}" is used twice; give each curve its own name.`)
    if (!(s.kind in KIND_STYLE))
      throw new InputError(`plot: curve kind "${s.kind}" is unknown; use ${Object.keys(KIND_STYLE).join(', ')}.`)
    names.add(s.name)
    const finite = s.points.filter((p) => Number.isFinite(p.k) && Number.isFinite(p.value))
    const marker = s.kind !== 'theory' && finite.length <= MARKER_LIMIT
    for (const p of finite) {
      const hasBand = Number.isFinite(p.low) && Number.isFinite(p.high)
      rows.push({
        series: s.name,
        group: s.group ?? s.name,
        kind: s.kind,
        k: p.k,
        value: p.value,
        low: hasBand ? p.low! : null,
        high: hasBand ? p.high! : null,
        marker,
      })
    }
  }
  if (rows.length === 0) throw new InputError('plot: no curve has a finite point to draw.')
  return rows
}

/** Every value a consistency chart draws: curve points and both ends of each CI band. */
function rowValues(rows: Row[]): number[] {
  return rows.flatMap((r) => (r.low !== null && r.high !== null ? [r.value, r.low, r.high] : [r.value]))
}

/**
 * The default y range of a consistency chart, from the values it draws (curves, CI
 * ends, theory): [min - 8% of the span, max + 8% of the span], the span being at least
 * 0.02 (so a flat curve still gets a visible range), clamped to [0, 1] (Consistency_k
 * and P(in > out) are probabilities). A log axis pads by the same 8% of the span in
 * log10 units and keeps to positive values; with no finite value it is [0, 1].
 */
export function yDomainFromData(values: readonly number[], opts: { log?: boolean } = {}): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v) && (!opts.log || v > 0))
  if (finite.length === 0) return opts.log ? [0.001, 1] : [0, 1]
  let lo = Infinity
  let hi = -Infinity
  for (const v of finite) {
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  if (opts.log) {
    const [a, b] = [Math.log10(lo), Math.log10(hi)]
    const pad = 0.08 * Math.max(b - a, 0.1)
    return [10 ** (a - pad), Math.min(1, 10 ** (b + pad))]
  }
  const pad = 0.08 * Math.max(hi - lo, 0.02)
  lo = Math.max(0, lo - pad)
  hi = Math.min(1, hi + pad)
  return [lo, hi]
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}

/**
 * A curve from the estimator's points: mean with its confidence interval as the band.
 * `kind` defaults to 'estimate' (use 'simulated' for Figure 2, 'real' for Figure 3).
 */
export function estimateSeries(
  name: string,
  points: ConsistencyPoint[],
  kind: CurveKind = 'estimate',
  group?: string,
): CurveSeries {
  return { name, kind, group, points: points.map((p) => ({ k: p.k, value: p.mean, low: p.ciLow, high: p.ciHigh })) }
}

/** A theoretical curve from any points carrying `k` and `consistency` (e.g. theory's TheoryPoint). */
export function theorySeries(name: string, points: { k: number; consistency: number }[], group?: string): CurveSeries {
  return { name, kind: 'theory', group, points: points.map((p) => ({ k: p.k, value: p.consistency })) }
}

/** One model of {@link modelsChart}: its measured curve and its per-dimension theory. */
export interface ModelCurves {
  label: string
  points: ConsistencyPoint[]
  theory: { k: number; consistency: number }[]
}

/**
 * Several models on one figure: each model's measured curve with its CI band and its
 * per-dimension theory dashed, both in the model's colour (model i gets the i-th free palette colour).
 */
export function modelsChart(models: ModelCurves[], opts: Omit<ConsistencyChartOptions, 'series'> = {}): ChartSpec {
  return consistencyChart({
    ...opts,
    series: models.flatMap((m) => [
      estimateSeries(m.label, m.points, 'real', m.label),
      theorySeries(`${m.label} (per-dimension theory)`, m.theory, m.label),
    ]),
  })
}
