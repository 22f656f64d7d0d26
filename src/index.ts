/**
 * avgcon: does the average of item embeddings still point at its items?
 *
 * The public library API. Each section is one concept of the paper (Bendada et
 * al., RecSys 2023): load embeddings, search exactly, estimate Consistency_k,
 * compute its theory, generate synthetic embeddings, transform, chart.
 *
 * ```ts
 * import { loadEmbeddings, loadEngine, estimateConsistency } from 'avgcon'
 * const items = await loadEmbeddings('items.npy')
 * const points = await estimateConsistency(items, { ks: [2, 5, 10], engine: loadEngine(), seed: 0 })
 * ```
 */
export { InputError, warn, setWarnSink, type ErrorSite } from './errors.js'

// One run per command: plain options in, the results envelope `avgcon <command> --json` prints out
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
export { rng, type Rng } from './rng.js'

// Embeddings and files
export * from './io/index.js'

export { loadInteractions, loadSets, type Interactions } from './io/interactions.js'

// Training item embeddings from interaction logs
export * from './train/index.js'

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
export * from './estimate/index.js'

// Theory (Proposition 2) and synthetic embeddings
export * from './theory/index.js'
export * from './synthetic/index.js'

// Transforms and diagnostics (why consistency is low, and what fixes it)
export * from './transform/index.js'
export * from './diagnose/index.js'

// Results and figures
export { runResult, VERSION, type RunResult, type RunParts, type InputInfo } from './results.js'
export * from './report/charts/index.js'
