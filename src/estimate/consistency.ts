import { InputError } from '../errors.js'
import type { Embeddings } from '../io/embeddings.js'
import { rng, type Rng } from '../rng.js'
import { newTieInfo, type Engine, type TieInfo } from '../search/engine.js'
import { intervalHalfWidth, summarize, type Summary } from './interval.js'
import { averageAt, ranksBySum, searchSpace, type Metric, type SearchSpace } from './metric.js'
import { sampleSubset, StampSet, streamSeed } from './sampler.js'
import { parseTieRule, TieScorer, type TieRule } from './ties.js'

/** Consistency_k estimate for one set size: mean precision with its 95 % CI over n random sets. */
export interface ConsistencyPoint extends Summary {
  k: number
}

/** Options of {@link estimateConsistency}. */
export interface EstimateOptions {
  /** Set sizes, each 1 <= k <= N. */
  ks: number[]
  /** The top-k engine (see search/index.ts `loadEngine`). */
  engine: Engine
  /** Similarity; default 'dot'. Ignored when a prepared SearchSpace is passed. */
  metric?: Metric
  /** Fixed number of random sets per k (default 1000, as the paper). */
  samples?: number
  /** Adaptive mode: sample until the CI half-width is at most this (e.g. 0.01). */
  ci?: number
  /** Adaptive mode's cap on sets per k (default 100,000). */
  maxSamples?: number
  /** Seed of the sampler; same seed, same sets, whatever the thread count. Default 0. */
  seed?: number
  /** Engine threads (default: all cores). */
  threads?: number
  /** Confidence level of the intervals (default 0.95). */
  level?: number
  /**
   * Ties at the k-th place: 'fractional' (default) credits the expected hits under a
   * uniformly random tie-break (ties.ts); 'lower-index' keeps the engine's list as is.
   */
  ties?: TieRule
  /** Called after each batch of averages is ranked, with queries done and planned so far. */
  onProgress?: (done: number, total: number) => void
  /**
   * Called with every set's ranking: its top-k item indices, best first, are
   * `top[offset .. offset + k)` (e.g. to count how often each item is listed: hubness);
   * the set's own item indices are `sets[offset .. offset + k)`.
   */
  onRanking?: (k: number, top: Int32Array, offset: number, sets: Int32Array) => void
}

interface KState {
  k: number
  rng: Rng
  sum: number
  sumSq: number
  n: number
}

const ADAPTIVE_FIRST_ROUND = 200

/**
 * Estimates Consistency_k = E_U[ |top-k(mean of U) ∩ U| / k ] over uniformly random
 * k-subsets U (theory.md §1) by exact top-k search over all N items.
 *
 * @example
 * ```ts
 * const items = await loadEmbeddings('items.npy')
 * const points = await estimateConsistency(items, { ks: [2, 5, 10], engine: loadEngine(), seed: 0 })
 * for (const p of points) console.log(p.k, p.mean, [p.ciLow, p.ciHigh])
 * ```
 */
export async function estimateConsistency(
  input: Embeddings | SearchSpace,
  opts: EstimateOptions,
): Promise<ConsistencyPoint[]> {
  const space = 'items' in input ? input : searchSpace(input, opts.metric ?? 'dot')
  return estimateWith(inMemoryBackend(space, opts), opts)
}

/**
 * Where the items live for the estimator: it only draws sets, asks for their averages
 * and their rankings, and (fractional ties) for single scores. The in-memory backend
 * holds the matrix; the out-of-core one (out-of-core.ts) streams it in blocks. Both give
 * the same numbers bit for bit: the sampling and the accumulation are the same code.
 */
export interface EstimateBackend {
  n: number
  d: number
  /** Queries per engine call for `total` planned queries of at most `kMax` members. */
  batchSize(total: number, kMax: number): number
  /** Writes the average of set r (`sets[r*stride ..]`, counts[r] members) into queries row r. */
  average(sets: Int32Array, stride: number, counts: Int32Array, queries: Float32Array): void
  /** Q x k best-first item indices (ties filled when given); `onPart` reports the fraction done. */
  rank(
    queries: Float32Array,
    q: number,
    k: number,
    ties?: TieInfo,
    onPart?: (fraction: number) => void,
  ): Promise<Int32Array>
  /** The fractional-tie scorer, when ties are fractional. */
  scorer?: TieScorer
}

