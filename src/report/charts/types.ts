/**
 * Data shapes the chart builders take. Plain numbers and arrays only: a chart
 * knows nothing about how its numbers were computed (architecture.md, report/).
 */
import type { TopLevelSpec } from 'vega-lite'

/**
 * A complete Vega-Lite specification (plain JSON: inline data, no URLs).
 * Render it with `renderSvg`/`renderPng`, or embed it in an HTML page with vega-embed.
 */
export type ChartSpec = TopLevelSpec

/**
 * What a curve is, which sets how it is drawn:
 * - `estimate`, `simulated`, `real`: Monte Carlo measurements, solid line with point markers;
 * - `theory`: a computed curve (Proposition 2), dashed, no markers;
 * - `baseline`: a reference such as random sets of the same size, dotted with markers.
 */
export type CurveKind = 'estimate' | 'simulated' | 'real' | 'theory' | 'baseline'

/** One point of a curve against the set size k; `low`/`high` bound its confidence interval. */
export interface CurvePoint {
  k: number
  value: number
  low?: number
  high?: number
}

/**
 * One curve of a consistency chart.
 * Colour follows `group` (default: `name`), line style follows `kind`, so Figure 2's
 * "N = 1,000 theory" and "N = 1,000 simulated" share a colour and differ by dash.
 */
export interface CurveSeries {
  /** Unique name of the curve (tooltips, legend when no group is given). */
  name: string
  kind: CurveKind
  points: CurvePoint[]
  /** Colour group; curves with the same group share a colour and a legend entry. */
  group?: string
}

/** A histogram bin [x0, x1) holding `count` samples (the last bin includes x1). */
export interface HistogramBin {
  x0: number
  x1: number
  count: number
}

/** A point of a density curve drawn over a histogram. */
export interface DensityPoint {
  x: number
  y: number
}

/** How bar heights of a histogram are scaled. */
export type HistogramScale = 'count' | 'fraction' | 'density'

/** Raw samples or pre-computed bins (raw samples win when both are given). */
export interface HistogramData {
  /** Raw samples; non-finite values are ignored. */
  values?: Float64Array | Float32Array | number[]
  /** Pre-computed bins, used when `values` is absent. */
  bins?: HistogramBin[]
}
