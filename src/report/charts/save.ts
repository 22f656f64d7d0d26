/**
 * `--plot FILE`: render a chart to .svg or .png and write it atomically, so a
 * reader never sees a half-written figure and a failed run leaves no debris.
 */
import { extname } from 'node:path'
import { writeFileAtomic } from '../../io/atomic.js'
import { InputError } from '../../errors.js'
import { type PngOptions, renderPng, renderSvg } from './render.js'
import type { ChartSpec } from './types.js'

/** The output formats `--plot` accepts, by file extension. */
export type PlotFormat = 'svg' | 'png'

/** The format of a `--plot` path from its extension (case-insensitive); InputError for any other. */
export function plotFormat(path: string): PlotFormat {
  const ext = extname(path).toLowerCase()
  if (ext === '.svg') return 'svg'
  if (ext === '.png') return 'png'
  // No maintained package turns an SVG into a PDF without a browser (svg-to-pdfkit's last release is from 2019).
  if (ext === '.pdf')
    throw new InputError(`PDF is not supported ("${path}"); use .svg (vector, opens in any browser) or .png.`, {
      module: 'charts',
      field: 'plot',
    })
  const got = ext === '' ? 'no extension' : `extension "${ext}"`
  throw new InputError(`cannot tell the image format of "${path}" (${got}); use .svg or .png.`, {
    module: 'charts',
    field: 'plot',
  })
}

/**
 * Renders `spec` in the format `path`'s extension names and writes it atomically:
 * to a temporary file in the same directory, then renamed over `path`.
 * Throws InputError for an unknown extension (before rendering) or a missing directory.
 */
export async function savePlot(path: string, spec: ChartSpec, opts: PngOptions = {}): Promise<void> {
  const format = plotFormat(path)
  const bytes = format === 'svg' ? await renderSvg(spec) : await renderPng(spec, opts)
  await writeFileAtomic(path, bytes)
}
