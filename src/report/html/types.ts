/**
 * The results JSON of `avgcon report` (embedded in the HTML and downloadable from it).
 * It follows the results envelope (architecture.md) and holds, unchanged, what the
 * single-purpose commands print with `--json`: `estimate` is `avgcon estimate --json`,
 * `theory.*` are `avgcon theory --json` (normal law, `--from FILE`, `--from FILE
 * --per-dim`) and `sets` is `avgcon sets --json` for the same inputs and seed, apart
 * from their `seconds`.
 */
import type { ConsistencyPoint } from '../../estimate/consistency.js'
import type { TheoryPoint } from '../../theory/index.js'
import type { RunResult } from '../../results.js'
import type { ChartSpec } from '../charts/index.js'

/** The three theoretical curves of a report. */
export interface ReportTheory {
  /** I.i.d. N(0,1) coordinates, same N and d (the paper's reference curve). */
  normal: RunResult<TheoryPoint>
  /** I.i.d. coordinates with the pooled moments of the file. */
  pooled: RunResult<TheoryPoint>
  /** Independent coordinates, each with its own dimension's moments. */
  perDimension: RunResult<TheoryPoint>
}

/** Summary of the item norms ||x|| (after --center / --normalize). */
export interface NormSummary {
  mean: number
  std: number
  min: number
  max: number
}

/** Where and how the report was made. */
export interface Provenance {
  /** The command line as typed (arguments shell-quoted). */
  commandLine: string
  /** ISO 8601 date and time of the run (UTC): the only line that changes between identical runs. */
  date: string
  node: string
}

/** The whole report: envelope (`results` = the measured curve) plus one section per analysis. */
export interface ReportJson extends RunResult<ConsistencyPoint> {
  estimate: RunResult<ConsistencyPoint>
  theory: ReportTheory
  norms: NormSummary
  sets?: RunResult
  /** With --names: the names of the items the sets section lists (id -> name). */
  names?: Record<string, string>
  provenance: Provenance
}

/** One model of a several-model report: a single report's JSON of its file, under a label. */
export type ReportModelJson = ReportJson & { label: string }

/**
 * The results JSON of `avgcon report a.npy b.npy ...`: shared settings, every model's
 * points (`results`, with `model`), and `models`, each exactly a single report's JSON.
 */
export interface ReportManyJson extends RunResult<ConsistencyPoint & { model: string }> {
  models: ReportModelJson[]
  provenance: Provenance
}

/** One model as a several-model page embeds it: its colour, its sections' HTML and their charts. */
export interface PageModel {
  label: string
  colour: string
  html: string
  charts: PageChart[]
}

/** A set as the embedded sets section lists it (see `avgcon sets --json`). */
export interface SetJson {
  id: string
  size: number
  precision: number
  precisionAt: number
  random: number
  randomAt: number
  nearest: string[]
}

/** One row of the sets summary by size (BucketSummary of estimate/sets.ts, as JSON). */
export interface BucketJson {
  label: string
  sets: number
  meanSize: number
  precision: { mean: number; ciLow: number; ciHigh: number }
  precisionAt: { mean: number }
  random: { mean: number; ciLow: number; ciHigh: number }
  randomAt: { mean: number }
  difference: { mean: number; ciLow: number; ciHigh: number }
}

/** One figure of a page: the element id it renders into, and its spec (Vega-Lite, or Vega once compiled). */
export interface PageChart {
  id: string
  spec: ChartSpec
  /** 'vega' when compileCharts (charts.ts) compiled the spec ahead of time; default 'vega-lite'. */
  mode?: 'vega' | 'vega-lite'
}
