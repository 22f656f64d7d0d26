/**
 * P(s(u, mu_U) > s(v, mu_U)) for u in U, v not in U, against k: the closed form
 * (theory.md §2, a line) next to the empirical frequency (points with CI bars).
 */
import { InputError } from '../../errors.js'
import { baseConfig, HEIGHT, kAxis, MUTED, PALETTE, SCHEMA, titleBlock, WIDTH } from './theme.js'
import type { ChartSpec } from './types.js'

/** One setting (e.g. one d or one law): its closed-form curve and/or empirical frequencies. */
export interface PairwiseSeries {
  name: string
  /** Closed form Phi(...) at each k. */
  closedForm?: { k: number; value: number }[]
  /** Empirical frequency at each k, with its confidence interval. */
  empirical?: { k: number; value: number; low?: number; high?: number }[]
}

/** Options of {@link pairwiseChart}. */
export interface PairwiseChartOptions {
  series: PairwiseSeries[]
  /** Default "P(in-set item outscores out-of-set item)". */
  title?: string
  /** Default: says what lines and points are. */
  subtitle?: string
  /** Default "P(s(u, μ_U) > s(v, μ_U))". */
  yTitle?: string
  legendTitle?: string
}

/**
 * Builds the P(in > out) chart: a solid line per closed-form curve, filled points
 * with vertical CI bars per empirical curve (same colour for the same series), and a
 * grey reference rule at 0.5 (a random ranking).
 */
export function pairwiseChart(opts: PairwiseChartOptions): ChartSpec {
  const names = opts.series.map((s) => s.name)
  if (names.length === 0) throw new InputError('plot: a pairwise chart needs at least one series.')
  if (new Set(names).size !== names.length) throw new InputError('plot: pairwise series names must be unique.')
  const closed = opts.series.flatMap((s) =>
    (s.closedForm ?? []).filter(finitePoint).map((p) => ({ series: s.name, k: p.k, value: p.value })),
  )
  const empirical = opts.series.flatMap((s) =>
    (s.empirical ?? []).filter(finitePoint).map((p) => {
      const band = Number.isFinite(p.low) && Number.isFinite(p.high)
      return { series: s.name, k: p.k, value: p.value, low: band ? p.low : p.value, high: band ? p.high : p.value }
    }),
  )
  if (closed.length + empirical.length === 0)
    throw new InputError('plot: the pairwise chart has no finite point to draw.')
  const yTitle = opts.yTitle ?? 'P(s(u, μ_U) > s(v, μ_U))'
  const color = {
    field: 'series',
    type: 'nominal',
    title: opts.legendTitle ?? null,
    scale: { domain: names, range: names.map((_, i) => PALETTE[i % PALETTE.length]) },
  }
  const y = { field: 'value', type: 'quantitative', title: yTitle, scale: { zero: false } }
  const x = kAxis()
  return {
    $schema: SCHEMA,
    title: titleBlock(
      opts.title ?? 'P(in-set item outscores out-of-set item)',
      opts.subtitle ?? 'lines: closed form; points: empirical frequency with 95% CI',
    ),
    width: WIDTH,
    height: HEIGHT,
    config: baseConfig(),
    layer: [
      { data: { values: [{ value: 0.5 }] }, mark: { type: 'rule', color: MUTED, strokeDash: [2, 3] }, encoding: { y } },
      ...(closed.length > 0
        ? [{ data: { values: closed }, mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color } }]
        : []),
      ...(empirical.length > 0 ? empiricalLayers(empirical, x, y, color) : []),
    ],
  } as unknown as ChartSpec
}

/** Vertical CI bars with a filled point on top, per empirical frequency. */
function empiricalLayers(values: object[], x: object, y: Record<string, unknown>, color: object): object[] {
  const tooltip = [
    { field: 'series' },
    { field: 'k' },
    { field: 'value', format: '.4f' },
    { field: 'low', format: '.4f' },
    { field: 'high', format: '.4f' },
  ]
  return [
    {
      data: { values },
      mark: { type: 'rule', strokeWidth: 1.5 },
      encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' }, color },
    },
    {
      data: { values },
      mark: { type: 'point', filled: true, size: 36, opacity: 1 },
      encoding: { x, y, color, tooltip },
    },
  ]
}

function finitePoint(p: { k: number; value: number }): boolean {
  return Number.isFinite(p.k) && Number.isFinite(p.value)
}
