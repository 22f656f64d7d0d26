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

/**
 * Title block: plain string, or string with a subtitle. The subtitle wraps at
 * SUBTITLE_CHARS (see wrapText), so the figure keeps its width whatever the subtitle's length.
 */
export function titleBlock(text: string, subtitle?: string): string | Record<string, unknown> {
  if (subtitle === undefined) return text
  const lines = wrapText(subtitle)
  return { text, subtitle: lines.length === 1 ? lines[0] : lines }
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

/**
 * One colour per series name, on every chart of a page and of the CLI (issue 13):
 * a name listed here always gets its colour; any other name (models, N values,
 * panels) takes the palette in order, skipping the colours reserved here.
 */
export const SERIES_COLORS: Readonly<Record<string, string>> = {
  // Measurements
  'measured (95% CI)': '#0072B2',
  'estimate (95% CI)': '#0072B2',
  'real (95% CI)': '#0072B2',
  simulated: '#0072B2',
  // Proposition 2 for i.i.d. N(0,1) coordinates
  'i.i.d. normal theory': '#E69F00',
  'i.i.d. N(0,1)': '#E69F00',
  'Proposition 2': '#E69F00',
  // Moment-matched theory
  'moment-matched theory (pooled)': '#009E73',
  'moment-matched (pooled)': '#009E73',
  'moment-matched theory (per dimension)': '#D55E00',
  'per-dimension moments': '#D55E00',
  // Real sets against random sets of the same sizes
  'real sets': '#0072B2',
  'random sets, same sizes': '#CC79A7',
  'random sets': '#CC79A7',
}

/**
 * The colours of `names` in order: SERIES_COLORS where a name is listed, else the
 * next palette colour that no listed name of this chart already uses.
 */
export function seriesColors(names: readonly string[]): string[] {
  const fixed = new Set(names.flatMap((n) => (n in SERIES_COLORS ? [SERIES_COLORS[n]!] : [])))
  const free = PALETTE.filter((c) => !fixed.has(c))
  let next = 0
  return names.map((n) => SERIES_COLORS[n] ?? free[next++ % free.length]!)
}

/** About how many subtitle characters fit on one line of a WIDTH-wide chart (12 px DejaVu Sans averages ~7 px). */
export const SUBTITLE_CHARS = Math.floor(WIDTH / 7)

/**
 * Breaks `text` into lines of at most `width` characters at spaces, so a long subtitle
 * wraps instead of widening the figure; a word longer than `width` (a long path) keeps
 * its start and end around an ellipsis.
 */
export function wrapText(text: string, width = SUBTITLE_CHARS): string[] {
  const lines: string[] = []
  let line = ''
  const cut = (w: string): string =>
    w.length <= width ? w : `${w.slice(0, Math.ceil(width / 2) - 1)}…${w.slice(w.length - Math.floor(width / 2))}`
  for (const word of text
    .split(/\s+/)
    .filter((w) => w !== '')
    .map(cut)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line === '' ? word : `${line} ${word}`
  }
  if (line !== '') lines.push(line)
  return lines
}
