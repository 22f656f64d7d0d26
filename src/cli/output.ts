import { statSync } from 'node:fs'
import type { Command } from 'commander'
import { InputError } from '../errors.js'
import { writeFileAtomic } from '../io/atomic.js'
import { savePlot, withYAxis, type ChartSpec } from '../report/charts/index.js'
import { checkOutputOptions, yAxisOverride } from './options.js'

/** Output flags shared by every command. */
export interface OutputOptions {
  plot?: string
  /** With --plot: "lo,hi", the y range; and a log y axis. */
  ylim?: string
  ylog?: boolean
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
    await savePlot(o.plot, withYAxis(r.chart(), yAxisOverride(o)))
  }
  const ext = o.out?.toLowerCase().split('.').pop()
  const asJson = o.json || (!o.csv && ext === 'json')
  const asCsv = !asJson && (o.csv || ext === 'csv')
  const text = asJson ? JSON.stringify(r.json(), null, 2) + '\n' : asCsv ? r.csv() : r.table()
  // The line saying what was written comes from run(), once every file is published (see writtenLine).
  if (o.out) await writeFileAtomic(o.out, text)
  else process.stdout.write(text)
}

/**
 * When a command has no figure for `--plot`: `when` returns the reason (e.g. "--sweep")
 * for the parsed options, or undefined when there is a figure. Commands without an entry
 * that offer --plot always have one.
 */
const FIGURELESS = new WeakMap<Command, (opts: Record<string, unknown>) => string | undefined>()

/** Declares when `cmd` has no figure to draw, so `--plot` is refused before any work. */
export function noFigureWhen(cmd: Command, when: (opts: Record<string, unknown>) => string | undefined): Command {
  FIGURELESS.set(cmd, when)
  return cmd
}

/**
 * Output flags checked before any work, for every command (issue 13): --csv with
 * --json, a --plot whose extension names no image format, and --plot on a command
 * (or mode) that has no figure. One sentence each, exit 2.
 */
export function checkOutputFlags(action: Command): void {
  const o = action.opts()
  if (o.json && o.csv) throw new InputError('--csv and --json ask for two formats at once; give only one.')
  const reason = typeof o.plot === 'string' ? FIGURELESS.get(action)?.(o) : undefined
  if (reason !== undefined)
    throw new InputError(`--plot: avgcon ${action.name()} ${reason} has no figure to draw; leave --plot out.`)
  checkOutputOptions(o)
}

/** A file size in decimal units: 512 B, 12.3 kB, 4.5 MB, 1.2 GB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let v = bytes / 1000,
    u = 0
  while (v >= 999.95 && u < units.length - 1) {
    v /= 1000
    u++
  }
  return `${v.toFixed(1)} ${units[u]}`
}

/**
 * The one stderr line naming every file a run published, with its size:
 * "avgcon: wrote diagnosis.json (12.3 kB)"; undefined when it wrote none.
 */
export function writtenLine(paths: readonly string[]): string | undefined {
  if (paths.length === 0) return undefined
  // An ids sidecar (FILE.ids.txt, written first) is named right after its FILE.
  const sidecar = (p: string): boolean => p.endsWith('.ids.txt') && paths.includes(p.slice(0, -'.ids.txt'.length))
  const ordered = paths.flatMap((p) => (sidecar(p) ? [] : paths.includes(`${p}.ids.txt`) ? [p, `${p}.ids.txt`] : [p]))
  const sized = ordered.map((p) => {
    try {
      return `${p} (${formatBytes(statSync(p).size)})`
    } catch {
      return p
    }
  })
  return `avgcon: wrote ${sized.join(', ')}\n`
}
