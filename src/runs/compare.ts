/**
 * `compare`: measured Consistency_k against the three theory curves (i.i.d. N(0,1),
 * pooled moments, per-dimension moments), as the results envelope `avgcon compare --json` prints.
 */
import type { ConsistencyPoint } from '../estimate/consistency.js'
import type { RunResult } from '../results.js'
import { measureDimMoments, referenceCurves, type Moments, type TheoryPoint } from '../theory/index.js'
import { estimateOn, type EstimateSettings } from './estimate.js'
import { loadRunInput, type EmbeddingsSource, type InputTransforms, type LoadedInput } from './input.js'
import { secondsSince } from './time.js'

/** The three theoretical curves set against the measured one. */
export interface CompareTheory {
  /** i.i.d. N(0,1) coordinates with the data's N and d: the paper's Figure 3 reference. */
  iid: TheoryPoint[]
  /** i.i.d. coordinates with the data's pooled mean, std, skewness and kurtosis. */
  pooled: TheoryPoint[]
  /** Independent coordinates, each with its own dimension's four moments. */
  perDimension: TheoryPoint[]
  moments: {
    pooled: Moments
    perDimension: { mean: number[]; std: number[]; skewness: number[]; kurtosis: number[] }
  }
}

/** The compare envelope: the estimate's, plus the `theory` section. */
export type CompareResult = RunResult<ConsistencyPoint> & { theory: CompareTheory }

/** Everything `compare` takes: the embeddings, the transforms, the estimate settings. */
export type CompareRunOptions = EmbeddingsSource & InputTransforms & EstimateSettings

/**
 * Estimates Consistency_k and sets it against Proposition 2 for i.i.d. N(0,1) coordinates,
 * for the data's pooled moments and for its per-dimension moments (measured after
 * center/normalize). The theory describes dot scores: with another metric it is unchanged.
 *
 * @example
 * ```ts
 * import { compare } from 'avgcon'
 * const run = await compare({ file: 'items.npy', center: true, k: '2..20:6', samples: 300 })
 * run.results.forEach((p, i) => console.log(p.k, p.mean, run.theory.iid[i].consistency))
 * ```
 */
export async function compare(options: CompareRunOptions): Promise<CompareResult> {
  return compareOn(await loadRunInput(options), options)
}

/** The comparison on loaded embeddings (the CLI loads them with its own flag wording). */
export async function compareOn(input: LoadedInput, o: EstimateSettings & InputTransforms): Promise<CompareResult> {
  const started = performance.now()
  const e = input.embeddings
  // Measure before estimating: a cosine search normalises the rows in place.
  const dm = measureDimMoments(e)
  const result = await estimateOn('compare', input, o)
  const r = referenceCurves({ n: e.n, d: e.d, ks: result.results.map((p) => p.k), dimMoments: dm })
  const theory: CompareTheory = {
    iid: r.iid,
    pooled: r.pooled,
    perDimension: r.perDimension,
    moments: {
      pooled: r.pooledMoments,
      perDimension: {
        mean: Array.from(dm.mean),
        std: Array.from(dm.std),
        skewness: Array.from(dm.skewness),
        kurtosis: Array.from(dm.kurtosis),
      },
    },
  }
  return { ...result, theory, seconds: secondsSince(started) }
}
