/**
 * Before/after comparison of a transform pipeline: the consistency curve with
 * CIs, the diagnostics, and (given an interaction log) the recommendation quality
 * of user averages, so a gain in consistency is shown beside what it costs.
 */
import { estimateConsistency, type ConsistencyPoint } from '../estimate/consistency.js'
import type { Metric } from '../estimate/metric.js'
import type { Embeddings } from '../io/embeddings.js'
import type { Interactions } from '../io/interactions.js'
import type { Engine } from '../search/engine.js'
import type { RankingMetrics } from '../train/metrics.js'
import { applyPipeline, type StepReport, type TransformStep } from '../transform/pipeline.js'
import { diagnose, type Diagnosis } from './diagnose.js'
import { qualityProbe, userAverageQuality, type QualityProbe } from './recommend.js'

/** Options of {@link compareTransforms}. */
export interface AlignOptions {
  engine: Engine
  /** Set sizes of the consistency curve (default 2, 5, 10, 20, capped at N). */
  ks?: number[]
  /** Random sets per k (default 1000); the same sets before and after (paired). */
  samples?: number
  /** Set size of the diagnostics (default 10). */
  k?: number
  /** Random averages of the diagnostics (default 2000). */
  diagnoseSamples?: number
  metric?: Metric
  seed?: number
  threads?: number
  /** Interaction log whose item ids match the embeddings' ids: adds recall@10 / nDCG@10 of user averages. */
  interactions?: Interactions
}

/** One side of the comparison (D: the diagnosis, or a worded copy of it as the envelope prints). */
export interface AlignSide<D = Diagnosis> {
  consistency: ConsistencyPoint[]
  diagnosis: D
  quality?: RankingMetrics
}

/** The transformed embeddings and both sides of the comparison. */
export interface AlignReport<D = Diagnosis> {
  steps: StepReport[]
  before: AlignSide<D>
  after: AlignSide<D>
  embeddings: Embeddings
}

/**
 * Applies `steps` to a copy of `e` and measures both sides with the same seeds
 * (the same random sets, the same train/test split). `e` is left unmodified.
 */
export async function compareTransforms(
  e: Embeddings,
  steps: readonly TransformStep[],
  opts: AlignOptions,
): Promise<AlignReport> {
  // Transform and match the log first: bad input fails before minutes of measuring.
  const { embeddings, steps: reports } = applyPipeline(e, steps)
  const probe = opts.interactions ? qualityProbe(opts.interactions, e, { seed: opts.seed }) : undefined
  const before = await measureSide(e, opts, probe)
  const after = await measureSide(embeddings, opts, probe)
  return { steps: reports, before, after, embeddings }
}

/** Consistency curve, diagnostics and (with a probe) user-average quality of one matrix. */
export async function measureSide(e: Embeddings, opts: AlignOptions, probe?: QualityProbe): Promise<AlignSide> {
  const ks = (opts.ks ?? [2, 5, 10, 20]).filter((k) => k <= e.n)
  const common = { engine: opts.engine, metric: opts.metric ?? 'dot', seed: opts.seed ?? 0, threads: opts.threads }
  const consistency = await estimateConsistency(e, { ...common, ks, samples: opts.samples ?? 1000 })
  const diagnosis = await diagnose(e, {
    ...common,
    k: Math.min(opts.k ?? 10, e.n),
    samples: opts.diagnoseSamples ?? 2000,
  })
  return { consistency, diagnosis, ...(probe ? { quality: userAverageQuality(probe, e) } : {}) }
}
