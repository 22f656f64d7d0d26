import { InputError } from '../errors.js'
import { writeFileAtomic } from '../io/atomic.js'
import { savePlot, type ChartSpec } from '../report/charts/index.js'

/** Output flags shared by every command. */
export interface OutputOptions {
  plot?: string
  json?: boolean
  csv?: boolean
  out?: string
  quiet?: boolean
}

/** The three renderings a command offers of its result. */
export interface Renderings {
  table: () => string
  json: () => unknown
  csv: () => string
  /** The figure `--plot` draws, when the command has one. */
  chart?: () => ChartSpec
}

/**
 * Writes a command's result: JSON with --json (or an --out file ending in .json),
 * CSV with --csv (or .csv), the readable table otherwise; --plot draws the figure
 * first. Files are written atomically: a failed run never leaves a partial file.
 */
export async function emit(r: Renderings, o: OutputOptions): Promise<void> {
  if (o.plot) {
    if (!r.chart) throw new InputError('--plot: this command has no figure to draw.')
    await savePlot(o.plot, r.chart())
  }
  const ext = o.out?.toLowerCase().split('.').pop()
  const asJson = o.json || (!o.csv && ext === 'json')
  const asCsv = !asJson && (o.csv || ext === 'csv')
  const text = asJson ? JSON.stringify(r.json(), null, 2) + '\n' : asCsv ? r.csv() : r.table()
  if (o.out) {
    await writeFileAtomic(o.out, text)
    const kind = asJson ? 'JSON' : asCsv ? 'CSV' : 'table'
    if (!o.quiet) process.stderr.write(`wrote ${kind} results to ${o.out}\n`)
  } else process.stdout.write(text)
}
