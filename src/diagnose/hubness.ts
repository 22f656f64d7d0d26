/**
 * Hubness: the k-occurrence N_k(x) of every item x, i.e. how many top-k lists it
 * appears in (Radovanovic, Nanopoulos & Ivanovic, JMLR 2010). Counted over the
 * top-k lists of random k-set averages (what Consistency_k ranks) and, optionally,
 * over the items' own k-nearest-neighbour lists (the classic definition, self excluded).
 * The same pass over random averages yields Precision_k, i.e. Consistency_k.
 */
import { InputError } from '../errors.js'
import { estimateConsistency } from '../estimate/consistency.js'
import type { Summary } from '../estimate/interval.js'
import { averageAt, type SearchSpace } from '../estimate/metric.js'
import { sampleSubset, streamSeed } from '../estimate/sampler.js'
import { rng } from '../rng.js'
import type { Engine } from '../search/engine.js'
import { hubnessMeasures, type HubnessMeasures } from './hub-measures.js'
import { skewness } from './stats.js'

/** Options of {@link averageOccurrence} and {@link itemOccurrence}. */
export interface OccurrenceOptions {
  engine: Engine
  /** Set size and list length k (default 10). */
  k?: number
  /** Number of random averages (or of query items for itemOccurrence). */
  queries?: number
  /** Sampler seed (default 0). */
  seed?: number
  threads?: number
}

/** k-occurrence counts and how many lists they were counted over. */
export interface Occurrence {
  /** counts[i] = N_k(item i); sums to queries * k. */
  counts: Int32Array
  k: number
  queries: number
}

/** N_k over random averages, plus Consistency_k from the same lists. */
export interface AverageOccurrence extends Occurrence {
  consistency: Summary
  /**
   * Skewness of the k'-occurrence N_k' of the same averages' top-k' lists, by k' in
   * {@link SKEWNESS_KS} (those <= N): Radovanovic et al.'s hubness at several list lengths.
   */
  skewnessAt: Record<string, number>
}

/** List lengths k' of {@link AverageOccurrence.skewnessAt}. */
export const SKEWNESS_KS: readonly number[] = [5, 10, 50]

/**
 * Skewness of N_k' for each `ks` entry <= `length`, from `q` ranked lists of `length`
 * item indices each, best first (row-major): a top-`length` list's first k' entries are
 * its top-k' list (engine.ts), so one search at the largest k' gives every N_k'.
 */
export function skewnessAtPrefixes(
  lists: Int32Array,
  q: number,
  length: number,
  n: number,
  ks: readonly number[],
): Record<string, number> {
  const out: Record<string, number> = {}
  for (const k of ks) {
    if (k > length) continue
    const counts = new Int32Array(n)
    for (let r = 0; r < q; r++) for (let m = 0; m < k; m++) counts[lists[r * length + m]!]!++
    out[String(k)] = skewness(counts)
  }
  return out
}

const BATCH = 1024

/**
 * Draws `queries` (default 2000) uniform k-subsets, ranks each average by exact
 * top-k over all items and counts every listed item: the estimator's own run
 * (same seed, same sets, same Consistency_k), observed through its rankings.
 */
export async function averageOccurrence(space: SearchSpace, opts: OccurrenceOptions): Promise<AverageOccurrence> {
  const k = checkK(opts.k ?? 10, space.n)
  const total = opts.queries ?? 2000
  const counts = new Int32Array(space.n)
  // The sets, kept (queries x k indices) to rank the same averages again at k' = 5, 10, 50.
  const sets = new Int32Array(total * k)
  let drawn = 0
  const [consistency] = await estimateConsistency(space, {
    ks: [k],
    samples: total,
    seed: opts.seed ?? 0,
    engine: opts.engine,
    threads: opts.threads,
    onRanking: (_k, top, offset, batchSets) => {
      for (let m = offset; m < offset + k; m++) counts[top[m]!]!++
      if (drawn < total) sets.set(batchSets.subarray(offset, offset + k), k * drawn++)
    },
  })
  const skewnessAt = await skewnessOfAverages(space, sets, drawn, k, opts)
  return { counts, k, queries: total, consistency: consistency!, skewnessAt }
}

/** N_k' skewness of the averages of `q` k-sets, for k' in SKEWNESS_KS (<= N): one search at the largest. */
async function skewnessOfAverages(
  space: SearchSpace,
  sets: Int32Array,
  q: number,
  k: number,
  opts: OccurrenceOptions,
): Promise<Record<string, number>> {
  const ks = SKEWNESS_KS.filter((x) => x <= space.n)
  if (ks.length === 0 || q === 0) return {}
  const length = Math.max(...ks)
  const lists = new Int32Array(q * length)
  const acc = new Float64Array(space.d)
  for (let start = 0; start < q; start += BATCH) {
    const b = Math.min(BATCH, q - start)
    const queries = new Float32Array(b * space.d)
    for (let i = 0; i < b; i++) averageAt(space, sets, (start + i) * k, k, queries, i * space.d, acc)
    const top = await opts.engine.topk(space.items, space.n, space.d, queries, b, length, {
      bias: space.bias,
      metric: space.metric,
      threads: opts.threads,
    })
    lists.set(top, start * length)
  }
  return skewnessAtPrefixes(lists, q, length, space.n, ks)
}

