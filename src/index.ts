/**
 * avgcon: does the average of item embeddings still point at its items?
 *
 * The public library API, on one screen. Each group is one concept of the paper
 * (Bendada et al., RecSys 2023). The runs at the top are the commands: plain options
 * in, the results envelope `avgcon <command> --json` prints out. Below them are the
 * building blocks: load embeddings, search exactly, estimate Consistency_k, compute
 * its theory, generate synthetic embeddings, train, transform, diagnose, chart.
 *
 * ```ts
 * import { estimate } from 'avgcon'
 * const run = await estimate({ file: 'items.npy', k: '2..20', samples: 2000, seed: 0 })
 * for (const p of run.results) console.log(p.k, p.mean, p.ciLow, p.ciHigh)
 * ```
 *
 * This list is pinned by test/package.test.ts: a change to it is deliberate. Every
 * module under dist/ can also be imported as `avgcon/lib/<folder>/<file>` (for example
 * `avgcon/lib/synthetic/ziggurat`); those internals may change in any release.
 */

// One run per command (also as the `runs` namespace, where `runs.diagnose` is the command)
export * as runs from './runs/index.js'
export {
  estimate,
  theory,
  simulate,
  checkNormal,
  pairwise,
  compare,
  demo,
  sets,
  align,
  train,
  report,
  loadRunInput,
  type EmbeddingsSource,
  type EstimateRunOptions,
  type TheoryRunOptions,
  type SimulateRunOptions,
  type CheckNormalRunOptions,
  type PairwiseRunOptions,
  type CompareRunOptions,
  type SetsRunOptions,
  type DiagnoseRunOptions,
  type AlignRunOptions,
  type ReportRunOptions,
} from './runs/index.js'
export { runResult, VERSION, type RunResult, type InputInfo } from './results.js'

// Errors and randomness
export { InputError, warn, setWarnSink, type ErrorSite } from './errors.js'
export { rng, type Rng } from './rng.js'

// Embeddings and files
export {
  loadEmbeddings,
  toEmbeddings,
  validateEmbeddings,
  listFormats,
  registerFormat,
  saveNpy,
  saveDelimited,
  type Embeddings,
  type EmbeddingsFormat,
  type LoadOptions,
  type ToEmbeddingsOptions,
} from './io/index.js'
export { loadInteractions, loadSets, type Interactions } from './io/interactions.js'

// Exact top-k search
export {
  loadEngine,
  nativeAvailable,
  nativeUnavailableReason,
  type Engine,
  type EnginePreference,
  type TopKOptions,
} from './search/index.js'

// Consistency_k estimation
export {
  estimateConsistency,
  realSetConsistency,
  parseKList,
  parseMetric,
  searchSpace,
  type ConsistencyPoint,
  type EstimateOptions,
  type Metric,
  type RealSetOptions,
  type RealSetResult,
  type Summary,
} from './estimate/index.js'

// Theory: Proposition 2, the exact-in-expectation method, moments
export {
  theoryCurve,
  expectedConsistency,
  pInOut,
  exactCurve,
  referenceCurves,
  lawMoments,
  parseLaw,
  measureMoments,
  type ExactParams,
  type ExactPoint,
  type Law,
  type Moments,
  type TheoryParams,
  type TheoryPoint,
} from './theory/index.js'
export { generate } from './synthetic/index.js'

// Training item embeddings from interaction logs
export {
  trainAls,
  trainAlsAsync,
  trainSvd,
  splitPerUser,
  evaluateRanking,
  type AlsModel,
  type AlsOptions,
  type SvdModel,
  type SvdOptions,
  type RankingMetrics,
} from './train/index.js'

// Transforms and diagnostics (why consistency is low, and what fixes it)
export {
  center,
  normalize,
  standardize,
  whiten,
  clipNorms,
  applyPipeline,
  parseTransforms,
  type TransformStep,
} from './transform/index.js'
export {
  diagnose,
  compareTransforms,
  hubnessMeasures,
  type Diagnosis,
  type DiagnoseOptions,
  type HubnessMeasures,
  type Verdict,
} from './diagnose/index.js'

// Figures
export {
  consistencyChart,
  renderSvg,
  savePlot,
  type ChartSpec,
  type ConsistencyChartOptions,
} from './report/charts/index.js'
