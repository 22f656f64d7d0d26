/**
 * Precision of the averages of real item sets (a user's history, a playlist), and the
 * same for random sets of equal sizes as a baseline (theory.md §1, "Real sets").
 *
 * For a set U of distinct items with average mu_U (weighted when the set has weights):
 *   Precision_|U|(U) = |top-|U|(mu_U) ∩ U| / |U|
 *   Precision@n(U)   = |top-n(mu_U) ∩ U| / n      (so a set smaller than n scores at most |U|/n)
 * Both are exact: one engine call ranks a batch of averages over ALL N items (the set's
 * own items included), and since engine lists are best first, the top-max(|U|, n) list
 * holds both prefixes. Sets of size 1 go through the same search: under dot similarity
 * another item can outscore x_u against itself, and equal scores go to the lower index.
 */
import { InputError } from '../errors.js'
import type { ItemSet } from '../io/item-sets.js'
import { rng } from '../rng.js'
import { newTieInfo, type Engine } from '../search/engine.js'
import { halfWidth, summarize, type Summary } from './interval.js'
import { averageInto, type SearchSpace } from './metric.js'
import { sampleSubset } from './sampler.js'
import { parseTieRule, TieScorer, type RankedQuery, type TieRule } from './ties.js'

export type { ItemSet }

/** Exact precisions of one set's average. */
export interface SetScore {
  id: string
  size: number
  /** Precision_|U|(U): share of the set among the |U| items nearest its average. */
  precision: number
  /** |top-n(mu_U) ∩ U| / n for the fixed n of the run. */
  precisionAt: number
  /** The first few items of top(mu_U), best first (row indices; empty unless asked). */
  nearest: Int32Array
}

/** Options of {@link setPrecision}. */
export interface SetPrecisionOptions {
  engine: Engine
  /** n of Precision@n (default 10); 1 <= n <= N. */
  at?: number
  /** Keep this many of each average's nearest items in `nearest` (default 0). */
  nearest?: number
  /** Engine threads (default: all cores). */
  threads?: number
  /** Ties at the cut-off places: 'fractional' (default, see ties.ts) or 'lower-index'. */
  ties?: TieRule
  /** Called after each engine call with sets done and sets in total. */
  onProgress?: (done: number, total: number) => void
}

/** Largest Q x k output kept in memory at once (Int32 entries: 32 MB). */
const MAX_TOP_ENTRIES = 8 << 20
const MAX_BATCH = 4096

/**
 * Computes Precision_|U| and Precision@n of every set's average, exactly, in batches
 * (sets sorted by the neighbours they need, so one large set does not make the engine
 * return |U| neighbours for a whole batch of small ones). Results are in input order.
 * @throws InputError on an empty set, a set larger than N, an index outside 0..N-1,
 * a repeated item, bad weights, or n outside 1..N.
 */
export async function setPrecision(
  space: SearchSpace,
  sets: readonly ItemSet[],
  opts: SetPrecisionOptions,
): Promise<SetScore[]> {
  const { n, d } = space
  const at = opts.at ?? 10
  if (!Number.isInteger(at) || at < 1 || at > n)
    throw new InputError(`n=${at} must be a whole number between 1 and the number of items N=${n}.`, {
      module: 'estimate',
      field: 'at',
    })
  const keep = Math.min(opts.nearest ?? 0, n)
  const scorer = parseTieRule(opts.ties ?? 'fractional') === 'fractional' ? new TieScorer(space) : undefined
  const seen = new Int32Array(n).fill(-1)
  sets.forEach((s, i) => checkSet(s, n, seen, i))
  const need = (s: ItemSet): number => Math.max(s.items.length, at, keep)
  const order = sets.map((_, i) => i).sort((a, b) => need(sets[b]!) - need(sets[a]!) || a - b)
  const out = new Array<SetScore>(sets.length)
  const acc = new Float64Array(d)
  for (let start = 0; start < order.length;) {
    const kMax = need(sets[order[start]!]!)
    const count = Math.min(order.length - start, MAX_BATCH, Math.max(1, Math.floor(MAX_TOP_ENTRIES / kMax)))
    const batch = order.slice(start, start + count)
    const queries = new Float32Array(count * d)
    batch.forEach((si, q) =>
      averageInto(space, sets[si]!.items, queries.subarray(q * d, (q + 1) * d), acc, sets[si]!.weights),
    )
    const ties = scorer ? newTieInfo(count) : undefined
    const top = await opts.engine.topk(space.items, n, d, queries, count, kMax, {
      bias: space.bias,
      metric: space.metric,
      threads: opts.threads,
      ties,
    })
    batch.forEach((si, q) => {
      const ranked = ties && { top, offset: q * kMax, length: kMax, ties, row: q, queries, qOffset: q * d }
      out[si] = score(sets[si]!, top.subarray(q * kMax, (q + 1) * kMax), at, keep, seen, si, scorer, ranked)
    })
    start += count
    opts.onProgress?.(start, order.length)
  }
  return out
}

