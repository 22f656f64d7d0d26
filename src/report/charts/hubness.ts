/**
 * `diagnose --plot`: the hubness argument in one figure. Left, the histogram of item
 * norms (log x when heavy-tailed); right, each item's norm against its k-occurrence
 * N_k, how many of the random averages' top-k lists it entered. Long items that
 * collect many lists are the hubs that drag Consistency_k down.
 */
import { InputError } from '../../errors.js'
import { isHeavyTailed } from './bins.js'
import { distributionChart } from './histogram.js'
import { baseConfig, HEIGHT, SCHEMA, SERIES_COLORS, titleBlock, WIDTH } from './theme.js'
import type { ChartSpec } from './types.js'

/** Options of {@link normHubnessChart}. */
export interface NormHubnessChartOptions {
  /** ||x|| of every item. */
  norms: ArrayLike<number>
  /** N_k of every item, in the same order. */
  occurrences: ArrayLike<number>
  /** The k of N_k (axis title). */
  k: number
  title?: string
  subtitle?: string
  /** Vertical reference lines on the histogram, e.g. the median norm. */
  markers?: { label: string; value: number }[]
  /** Most items drawn in the scatter (the rest are thinned evenly; the top N_k and norms always stay). */
  maxPoints?: number
}

/** Width of each of the two panels, so the figure is as wide as a one-panel chart. */
const PANEL_WIDTH = Math.round((WIDTH - 40) / 2)

/** The two-panel figure: norm histogram beside the norm-against-N_k scatter (hconcat). */
export function normHubnessChart(opts: NormHubnessChartOptions): ChartSpec {
  const n = opts.norms.length
  if (n !== opts.occurrences.length)
    throw new InputError(`plot: ${n} norms but ${opts.occurrences.length} k-occurrences; give one of each per item.`)
  const xLog = isHeavyTailed(opts.norms)
  const histogram = distributionChart({
    values: Array.from(opts.norms),
    xTitle: 'item norm ||x||',
    title: 'Item norms',
    markers: opts.markers,
    xLog,
  }) as unknown as Record<string, unknown>
  const { $schema: _s, config: _c, ...left } = histogram
  const points = thin(opts.norms, opts.occurrences, opts.maxPoints ?? 5000)
  const right = {
    width: PANEL_WIDTH,
    height: HEIGHT * 0.8,
    layer: [
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 14, opacity: 0.5, color: SERIES_COLORS['measured (95% CI)'] },
        encoding: {
          x: {
            field: 'norm',
            type: 'quantitative',
            title: xLog ? 'item norm ||x|| (log scale)' : 'item norm ||x||',
            scale: xLog ? { type: 'log', nice: false } : { zero: false, nice: false },
          },
          y: {
            field: 'occurrence',
            type: 'quantitative',
            title: `N_${opts.k}: top-${opts.k} lists the item entered`,
            // Counts pile up at 0 with a few hubs far above: a symmetric log keeps both readable.
            scale: { type: 'symlog' },
            axis: { values: symlogTicks(Math.max(0, ...Array.from(opts.occurrences).filter(Number.isFinite))) },
          },
          tooltip: [
            { field: 'item', title: 'item' },
            { field: 'norm', title: 'norm', format: '.4g' },
            { field: 'occurrence', title: `N_${opts.k}` },
          ],
        },
      },
      panelLabel(`Norm against k-occurrence N_${opts.k}`),
    ],
  }
  return {
    $schema: SCHEMA,
    config: baseConfig(),
    title: titleBlock(opts.title ?? 'Norms and hubness', opts.subtitle),
    // Flush bounds align the two plotting areas (and their titles) whatever their axis labels.
    bounds: 'flush',
    spacing: 56,
    hconcat: [
      {
        ...left,
        title: undefined,
        layer: [...(left.layer as unknown[]), panelLabel('Item norms')],
        width: PANEL_WIDTH,
        height: HEIGHT * 0.8,
      },
      right,
    ],
  } as unknown as ChartSpec
}

/** Ticks 0, 1, 2, 5, 10, 20, 50, ... up to `max`: a symlog axis labels too few by itself. */
function symlogTicks(max: number): number[] {
  const ticks = [0]
  for (let p = 1; p <= Math.max(1, max); p *= 10)
    for (const m of [1, 2, 5]) if (m * p <= Math.max(1, max)) ticks.push(m * p)
  return ticks
}

/**
 * A panel's title as a text mark just above its plotting area: view titles are
 * placed from each view's full bounds, so two panels' titles would not line up.
 */
function panelLabel(text: string): Record<string, unknown> {
  return {
    data: { values: [{}] },
    mark: { type: 'text', text, x: 0, y: -10, align: 'left', baseline: 'bottom', fontSize: 13, fontWeight: 'bold' },
  }
}

/**
 * At most `max` items for the scatter: the 1% (at least 10) largest N_k and norms, then
 * every stride-th item of the rest, so a million items draw a readable, small file.
 */
function thin(norms: ArrayLike<number>, occ: ArrayLike<number>, max: number): Record<string, number>[] {
  const n = norms.length
  const ok = (i: number): boolean => Number.isFinite(norms[i]!) && Number.isFinite(occ[i]!)
  const index = Array.from({ length: n }, (_, i) => i).filter(ok)
  const keep = new Set<number>()
  if (index.length > max) {
    const top = Math.max(10, Math.ceil(index.length / 100))
    for (const i of [...index].sort((a, b) => occ[b]! - occ[a]!).slice(0, top)) keep.add(i)
    for (const i of [...index].sort((a, b) => norms[b]! - norms[a]!).slice(0, top)) keep.add(i)
    const stride = index.length / Math.max(1, max - keep.size)
    for (let j = 0; j < index.length && keep.size < max; j += stride) keep.add(index[Math.floor(j)]!)
  } else for (const i of index) keep.add(i)
  return [...keep].sort((a, b) => a - b).map((i) => ({ item: i, norm: norms[i]!, occurrence: occ[i]! }))
}
