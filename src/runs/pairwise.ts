/**
 * `pairwise`: the closed form P(s(u, mu_U) > s(v, mu_U)) beside its empirical frequency,
 * as the results envelope `avgcon pairwise --json` prints.
 */
import { InputError } from '../errors.js'
import { parseKList } from '../estimate/klist.js'
import type { Embeddings } from '../io/embeddings.js'
import { runResult, type RunResult } from '../results.js'
import { formatLaw, lawMoments, measureMoments, parseLaw, pInOut, type Moments } from '../theory/index.js'
import { pairwiseAt, type PairwisePoint } from '../theory/pairwise.js'
import { loadRunInput, type EmbeddingsSource, type InputTransforms } from './input.js'
import type { MomentsSection } from './theory.js'
import { secondsSince } from './time.js'

/** What `pairwise` draws: set sizes, draws per k, seed. */
export interface PairwiseSettings {
  /** Set sizes: `2..50`, `2,5,10`, or the numbers (default `2..50`); each below N. */
  k?: string | number[]
  /** Random (U, u, v) draws per k (default 10,000). */
  pairs?: number
  /** Seed of the draws (default 0). */
  seed?: number
  /** Called after each k with k's done and planned. */
  onProgress?: (done: number, total: number) => void
}

/** Everything `pairwise` takes: the embeddings, the transforms, the settings. */
export type PairwiseRunOptions = EmbeddingsSource & InputTransforms & PairwiseSettings

/**
 * For each k, how often an item of a uniform k-set U outscores (dot product) an item
 * outside U against mu_U, beside the closed form from pooled moments (the law's exact
 * moments for untransformed generated embeddings). Ties count one half.
 */
export async function pairwise(o: PairwiseRunOptions): Promise<RunResult<PairwisePoint>> {
  const started = performance.now()
  const ks = typeof o.k === 'object' ? [...o.k] : parseKList(o.k ?? '2..50')
  const pairs = whole(o.pairs ?? 10_000, 'pairs', 1)
  const seed = whole(o.seed ?? 0, 'seed', 0)
  const { embeddings: e, info } = await loadRunInput(o)
  const worst = Math.max(...ks)
  if (worst >= e.n)
    throw new InputError(`set size k=${worst} leaves no item outside the set (N=${e.n}); use k < ${e.n}.`, {
      module: 'pairwise',
      field: 'ks',
    })
  const section = momentsOf(e, o)
  const moments: Moments = {
    mean: section.mean,
    std: section.std,
    skewness: section.skewness,
    kurtosis: section.kurtosis,
  }
  const results = ks.map((k, i) => {
    const p = pairwiseAt(e, k, pairs, seed, pInOut({ d: e.d, k, moments }))
    o.onProgress?.(i + 1, ks.length)
    return p
  })
  const settings = { k: ks, pairs, seed, metric: 'dot', center: Boolean(o.center), normalize: Boolean(o.normalize) }
  return runResult('pairwise', { settings, input: info, results, seconds: secondsSince(started), moments: section })
}

function whole(v: number, field: string, min: number): number {
  if (!Number.isSafeInteger(v) || v < min)
    throw new InputError(`${v} must be a whole number of at least ${min}.`, { module: 'pairwise', field })
  return v
}

/** The law's exact moments for untransformed generated data, else pooled moments measured on the matrix. */
function momentsOf(e: Embeddings, o: PairwiseRunOptions): MomentsSection {
  if ('synthetic' in o && !o.center && !o.normalize) {
    const law = typeof o.synthetic === 'object' ? o.synthetic : parseLaw(o.synthetic)
    return { source: 'law', law: formatLaw(law), perDimension: false, ...lawMoments(law) }
  }
  return { source: 'file', perDimension: false, ...measureMoments(e) }
}