/** Validates one set; marks its items in `seen` with `stamp` to find repeats. */
function checkSet(s: ItemSet, n: number, seen: Int32Array, stamp: number): void {
  const k = s.items.length
  if (k === 0) throw new InputError(`set ${JSON.stringify(s.id)} is empty; every set needs at least one item.`)
  if (k > n)
    throw new InputError(
      `set ${JSON.stringify(s.id)} has ${k} items but there are only N=${n} items; a set holds distinct items.`,
    )
  if (s.weights && s.weights.length !== k)
    throw new InputError(`set ${JSON.stringify(s.id)} has ${s.weights.length} weights for ${k} items.`)
  let total = 0
  for (let m = 0; m < k; m++) {
    const i = s.items[m]!
    if (!Number.isInteger(i) || i < 0 || i >= n)
      throw new InputError(`set ${JSON.stringify(s.id)}: item index ${i} is outside 0..${n - 1}.`)
    if (seen[i] === stamp)
      throw new InputError(
        `set ${JSON.stringify(s.id)} lists item ${i} twice; merge repeats (summing their weights) first.`,
      )
    seen[i] = stamp
    if (s.weights) {
      const w = s.weights[m]!
      if (!(w >= 0) || !Number.isFinite(w))
        throw new InputError(
          `set ${JSON.stringify(s.id)}: the weight of item ${i} (its ${ordinal(m + 1)} item) is ${w}; weights must be finite and >= 0, so fix or drop that item.`,
        )
      total += w
    }
  }
  if (s.weights && !(total > 0))
    throw new InputError(`set ${JSON.stringify(s.id)}: its weights sum to 0, so it has no weighted average.`)
}

/**
 * Both precisions from one best-first list; `seen` is stamped with a value no other set uses.
 * With a scorer, ties at the |U|-th and n-th places get fractional credit.
 */
function score(
  s: ItemSet,
  top: Int32Array,
  at: number,
  keep: number,
  seen: Int32Array,
  index: number,
  scorer?: TieScorer,
  ranked?: RankedQuery,
): SetScore {
  const k = s.items.length
  // Stamps -2, -3, ...: distinct from checkSet's stamps (>= 0) and from the initial -1.
  const stamp = -2 - index
  for (let m = 0; m < k; m++) seen[s.items[m]!] = stamp
  let hitsK = 0,
    hitsAt = 0
  for (let r = 0; r < Math.max(k, at); r++) {
    if (seen[top[r]!] !== stamp) continue
    if (r < k) hitsK++
    if (r < at) hitsAt++
  }
  if (scorer && ranked) {
    hitsK = scorer.hits(ranked, k, s.items, 0, k, seen, stamp, hitsK)
    hitsAt = scorer.hits(ranked, at, s.items, 0, k, seen, stamp, hitsAt)
  }
  return { id: s.id, size: k, precision: hitsK / k, precisionAt: hitsAt / at, nearest: top.slice(0, keep) }
}

/**
 * For each set, a uniformly random set of the same size (Floyd's algorithm, one seeded
 * stream, sets in input order), shuffled so that a weighted set's weights land on random
 * items rather than on Floyd's draw order (which favours high indices in its last slots).
 * Ids are the originals; weights are carried over. Needs every size <= n.
 */
export function randomSets(sets: readonly ItemSet[], n: number, seed: number): ItemSet[] {
  const r = rng(seed)
  const seen = new Int32Array(n)
  return sets.map((s, i) => {
    const k = s.items.length
    if (k > n) throw new InputError(`set ${JSON.stringify(s.id)} has ${k} items but there are only N=${n} items.`)
    const items = new Int32Array(k)
    sampleSubset(r, n, k, items, seen, i + 1)
    for (let m = k - 1; m > 0; m--) {
      const j = r.int(m + 1)
      const t = items[m]!
      items[m] = items[j]!
      items[j] = t
    }
    return s.weights ? { id: s.id, items, weights: s.weights } : { id: s.id, items }
  })
}

/** A set-size range of the summary; `max` undefined means no upper bound. */
export interface SizeBucket {
  label: string
  min: number
  max?: number
}

