/**
 * The consistency-versus-recall curve of regularised ALS: train on one split of a
 * log at each norm-penalty strength, then measure Consistency_k of the item
 * embeddings, their diagnostics, and the held-out quality of user averages.
 */
import type { ConsistencyPoint } from '../estimate/consistency.js'
import type { Interactions } from '../io/interactions.js'
import type { Engine } from '../search/engine.js'
import { trainAls, type AlsOptions } from '../train/als.js'
import { averageItemEmbeddings, evaluateRanking, type RankingMetrics } from '../train/metrics.js'
import { splitPerUser } from '../train/split.js'
import { diagnose } from './diagnose.js'
import type { Cause } from './verdict.js'

/** Options of {@link sweepNormPenalty}. */
export interface SweepOptions {
  engine: Engine
  /** Norm-penalty strengths (default 0, 1, 10, 100). */
  strengths?: number[]
  /** ALS options other than normPenalty (factors, iterations, regularization, ...). */
  als?: Omit<AlsOptions, 'normPenalty' | 'seed'>
  /** Set size of the consistency and diagnostics (default 10). */
  k?: number
  /** Random sets for Consistency_k and for N_k (default 2000). */
  samples?: number
  /** Seed of the split, the factors and the sampler (default 0). */
  seed?: number
  threads?: number
  /** Called after each strength with (done, total). */
  progress?: (done: number, total: number) => void
}

/** One strength of the sweep. */
export interface SweepPoint {
  strength: number
  consistency: ConsistencyPoint
  /** recall@10 / nDCG@10 of user averages of the item embeddings. */
  averages: RankingMetrics
  /** recall@10 / nDCG@10 of the ALS user factors (the model's own scorer). */
  factors: RankingMetrics
  normCv: number
  hubSkewness: number
  hubShare: number
  cause: Cause | 'none' | 'unexplained'
  trainSeconds: number
}

/** Trains ALS at every strength on the same split and seed and measures each model. */
export async function sweepNormPenalty(log: Interactions, opts: SweepOptions): Promise<SweepPoint[]> {
  const seed = opts.seed ?? 0
  const k = opts.k ?? 10
  const { train, test } = splitPerUser(log, { seed })
  const strengths = opts.strengths ?? [0, 1, 10, 100]
  const out: SweepPoint[] = []
  for (const strength of strengths) {
    const started = performance.now()
    const model = trainAls(train, { ...opts.als, seed, normPenalty: strength })
    const trainSeconds = (performance.now() - started) / 1000
    const items = model.itemFactors
    const common = { engine: opts.engine, seed, threads: opts.threads }
    // diagnose ranks the same random sets estimateConsistency would (same seed, same k).
    const dg = await diagnose(items, { ...common, k: Math.min(k, items.n), samples: opts.samples ?? 2000 })
    out.push({
      strength,
      consistency: { k: dg.k, ...dg.consistency },
      averages: evaluateRanking(train, test, averageItemEmbeddings(train, items), items),
      factors: evaluateRanking(train, test, model.userFactors, items),
      normCv: dg.norms.distribution.cv,
      hubSkewness: dg.hubness.averages.skewness,
      hubShare: dg.hubness.averages.top1PercentShare,
      cause: dg.verdict.cause,
      trainSeconds,
    })
    opts.progress?.(out.length, strengths.length)
  }
  return out
}