/** The in-memory backend: the engine over the whole matrix. */
function inMemoryBackend(space: SearchSpace, opts: EstimateOptions): EstimateBackend {
  const { n, d } = space
  const engine = opts.engine
  return {
    n,
    d,
    batchSize,
    average(sets, stride, counts, queries) {
      if (engine.averageRows) {
        engine.averageRows(
          space.items,
          n,
          d,
          sets,
          stride,
          counts,
          space.rowScale,
          queries,
          ranksBySum(space.metric, space.bias),
        )
      } else {
        const acc = new Float64Array(d)
        for (let qi = 0; qi < counts.length; qi++)
          averageAt(space, sets, qi * stride, counts[qi]!, queries, qi * d, acc)
      }
    },
    rank: (queries, q, k, ties) =>
      engine.topk(space.items, n, d, queries, q, k, {
        bias: space.bias,
        metric: space.metric,
        threads: opts.threads,
        ties,
      }),
    scorer: (opts.ties ?? 'fractional') === 'fractional' ? new TieScorer(space) : undefined,
  }
}

/** {@link estimateConsistency} over any backend. */
export async function estimateWith(backend: EstimateBackend, opts: EstimateOptions): Promise<ConsistencyPoint[]> {
  checkEstimateOptions(backend.n, opts)
  const seed = opts.seed ?? 0
  const states: KState[] = opts.ks.map((k) => ({ k, rng: rng(streamSeed(seed, k)), sum: 0, sumSq: 0, n: 0 }))
  const progress = { done: 0, total: 0 }
  if (opts.ci === undefined) {
    await runRound(
      backend,
      states.map((s) => ({ state: s, count: opts.samples ?? 1000 })),
      opts,
      progress,
    )
  } else {
    await runAdaptive(backend, states, opts, progress)
  }
  return states.map((s) => ({ k: s.k, ...summarize(s.sum, s.sumSq, s.n, opts.level) }))
}

/** The most random sets per k one estimate draws (a guard against typos like 1e12). */
export const MAX_SAMPLES = 10_000_000

/** Checks set sizes against N and the sampling options; throws InputError naming the option. */
export function checkEstimateOptions(n: number, opts: Omit<EstimateOptions, 'engine'>): void {
  const refuse = (field: string, message: string) => new InputError(message, { module: 'estimate', field })
  if (opts.ks.length === 0) throw refuse('ks', 'no set size given; use a list like 2..50.')
  for (const k of opts.ks) {
    if (!Number.isInteger(k) || k < 1) throw refuse('ks', `set size k=${k} must be a whole number of at least 1.`)
    if (k > n) throw refuse('ks', `set size k=${k} exceeds the number of items N=${n}; use k <= ${n}.`)
  }
  const positive = (v: number | undefined, field: string): void => {
    if (v !== undefined && (!Number.isInteger(v) || v < 1))
      throw refuse(field, `${v} must be a whole number of at least 1.`)
    if (v !== undefined && v > MAX_SAMPLES)
      throw refuse(field, `${v} is more than ${MAX_SAMPLES} sets per k; use at most ${MAX_SAMPLES}.`)
  }
  if (opts.ties !== undefined) parseTieRule(opts.ties)
  positive(opts.samples, 'samples')
  positive(opts.maxSamples, 'maxSamples')
  if (opts.ci !== undefined && !(opts.ci > 0 && opts.ci < 1))
    throw refuse('ci', `target half-width ${opts.ci} must lie strictly between 0 and 1 (e.g. 0.01).`)
}

/** Samples in rounds, giving each k more sets until its CI half-width meets the target. */
async function runAdaptive(
  backend: EstimateBackend,
  states: KState[],
  opts: EstimateOptions,
  progress: { done: number; total: number },
): Promise<void> {
  const target = opts.ci!
  const cap = opts.maxSamples ?? 100_000
  let requests = states.map((state) => ({ state, count: Math.min(ADAPTIVE_FIRST_ROUND, cap) }))
  while (requests.length > 0) {
    await runRound(backend, requests, opts, progress)
    requests = []
    for (const state of states) {
      // The reported interval's own half-width: near 0 and 1 that is the score interval's,
      // which is never zero, so a run of identical precisions does not stop the sampling.
      const n = state.n
      const half = intervalHalfWidth(summarize(state.sum, state.sumSq, n, opts.level))
      if (half <= target || n >= cap) continue
      // n grows as (half/target)^2; aim 20 % past it so one more round usually suffices.
      const needed = Math.ceil(n * (half / target) ** 2 * 1.2)
      requests.push({ state, count: Math.min(cap - n, Math.max(needed - n, 100)) })
    }
  }
}