/** The default size buckets: 1, 2-5, 6-10, 11-20, 21-50, 51-100, >100. */
export const SIZE_BUCKETS: readonly SizeBucket[] = [
  { label: '1', min: 1, max: 1 },
  { label: '2-5', min: 2, max: 5 },
  { label: '6-10', min: 6, max: 10 },
  { label: '11-20', min: 11, max: 20 },
  { label: '21-50', min: 21, max: 50 },
  { label: '51-100', min: 51, max: 100 },
  { label: '>100', min: 101 },
]

/** Real against random precision for the sets of one size bucket (or of all sizes: label "all"). */
export interface BucketSummary {
  label: string
  /** Number of sets in the bucket. */
  sets: number
  /** Mean set size in the bucket. */
  meanSize: number
  precision: Summary
  precisionAt: Summary
  random: Summary
  randomAt: Summary
  /** Mean over sets of (real - random) Precision_|U|, with its paired t interval (clipped to [-1, 1]). */
  difference: { mean: number; ciLow: number; ciHigh: number }
}

/**
 * Summarises real and random scores (paired: `random[i]` is the baseline of `real[i]`)
 * by size bucket, skipping empty buckets, then one row "all" over every set.
 */
export function summarizeBySize(
  real: readonly SetScore[],
  random: readonly SetScore[],
  buckets: readonly SizeBucket[] = SIZE_BUCKETS,
  level = 0.95,
): BucketSummary[] {
  if (random.length !== real.length)
    throw new InputError(
      `sets: ${real.length} real sets but ${random.length} random ones; the baseline pairs them one to one.`,
    )
  const rows: BucketSummary[] = []
  for (const b of buckets) {
    const members = real
      .map((_, i) => i)
      .filter((i) => real[i]!.size >= b.min && (b.max === undefined || real[i]!.size <= b.max))
    if (members.length > 0) rows.push(bucketSummary(b.label, members, real, random, level))
  }
  if (real.length > 0)
    rows.push(
      bucketSummary(
        'all',
        real.map((_, i) => i),
        real,
        random,
        level,
      ),
    )
  return rows
}

function bucketSummary(
  label: string,
  members: number[],
  real: readonly SetScore[],
  random: readonly SetScore[],
  level: number,
): BucketSummary {
  const stat = (pick: (i: number) => number): Summary => {
    let sum = 0,
      sumSq = 0
    for (const i of members) {
      const v = pick(i)
      sum += v
      sumSq += v * v
    }
    return summarize(sum, sumSq, members.length, level)
  }
  const diff = stat((i) => real[i]!.precision - random[i]!.precision)
  // summarize clips its interval to [0, 1]; a difference lives in [-1, 1], so redo the bounds.
  const half = halfWidth(diff.std, diff.n, level)
  return {
    label,
    sets: members.length,
    meanSize: members.reduce((s, i) => s + real[i]!.size, 0) / members.length,
    precision: stat((i) => real[i]!.precision),
    precisionAt: stat((i) => real[i]!.precisionAt),
    random: stat((i) => random[i]!.precision),
    randomAt: stat((i) => random[i]!.precisionAt),
    difference: { mean: diff.mean, ciLow: Math.max(-1, diff.mean - half), ciHigh: Math.min(1, diff.mean + half) },
  }
}

/** Options of {@link realSetConsistency}: {@link SetPrecisionOptions} plus the baseline's seed. */
export interface RealSetOptions extends SetPrecisionOptions {
  /** Seed of the random baseline sets (default 0). */
  seed?: number
}

/** Scores of the real sets, of their random baselines, and the summary by size. */
export interface RealSetResult {
  real: SetScore[]
  random: SetScore[]
  buckets: BucketSummary[]
}

/**
 * The whole real-set analysis: precisions of each set's average, of a random set of the
 * same size (and weights) per set, and the summary by size bucket. Real and random sets
 * share engine batches, so the baseline costs no extra pass when batches are full.
 */
export async function realSetConsistency(
  space: SearchSpace,
  sets: readonly ItemSet[],
  opts: RealSetOptions,
): Promise<RealSetResult> {
  const baseline = randomSets(sets, space.n, opts.seed ?? 0)
  const scores = await setPrecision(space, [...sets, ...baseline], opts)
  const real = scores.slice(0, sets.length)
  const random = scores.slice(sets.length)
  return { real, random, buckets: summarizeBySize(real, random) }
}

/** 1st, 2nd, 3rd, 4th, ... 11th, 12th, 13th, 21st. */
function ordinal(n: number): string {
  const tens = n % 100
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')
  return `${n}${suffix}`
}
