/**
 * Histograms: the paper's Figure 1 (normalised histograms of <X_i, X_j> with the
 * normal approximation overlaid, one panel per dimension d) and a one-panel
 * histogram of any distribution (item norms, per-set precision, ...).
 */
import { InputError } from '../../errors.js'
import { type BinOptions, isHeavyTailed, logBinValues, resolveBins, scaleBins } from './bins.js'
import { ACCENT, baseConfig, HEIGHT, MUTED, SCHEMA, SERIES_COLORS, seriesColors, titleBlock, WIDTH } from './theme.js'
import type { ChartSpec, DensityPoint, HistogramData, HistogramScale } from './types.js'

/** One panel of {@link histogramChart}: samples (or bins) and an optional density overlay. */
export interface HistogramPanel extends HistogramData {
  /** Panel title, e.g. "d = 32". */
  label: string
  /** Model density drawn over the bars, e.g. the normal approximation. */
  density?: DensityPoint[]
}

/** Options of {@link histogramChart}. */
export interface HistogramChartOptions extends BinOptions {
  panels: HistogramPanel[]
  /** Chart title; default "Inner products of i.i.d. embeddings vs normal approximation". */
  title?: string
  subtitle?: string
  /** X axis title of every panel; default "<X_i, X_j>". */
  xTitle?: string
  /** Legend names of the bars and of the overlay. */
  barLabel?: string
  densityLabel?: string
  /** Panels per row; default min(panels, 3). */
  columns?: number
}

/** Options of {@link distributionChart}. */
export interface DistributionChartOptions extends HistogramData, BinOptions {
  /** What the samples are, e.g. "item norm ||x||"; the x axis title. */
  xTitle: string
  title?: string
  subtitle?: string
  /** Bar heights; default 'count'. */
  scale?: HistogramScale
  /** Vertical reference lines, e.g. { label: 'mean', value: 0.42 }. */
  markers?: { label: string; value: number }[]
  /**
   * A log x axis with bins of equal width in log10. Default: when raw `values` are given
   * and heavy-tailed (all positive, max / median > 10; see isHeavyTailed).
   */
  xLog?: boolean
}

const Y_TITLES: Record<HistogramScale, string> = { count: 'count', fraction: 'fraction of samples', density: 'density' }

/**
 * Builds Figure 1: per panel, a histogram of the samples normalised to a density
 * (so it integrates to 1) with the `density` curve overlaid. Several panels are
 * facets with their own axes (inner products spread as sqrt(d)) and one legend.
 */
