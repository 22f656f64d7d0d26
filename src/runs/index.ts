/**
 * One typed function per command. Each takes plain options (numbers, arrays, a file
 * or a matrix) and returns the versioned results envelope, exactly what the command
 * prints with `--json`. The CLI parses flags into these options, calls the run and
 * prints; `serve` and `report` call the same runs.
 */
export {
  estimate,
  DEFAULT_K,
  DEFAULT_SAMPLES,
  DEFAULT_MAX_SAMPLES,
  type EstimateRunOptions,
  type EstimateSettings,
} from './estimate.js'
export {
  loadRunInput,
  type EmbeddingsSource,
  type FileSource,
  type SyntheticSource,
  type MatrixSource,
  type InputTransforms,
  type LoadedInput,
} from './input.js'
export {
  theory,
  chooseMethod,
  THEORY_DEFAULT_N,
  THEORY_DEFAULT_D,
  type TheoryRunOptions,
  type TheoryMethod,
  type MomentsSection,
} from './theory.js'
export { simulate, type SimulateRunOptions } from './simulate.js'
export { checkNormal, type CheckNormalRunOptions, type CheckNormalPoint } from './check-normal.js'
export { pairwise, type PairwiseRunOptions, type PairwiseSettings } from './pairwise.js'
export {
  compare,
  compareMany,
  type CompareResult,
  type CompareRunOptions,
  type CompareTheory,
  type CompareManyResult,
  type CompareManySettings,
  type CompareManyPoint,
  type CompareModel,
  type RankingEntry,
} from './compare.js'
export { demo, DEMO_DATA, type DemoResult } from './demo.js'
export { diagnose, type DiagnoseResult, type DiagnoseRunOptions, type DiagnoseSettings } from './diagnose.js'
export {
  align,
  type AlignPoint,
  type AlignResult,
  type AlignRunOptions,
  type AlignSettings,
  type AlignSweepSettings,
} from './align.js'
export { sets, DEFAULT_AT, type SetsRunOptions, type SetsSettings } from './sets.js'
export {
  report,
  reportMany,
  REPORT_DEFAULT_CI,
  type ReportRun,
  type ReportRunOptions,
  type ReportSettings,
  type ReportManyRun,
  type ReportManySettings,
} from './report.js'
export {
  train,
  trainSaver,
  RECALL_AT,
  TRAIN_DEFAULTS,
  type TrainMethod,
  type TrainSvdMatrix,
  type TrainRunOptions,
  type TrainResult,
  type TrainLogInfo,
  type TrainOutputInfo,
} from './train.js'
