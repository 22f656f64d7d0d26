/**
 * The look shared by every chart: size, font, palette, axis and legend style.
 * One place, so `--plot` files and the HTML report look alike.
 */

/** Width in pixels of a single-panel chart's plotting area. */
export const WIDTH = 640
/** Height in pixels of a single-panel chart's plotting area. */
export const HEIGHT = 360

/** Vega-Lite schema URL: an identifier only, never fetched. */
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json'

/**
 * DejaVu Sans first: it is what the PNG renderer loads (see render.ts), and its
 * metrics are close to what Vega's width estimate assumes. Browsers fall back.
 */
export const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif'

/** Okabe–Ito colours (safe for colour-blind readers), yellow last since it is faint on white. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000', '#F0E442']

/** Muted colour for histogram bars and reference lines. */
export const MUTED = '#8c9db5'
/** Colour of an overlaid model curve (normal approximation, closed form). */
export const ACCENT = '#D55E00'

/** Top-level config every builder uses (kept as plain JSON). */
export function baseConfig(): Record<string, unknown> {
  return {
    font: FONT,
    background: 'white',
    view: { stroke: '#bbb' },
    title: {
      fontSize: 15,
      fontWeight: 'bold',
      anchor: 'start',
      subtitleFontSize: 12,
      subtitleColor: '#555',
      offset: 12,
    },
    axis: {
      labelFontSize: 11,
      titleFontSize: 12,
      titleFontWeight: 'normal',
      gridColor: '#e6e6e6',
      domainColor: '#888',
      tickColor: '#888',
    },
    legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', symbolStrokeWidth: 2, labelLimit: 260 },
    header: { labelFontSize: 12, titleFontSize: 12 },
    concat: { spacing: 24 },
  }
}

/** Title block: plain string, or string with a subtitle. */
export function titleBlock(text: string, subtitle?: string): string | Record<string, unknown> {
  return subtitle === undefined ? text : { text, subtitle }
}

/** X axis of set size k: integer ticks only. */
export function kAxis(title = 'set size k'): Record<string, unknown> {
  return {
    field: 'k',
    type: 'quantitative',
    title,
    axis: { tickMinStep: 1, format: ',d' },
    scale: { zero: false, nice: false },
  }
}
