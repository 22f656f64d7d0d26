import { createRequire } from 'node:module'

/** The avgcon version, from package.json (one source of truth). */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version

/** What a results JSON says about the input it was computed on. */
export interface InputInfo {
  file?: string
  format?: string
  synthetic?: string
  n: number
  d: number
  sha256?: string
  /**
   * Present when some rows are zero or near zero (items without training interactions):
   * how many, their share of the rows as loaded, and whether they were dropped (`n` then
   * counts the rows kept).
   */
  untrained?: { rows: number; share: number; dropped: boolean }
}

/**
 * One run's results, as `--json` prints them and reports embed. Stable across
 * versions: fields are added, never renamed (architecture.md "Results JSON").
 */
export interface RunResult<P = unknown> extends RunParts<P> {
  avgcon: string
  command: string
}

/** Everything in a RunResult but the version and command name. */
export interface RunParts<P = unknown> {
  settings: Record<string, unknown>
  input?: InputInfo
  results: P[]
  seconds: number
  engine?: string
  [section: string]: unknown
}

/** Builds the results envelope; `extra` sections sit beside `results`. */
export function runResult<P>(command: string, parts: RunParts<P>): RunResult<P> {
  return { avgcon: VERSION, command, ...parts }
}
