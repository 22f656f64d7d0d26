/**
 * Diagnostics: why averages of these embeddings do (not) point at their items.
 * Norms, hubness (k-occurrence), coordinate moments, anisotropy, a verdict, and
 * the before/after comparison of transforms and regularised training.
 */
export { diagnose, type Diagnosis, type DiagnoseOptions, type NormDiagnostics } from './diagnose.js'
export {
  averageOccurrence,
  itemOccurrence,
  hubStats,
  type AverageOccurrence,
  type Hub,
  type HubStats,
  type Occurrence,
  type OccurrenceOptions,
} from './hubness.js'
export { gini, hubnessMeasures, HUBNESS_MEASURES_HELP, type HubnessMeasures } from './hub-measures.js'
export { anisotropy, meanCosine, type Anisotropy } from './anisotropy.js'
export {
  momentDiagnostics,
  directionKurtosis,
  type MomentDiagnostics,
  type MomentGaps,
  type WorstDimension,
} from './moments.js'
export { judge, THRESHOLDS, VERDICT_RULE_HELP, type Cause, type Verdict, type VerdictInputs } from './verdict.js'
export {
  describe,
  histogram,
  skewness,
  pearson,
  spearman,
  ranks,
  participationRatio,
  QUANTILE_LEVELS,
  type Bin,
  type Distribution,
} from './stats.js'
export { diagnosisText } from './format.js'
export { compareTransforms, measureSide, type AlignOptions, type AlignReport, type AlignSide } from './align.js'
export { matchLog, qualityProbe, rowsOf, userAverageQuality, type QualityProbe } from './recommend.js'
export { sweepNormPenalty, type SweepOptions, type SweepPoint } from './sweep.js'
export { alignText, sweepText } from './align-format.js'
