/**
 * Charts: pure builders that turn numbers into Vega-Lite specs (plain JSON, inline
 * data), and renderers that turn a spec into SVG or PNG headlessly. Every command's
 * `--plot` and the HTML report use these same specs.
 *
 * ```ts
 * const spec = consistencyChart({ series: [estimateSeries('UT-ALS', points, 'real')] })
 * await savePlot('consistency.png', spec)
 * ```
 */
export type {
  ChartSpec,
  CurveKind,
  CurvePoint,
  CurveSeries,
  DensityPoint,
  HistogramBin,
  HistogramData,
  HistogramScale,
} from './types.js'
export {
  consistencyChart,
  modelsChart,
  estimateSeries,
  theorySeries,
  MARKER_LIMIT,
  yDomainFromData,
  type ConsistencyChartOptions,
  type ModelCurves,
} from './consistency.js'
export {
  histogramChart,
  distributionChart,
  type HistogramPanel,
  type HistogramChartOptions,
  type DistributionChartOptions,
} from './histogram.js'
export { pairwiseChart, type PairwiseSeries, type PairwiseChartOptions } from './pairwise.js'
export { normHubnessChart, type NormHubnessChartOptions } from './hubness.js'
export { barChart, type Bar, type BarChartOptions } from './bar.js'
export {
  binValues,
  defaultBinCount,
  normalDensity,
  isHeavyTailed,
  logBinValues,
  HEAVY_TAIL_RATIO,
  type BinOptions,
} from './bins.js'
export { renderSvg, renderPng, svgToPng, pngFontFiles, type PngOptions } from './render.js'
export { savePlot, plotFormat, type PlotFormat } from './save.js'
export { SERIES_COLORS, seriesColors, wrapText } from './theme.js'
export { withYAxis, type YAxisOverride } from './axis.js'
