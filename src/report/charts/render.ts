/**
 * Headless rendering: Vega-Lite spec -> SVG string (vega, no DOM, no network)
 * -> PNG bytes (resvg). Both libraries are imported lazily, so loading avgcon
 * costs nothing until a chart is actually drawn.
 */
import { existsSync } from 'node:fs'
import type { Loader, ViewOptions } from 'vega'
import { InputError, warn } from '../../errors.js'
import type { ChartSpec } from './types.js'

/** Options of {@link renderPng}. */
export interface PngOptions {
  /** Pixel ratio: 2 (default) gives 2 pixels per SVG unit, sharp on screens and slides. */
  scale?: number
  /** TrueType/OpenType files to draw text with; default: DejaVu Sans if found, else system fonts. */
  fontFiles?: string[]
  /** Family name inside `fontFiles` that replaces the chart's fonts; default 'DejaVu Sans'. */
  fontFamily?: string
}

/**
 * Where DejaVu Sans lives on common systems (Debian/Ubuntu `fonts-dejavu-core`,
 * Fedora `dejavu-sans-fonts`, Arch `ttf-dejavu`, Alpine `font-dejavu`).
 * `AVGCON_FONT` (a font file path) overrides them.
 */
const DEJAVU_DIRS = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu-sans-fonts',
  '/usr/share/fonts/dejavu',
  '/usr/share/fonts/TTF',
  '/usr/local/share/fonts/dejavu',
]

/** The font files PNG rendering loads, or [] to fall back on system fonts. */
export function pngFontFiles(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const override = env.AVGCON_FONT
  if (override !== undefined && override !== '') return existsSync(override) ? [override] : []
  for (const dir of DEJAVU_DIRS) {
    const regular = `${dir}/DejaVuSans.ttf`
    if (!existsSync(regular)) continue
    const bold = `${dir}/DejaVuSans-Bold.ttf`
    return existsSync(bold) ? [regular, bold] : [regular]
  }
  return []
}

/**
 * A vega loader that refuses every request and records it: charts carry their data
 * inline. Vega only warns when a load fails, so the caller checks `asked` afterwards.
 */
function offlineLoader(asked: string[]): Loader {
  const refuse = (uri: string): Promise<never> => {
    asked.push(uri)
    return Promise.reject(new Error(`plot: offline, not loading "${uri}"`))
  }
  return {
    load: (uri) => refuse(uri),
    sanitize: (uri) => refuse(uri),
    http: (uri) => refuse(uri),
    file: (name) => refuse(name),
  }
}

/** Vega/Vega-Lite log messages go through avgcon's counted `warn`, prefixed "plot:". */
function chartLogger(): NonNullable<ViewOptions['logger']> {
  let current = 2 // Warn
  const logger = {
    level(level?: number) {
      if (level === undefined) return current
      current = level
      return logger
    },
    error(...args: unknown[]) {
      if (current >= 1) warn(`plot: ${args.map(String).join(' ')}`)
      return logger
    },
    warn(...args: unknown[]) {
      if (current >= 2) warn(`plot: ${args.map(String).join(' ')}`)
      return logger
    },
    info: () => logger,
    debug: () => logger,
  }
  return logger
}

/**
 * Renders a Vega-Lite spec to a standalone SVG document. Deterministic: the same
 * spec gives the same bytes (text widths are estimated, never measured, since no
 * canvas is installed). Rejects if the spec refers to anything by URL: nothing is
 * ever fetched.
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const [{ compile, resetIdCounter }, vega] = await Promise.all([import('vega-lite'), import('vega')])
  const logger = chartLogger()
  resetIdCounter() // vega-lite names some generated signals from a global counter
  const compiled = compile(spec, { logger }).spec
  const asked: string[] = []
  const view = new vega.View(vega.parse(compiled), {
    renderer: 'none',
    loader: offlineLoader(asked),
    logger,
    logLevel: 2,
  })
  try {
    const svg = await view.toSVG()
    if (asked.length > 0)
      throw new Error(
        `plot: charts render offline, yet the spec asked to load "${asked[0]}"; give data as inline values.`,
      )
    return svg
  } finally {
    view.finalize()
  }
}

/** Renders a Vega-Lite spec to PNG bytes: {@link renderSvg}, then rasterised by resvg on a worker thread. */
export async function renderPng(spec: ChartSpec, opts: PngOptions = {}): Promise<Uint8Array> {
  return svgToPng(await renderSvg(spec), opts)
}

/**
 * Rasterises an SVG document. Text is drawn with DejaVu Sans when found (so PNGs
 * look the same on every machine that has it), else with the system's fonts.
 */
export async function svgToPng(svg: string, opts: PngOptions = {}): Promise<Uint8Array> {
  const scale = opts.scale ?? 2
  if (!(scale > 0 && scale <= 16)) throw new InputError(`plot: PNG scale ${scale} must lie in (0, 16].`)
  const { renderAsync } = await import('@resvg/resvg-js')
  const fontFiles = opts.fontFiles ?? pngFontFiles()
  const font =
    fontFiles.length > 0
      ? {
          loadSystemFonts: false,
          fontFiles,
          defaultFontFamily: opts.fontFamily ?? 'DejaVu Sans',
          sansSerifFamily: opts.fontFamily ?? 'DejaVu Sans',
        }
      : { loadSystemFonts: true }
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font,
    background: 'white',
    logLevel: 'off',
  })
  const png = image.asPng()
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength)
}