/** Draws the requested sets, ranks their averages in batches, and accumulates precisions. */
async function runRound(
  backend: EstimateBackend,
  requests: { state: KState; count: number }[],
  opts: EstimateOptions,
  progress: { done: number; total: number },
): Promise<void> {
  // Largest k first, so each batch asks the engine for no more neighbours than it needs.
  const order = [...requests].sort((a, b) => b.state.k - a.state.k)
  const owners: KState[] = []
  for (const r of order) for (let i = 0; i < r.count; i++) owners.push(r.state)
  if (owners.length === 0) return
  progress.total += owners.length
  const { scorer } = backend
  // O(kMax), not an n-sized array: a streamed run's memory must not grow with n (the sets are the same).
  const seen = new StampSet(owners[0]!.k)
  const stamp = { value: 0 }
  const size = backend.batchSize(owners.length, owners[0]!.k)
  const batchAt = (start: number): Batch | undefined =>
    start < owners.length ? drawBatch(backend, owners.slice(start, start + size), seen, stamp) : undefined
  // Draw and average the next batch while the engine ranks this one (off the main thread).
  let next = batchAt(0)
  for (let start = 0; next; start += size) {
    const current = next
    const ties = scorer ? newTieInfo(current.group.length) : undefined
    const ranking = backend.rank(current.queries, current.group.length, current.kMax, ties, (fraction) =>
      opts.onProgress?.(progress.done + Math.floor(fraction * current.group.length), progress.total),
    )
    next = batchAt(start + size)
    const top = await ranking
    current.group.forEach((state, qi) => {
      opts.onRanking?.(state.k, top, qi * current.kMax, current.sets)
      const offset = qi * current.kMax
      let hits = countHits(current.sets, top, offset, state.k, seen, ++stamp.value)
      if (scorer && ties) {
        const ranked = {
          top,
          offset,
          length: current.kMax,
          ties,
          row: qi,
          queries: current.queries,
          qOffset: qi * backend.d,
        }
        hits = scorer.hits(ranked, state.k, current.sets, offset, state.k, seen, stamp.value, hits)
      }
      const p = hits / state.k
      state.sum += p
      state.sumSq += p * p
      state.n++
    })
    progress.done += current.group.length
    opts.onProgress?.(progress.done, progress.total)
  }
}

/** One engine call's worth of random sets (row qi at qi*kMax) and their averages. */
interface Batch {
  group: KState[]
  kMax: number
  sets: Int32Array
  queries: Float32Array
}

/** Draws each state's next set, in order, and averages it. */
function drawBatch(backend: EstimateBackend, group: KState[], seen: StampSet, stamp: { value: number }): Batch {
  const { n, d } = backend
  const kMax = group[0]!.k
  const sets = new Int32Array(group.length * kMax)
  const queries = new Float32Array(group.length * d)
  for (let qi = 0; qi < group.length; qi++)
    sampleSubset(group[qi]!.rng, n, group[qi]!.k, sets, seen, ++stamp.value, qi * kMax)
  backend.average(
    sets,
    kMax,
    Int32Array.from(group, (state) => state.k),
    queries,
  )
  return { group, kMax, sets, queries }
}

/** |top-k ∩ set| for the set and ranking stored at `offset` (k entries each), with `seen` as a stamped mark. */
function countHits(
  sets: Int32Array,
  top: Int32Array,
  offset: number,
  k: number,
  seen: StampSet,
  stamp: number,
): number {
  for (let i = offset; i < offset + k; i++) seen.add(sets[i]!, stamp)
  let hits = 0
  for (let i = offset; i < offset + k; i++) if (seen.has(top[i]!, stamp)) hits++
  return hits
}

/** Queries per engine call: large enough to amortise the item-matrix pass, small enough to show progress. */
function batchSize(total: number): number {
  return Math.min(8192, Math.max(2048, Math.ceil(total / 16)))
}
