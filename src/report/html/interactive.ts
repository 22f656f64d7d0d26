/**
 * Interactivity for the HTML pages, added on top of the shared chart specs
 * (src/report/charts) without changing their look: hover tooltips on every point,
 * zoom and pan on consistency charts, and one checkbox per curve that hides it.
 * Pure JSON in, JSON out: the same function runs in Node (report) and in the
 * browser (theory explorer).
 */
import type { ChartSpec } from '../charts/index.js'

type Json = Record<string, unknown>

/** Options of {@link interactiveChart}. */
export interface InteractiveOptions {
  /** Curve names (the `series` field of consistency-chart rows) that get a show/hide checkbox. */
  toggles?: string[]
  /** Scroll to zoom, drag to pan, double-click to reset (consistency charts). Default true when `toggles` is given. */
  zoom?: boolean
}

/** The name of the checkbox parameter of the i-th toggled curve. */
export function toggleParam(i: number): string {
  return `show_${i}`
}

/**
 * Returns a copy of `spec` with tooltips on its marks and, for a consistency chart
 * (top-level `layer` over rows with a `series` field), a hidden hover layer that shows
 * the nearest point's values, zoom/pan on both axes, and show/hide checkboxes.
 */
export function interactiveChart(spec: ChartSpec, opts: InteractiveOptions = {}): ChartSpec {
  const out = structuredClone(spec) as unknown as Json
  addMarkTooltips(out)
  const layers = out.layer as Json[] | undefined
  const toggles = opts.toggles ?? []
  if (!Array.isArray(layers) || toggles.length === 0) return out as unknown as ChartSpec
  const visible = toggles
    .map((name, i) => `(datum.series !== ${JSON.stringify(name)} || ${toggleParam(i)})`)
    .join(' && ')
  for (const layer of layers)
    layer.transform = [{ filter: visible }, ...((layer.transform as Json[] | undefined) ?? [])]
  const hover = hoverLayer(layers, visible, opts.zoom ?? true)
  if (hover) layers.push(hover)
  out.params = [
    ...((out.params as Json[] | undefined) ?? []),
    ...toggles.map((name, i) => ({ name: toggleParam(i), value: true, bind: { input: 'checkbox', name: ` ${name}` } })),
  ]
  return out as unknown as ChartSpec
}

/**
 * A layer of invisible points over every curve: the nearest one to the pointer lights
 * up and shows its values (Vega-Lite's voronoi `nearest`), and the zoom parameter.
 */
function hoverLayer(layers: Json[], visible: string, zoom: boolean): Json | undefined {
  const withY = layers.find(
    (l) => (l.encoding as Json | undefined)?.y && ((l.encoding as Json).y as Json).field === 'value',
  )
  if (!withY) return undefined
  const enc = withY.encoding as Json
  const y = enc.y as Json
  const params: Json[] = [
    { name: 'hover', select: { type: 'point', on: 'pointerover', nearest: true, clear: 'pointerout' } },
  ]
  if (zoom) params.push({ name: 'zoom', select: { type: 'interval', encodings: ['x', 'y'] }, bind: 'scales' })
  return {
    transform: [{ filter: visible }],
    params,
    mark: { type: 'point', filled: true, size: 70 },
    encoding: {
      y,
      color: enc.color,
      detail: { field: 'series' },
      opacity: { condition: { param: 'hover', empty: false, value: 1 }, value: 0 },
      tooltip: [
        { field: 'series', title: 'curve' },
        { field: 'k', title: 'k' },
        { field: 'value', title: y.title ?? 'value', format: '.4f' },
        { field: 'low', title: 'CI low', format: '.4f' },
        { field: 'high', title: 'CI high', format: '.4f' },
      ],
    },
  }
}

/** Bars and rectangles (histograms) without a tooltip show their encoded values on hover. */
function addMarkTooltips(node: unknown): void {
  if (Array.isArray(node)) {
    for (const child of node) addMarkTooltips(child)
    return
  }
  if (node === null || typeof node !== 'object') return
  const obj = node as Json
  if (obj.mark !== undefined) {
    const mark: Json = typeof obj.mark === 'string' ? { type: obj.mark } : (obj.mark as Json)
    const enc = obj.encoding as Json | undefined
    if (['bar', 'rect'].includes(String(mark.type)) && mark.tooltip === undefined && enc?.tooltip === undefined) {
      obj.mark = { ...mark, tooltip: { content: 'encoding' } }
    }
  }
  for (const key of ['layer', 'spec', 'hconcat', 'vconcat', 'concat'])
    if (obj[key] !== undefined) addMarkTooltips(obj[key])
}
