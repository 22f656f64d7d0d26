export {
  checkEstimateOptions,
  estimateConsistency,
  type ConsistencyPoint,
  type EstimateOptions,
} from './consistency.js'
export { parseKList } from './klist.js'
export { summarize, halfWidth, type Summary } from './interval.js'
export {
  METRICS,
  parseMetric,
  searchSpace,
  averageInto,
  averageAt,
  rowNorms,
  type Metric,
  type SearchSpace,
} from './metric.js'
export { sampleSubset, streamSeed } from './sampler.js'
export { parseTieRule, TIE_RULES, type TieRule } from './ties.js'
export {
  realSetConsistency,
  randomSets,
  setPrecision,
  summarizeBySize,
  SIZE_BUCKETS,
  type BucketSummary,
  type ItemSet,
  type RealSetOptions,
  type RealSetResult,
  type SetPrecisionOptions,
  type SetScore,
  type SizeBucket,
} from './sets.js'