export function histogramChart(opts: HistogramChartOptions): ChartSpec {
  if (opts.panels.length === 0) throw new InputError('plot: a histogram chart needs at least one panel.')
  const labels = opts.panels.map((p) => p.label)
  if (new Set(labels).size !== labels.length) throw new InputError('plot: histogram panel labels must be unique.')
  const names = { bars: opts.barLabel ?? 'histogram', density: opts.densityLabel ?? 'normal approximation' }
  const withDensity = opts.panels.some((p) => p.density !== undefined && p.density.length > 0)
  const rows = opts.panels.flatMap((p) =>
    [{ part: 'label' }, ...panelRows(p, { ...opts, scale: 'density' })].map((r) => ({ panel: p.label, ...r })),
  )
  // Panels with a fixed series colour (real sets, random sets) keep it; others stay muted.
  const panelColors =
    !withDensity && labels.some((l) => l in SERIES_COLORS) ? { domain: labels, range: seriesColors(labels) } : undefined
  const layer = histogramLayers({
    xTitle: opts.xTitle ?? '<X_i, X_j>',
    scale: 'density',
    names,
    withDensity,
    panelColors,
  })
  const title = opts.title ?? 'Inner products of i.i.d. embeddings vs normal approximation'
  const top = { $schema: SCHEMA, config: baseConfig(), data: { values: rows } }
  if (opts.panels.length === 1) {
    return {
      ...top,
      title: titleBlock(`${title} (${labels[0]})`, opts.subtitle),
      width: WIDTH,
      height: HEIGHT,
      layer,
    } as unknown as ChartSpec
  }
  const columns = opts.columns ?? Math.min(opts.panels.length, 3)
  return {
    ...top,
    title: titleBlock(title, opts.subtitle),
    columns,
    // Flush bounds align the plotting areas (not their axis labels) on a grid; the
    // spacing leaves room for the y labels of the panel to the right.
    bounds: 'flush',
    spacing: { row: 76, column: 72 },
    // A wrapped facet always titles its cells, placed from their full bounds so they
    // do not line up; blank that title and draw PANEL_LABEL instead.
    facet: {
      field: 'panel',
      type: 'nominal',
      sort: labels,
      title: null,
      header: { labelExpr: "''", labelPadding: 0, labelFontSize: 1 },
    },
    spec: {
      width: Math.round((WIDTH - 72 * (Math.min(columns, 3) - 1)) / Math.min(columns, 3)),
      height: 160,
      layer: [...layer, PANEL_LABEL],
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  } as unknown as ChartSpec
}

/**
 * Each facet's label drawn as a text mark just above its plotting area: facet
 * headers are placed from the cell's full bounds, so they would not line up.
 */
const PANEL_LABEL = {
  transform: [{ filter: "datum.part === 'label'" }],
  mark: { type: 'text', x: 0, y: -8, align: 'left', baseline: 'bottom', fontSize: 13, fontWeight: 'bold' },
  encoding: { text: { field: 'panel' } },
}

/** A one-panel histogram of one distribution, optionally with labelled vertical reference lines. */
export function distributionChart(opts: DistributionChartOptions): ChartSpec {
  const scale = opts.scale ?? 'count'
  for (const m of opts.markers ?? []) {
    if (!Number.isFinite(m.value)) throw new InputError(`plot: marker "${m.label}" has a non-finite value ${m.value}.`)
  }
  const xLog = opts.xLog ?? (opts.values !== undefined && isHeavyTailed(opts.values))
  if (xLog) {
    for (const m of opts.markers ?? [])
      if (!(m.value > 0)) throw new InputError(`plot: marker "${m.label}" is ${m.value}; a log axis needs it > 0.`)
  }
  const layer = histogramLayers({
    xTitle: xLog ? `${opts.xTitle} (log scale)` : opts.xTitle,
    scale,
    names: { bars: 'samples', density: '' },
    withDensity: false,
    xLog,
  })
  if (opts.markers !== undefined && opts.markers.length > 0) layer.push(...markerLayers(opts.markers, xLog))
  const data = xLog && opts.values !== undefined ? { bins: logBinValues(opts.values, opts) } : opts
  return {
    $schema: SCHEMA,
    title: titleBlock(opts.title ?? `Distribution of ${opts.xTitle}`, opts.subtitle),
    width: WIDTH,
    height: HEIGHT,
    config: baseConfig(),
    data: { values: panelRows(data, { ...opts, scale }) },
    layer,
  } as unknown as ChartSpec
}

/** Rows of one panel: one per bin (`part: 'bar'`), one per finite density point (`part: 'density'`). */
function panelRows(
  data: HistogramData & { density?: DensityPoint[]; label?: string },
  opts: BinOptions & { scale: HistogramScale },
): Record<string, unknown>[] {
  const label = data.label
  const bins = resolveBins(data, opts)
  if (bins.every((b) => b.count === 0))
    throw new InputError(`plot: histogram${label ? ` panel "${label}"` : ''} has no finite sample to draw.`)
  const heights = scaleBins(bins, opts.scale)
  const rows: Record<string, unknown>[] = bins.map((b, i) => ({ part: 'bar', x0: b.x0, x1: b.x1, y: heights[i] }))
  for (const p of data.density ?? []) {
    if (Number.isFinite(p.x) && Number.isFinite(p.y)) rows.push({ part: 'density', x0: p.x, y: p.y })
  }
  return rows
}

interface LayerStyle {
  xTitle: string
  scale: HistogramScale
  names: { bars: string; density: string }
  withDensity: boolean
  xLog?: boolean
  /** Bars coloured by panel (e.g. real sets vs random sets) instead of one muted colour. */
  panelColors?: { domain: string[]; range: string[] }
}

/** The bar layer of a histogram and, when a panel has a density, the density-curve layer. */
function histogramLayers({
  xTitle,
  scale,
  names,
  withDensity,
  xLog,
  panelColors,
}: LayerStyle): Record<string, unknown>[] {
  const color = (name: string): Record<string, unknown> => ({
    datum: name,
    type: 'nominal',
    title: null,
    scale: { domain: withDensity ? [names.bars, names.density] : [names.bars], range: [MUTED, ACCENT] },
    legend: withDensity ? { orient: 'top', direction: 'horizontal' } : null,
  })
  const x = {
    field: 'x0',
    type: 'quantitative',
    title: xTitle,
    scale: xLog ? { type: 'log', nice: false } : { zero: false, nice: false },
  }
  const barColor = panelColors
    ? { field: 'panel', type: 'nominal', title: null, scale: panelColors, legend: null }
    : color(names.bars)
  const y = { field: 'y', type: 'quantitative', title: Y_TITLES[scale] }
  const layers: Record<string, unknown>[] = [
    {
      transform: [{ filter: "datum.part === 'bar'" }],
      mark: { type: 'rect', stroke: 'white', strokeWidth: 0.5 },
      encoding: { x, x2: { field: 'x1' }, y, color: barColor },
    },
  ]
  if (withDensity) {
    layers.push({
      transform: [{ filter: "datum.part === 'density'" }],
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { x, y, color: color(names.density) },
    })
  }
  return layers
}

/** Dashed vertical rules with their labels at the top of the plot. */
function markerLayers(markers: { label: string; value: number }[], xLog = false): Record<string, unknown>[] {
  const values = markers.map((m) => ({ label: m.label, value: m.value }))
  const x = { field: 'value', type: 'quantitative', ...(xLog ? { scale: { type: 'log' } } : {}) }
  return [
    { data: { values }, mark: { type: 'rule', color: '#333', strokeDash: [4, 3], strokeWidth: 1.5 }, encoding: { x } },
    {
      data: { values },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 4, y: 0, fontSize: 11, color: '#333' },
      encoding: { x, text: { field: 'label' } },
    },
  ]
}
