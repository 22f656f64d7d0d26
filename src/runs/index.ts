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
export { compare, type CompareResult, type CompareRunOptions, type CompareTheory } from './compare.js'
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