/**
 * N_k over the items' own k-NN lists (self excluded): every item is a query when
 * `queries` is absent or >= N, else a seeded uniform sample of that many items
 * (counts then estimate N_k scaled by queries / N).
 */
export async function itemOccurrence(space: SearchSpace, opts: OccurrenceOptions): Promise<Occurrence> {
  const k = checkK(opts.k ?? 10, space.n - 1)
  const n = space.n,
    d = space.d
  const q = Math.min(n, opts.queries ?? n)
  const chosen = new Int32Array(q)
  if (q === n) for (let i = 0; i < n; i++) chosen[i] = i
  else sampleSubset(rng(streamSeed(opts.seed ?? 0, -k)), n, q, chosen, new Int32Array(n), 1)
  const counts = new Int32Array(n)
  for (let start = 0; start < q; start += BATCH) {
    const b = Math.min(BATCH, q - start)
    const queries = new Float32Array(b * d)
    for (let i = 0; i < b; i++)
      queries.set(space.items.subarray(chosen[start + i]! * d, (chosen[start + i]! + 1) * d), i * d)
    const top = await opts.engine.topk(space.items, n, d, queries, b, k + 1, {
      bias: space.bias,
      metric: space.metric,
      threads: opts.threads,
    })
    for (let i = 0; i < b; i++)
      countWithoutSelf(top.subarray(i * (k + 1), (i + 1) * (k + 1)), chosen[start + i]!, k, counts)
  }
  return { counts, k, queries: q }
}

/** Counts the first k entries of a (k+1)-list that are not `self` (the last is dropped when self is absent). */
function countWithoutSelf(list: Int32Array, self: number, k: number, counts: Int32Array): void {
  let taken = 0
  for (let m = 0; m < list.length && taken < k; m++) {
    if (list[m] === self) continue
    counts[list[m]!]!++
    taken++
  }
}

function checkK(k: number, max: number): number {
  if (!Number.isInteger(k) || k < 1 || k > max)
    throw new InputError(`${k} must be a whole number in 1..${max} for this matrix.`, {
      module: 'diagnose',
      field: 'k',
    })
  return k
}

/** One hub: an item and its k-occurrence. */
export interface Hub {
  index: number
  id?: string
  count: number
}

/** Summary of a k-occurrence distribution. */
export interface HubStats {
  k: number
  queries: number
  /** Skewness of N_k over all items (0 for uniform use, large when a few items dominate). */
  skewness: number
  /** Share of all top-k slots taken by the top 1 % of items (at least one item); 0.01 if perfectly even. */
  top1PercentShare: number
  /** Share of items never listed (anti-hubs). */
  neverListed: number
  /** Largest N_k and the mean (queries * k / N) for scale. */
  maxCount: number
  meanCount: number
  /** The items with the highest N_k, best first (ties: lower index). */
  top: Hub[]
  /** Robin Hood index, Gini, antihub and hub rates of the same N_k (see hub-measures.ts). */
  measures: HubnessMeasures
  /** Over random averages only: skewness of N_k' at k' = 5, 10, 50 (those <= N), keyed by k'. */
  skewnessAt?: Record<string, number>
}

/** Skewness, top-1 % share, anti-hub share and the `topCount` largest hubs of N_k. */
export function hubStats(o: Occurrence, ids?: readonly string[], topCount = 10): HubStats {
  const n = o.counts.length
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  order.sort((a, b) => o.counts[b]! - o.counts[a]! || a - b)
  const onePercent = Math.max(1, Math.ceil(n / 100))
  let topSlots = 0,
    never = 0
  for (let i = 0; i < onePercent; i++) topSlots += o.counts[order[i]!]!
  for (let i = 0; i < n; i++) if (o.counts[i] === 0) never++
  const slots = o.queries * o.k
  const top: Hub[] = Array.from(order.subarray(0, Math.min(topCount, n)), (index) => ({
    index,
    ...(ids ? { id: ids[index]! } : {}),
    count: o.counts[index]!,
  }))
  return {
    k: o.k,
    queries: o.queries,
    skewness: skewness(o.counts),
    top1PercentShare: slots > 0 ? topSlots / slots : 0,
    neverListed: never / n,
    maxCount: o.counts[order[0]!]!,
    meanCount: slots / n,
    top,
    measures: hubnessMeasures(o.counts),
    ...('skewnessAt' in o ? { skewnessAt: (o as AverageOccurrence).skewnessAt } : {}),
  }
}
