/**
 * Labelled bars with optional error bars, in the given order: e.g. mean
 * precision of real sets vs random sets, or one value per embedding model.
 */
import { InputError } from '../../errors.js'
import { baseConfig, PALETTE, SCHEMA, titleBlock, WIDTH } from './theme.js'
import type { ChartSpec } from './types.js'

/** One bar; `low`/`high` draw an error bar (e.g. a 95% CI). */
export interface Bar {
  label: string
  value: number
  low?: number
  high?: number
  /** The bar's colour (e.g. SERIES_COLORS['random sets']); default the first palette colour. */
  color?: string
}

/** Options of {@link barChart}. */
export interface BarChartOptions {
  bars: Bar[]
  /** Title of the value axis, e.g. "mean Precision_|U|". */
  valueTitle: string
  /** Title of the category axis; default none. */
  categoryTitle?: string
  title?: string
  subtitle?: string
}

/**
 * Builds horizontal bars (long labels stay readable) in input order, with error
 * bars where both `low` and `high` are finite.
 */
export function barChart(opts: BarChartOptions): ChartSpec {
  if (opts.bars.length === 0) throw new InputError('plot: a bar chart needs at least one bar.')
  const labels = opts.bars.map((b) => b.label)
  if (new Set(labels).size !== labels.length) throw new InputError('plot: bar labels must be unique.')
  for (const b of opts.bars) {
    if (!Number.isFinite(b.value)) throw new InputError(`plot: bar "${b.label}" has a non-finite value ${b.value}.`)
  }
  const coloured = opts.bars.some((b) => b.color !== undefined)
  const values = opts.bars.map((b) => {
    const band = Number.isFinite(b.low) && Number.isFinite(b.high)
    return {
      label: b.label,
      value: b.value,
      low: band ? b.low : null,
      high: band ? b.high : null,
      ...(coloured ? { color: b.color ?? PALETTE[0] } : {}),
    }
  })
  const y = {
    field: 'label',
    type: 'nominal',
    title: opts.categoryTitle ?? null,
    sort: labels,
    axis: { labelLimit: 220 },
  }
  const x = { field: 'value', type: 'quantitative', title: opts.valueTitle }
  return {
    $schema: SCHEMA,
    title: titleBlock(opts.title ?? opts.valueTitle, opts.subtitle),
    width: WIDTH,
    height: { step: 26 },
    config: baseConfig(),
    data: { values },
    layer: [
      coloured
        ? {
            mark: { type: 'bar', height: { band: 0.7 } },
            encoding: { y, x, color: { field: 'color', type: 'nominal', scale: null, legend: null } },
          }
        : { mark: { type: 'bar', color: PALETTE[0], height: { band: 0.7 } }, encoding: { y, x } },
      {
        transform: [{ filter: 'datum.low !== null && datum.high !== null' }],
        mark: { type: 'rule', color: '#333', strokeWidth: 1.5 },
        encoding: { y, x: { ...x, field: 'low' }, x2: { field: 'high' } },
      },
    ],
  } as unknown as ChartSpec
}
