/**
 * Held-out ranking quality: recall@k and nDCG@k of a dot-product scorer.
 *
 * For every user u with at least one relevant test item (distinct test items u has not
 * consumed in train), items are ranked by score(u, i) = <q_u, y_i>, u's train items are
 * excluded, and the top k (ties to the lower item index) are compared with the relevant set:
 *   recall@k = hits / |relevant|,  nDCG@k = sum_{hits at rank r} 1/log2(r + 1) / IDCG,
 *   IDCG = sum_{r=1}^{min(k, |relevant|)} 1/log2(r + 1).
 * Both are averaged over those users. For scale, `randomRecall` is the exact expectation
 * of recall@k under a uniformly random ranking of the same candidates, min(1, k / N_u)
 * with N_u the number of candidate items, averaged over the same users, and
 * `popularityRecall` is recall@k of ranking every user's candidates by the number of
 * distinct train users of each item (ties to the lower index): the baseline to beat.
 */
import type { Embeddings } from '../io/embeddings.js'
import { InputError } from '../errors.js'
import type { Interactions } from '../io/interactions.js'
import { userItemCsr, type Csr } from './csr.js'
import { checkInt, type Progress } from './options.js'

/** Averages over the evaluated users; see the module comment for the definitions. */
export interface RankingMetrics {
  k: number
  recall: number
  ndcg: number
  /** Expected recall@k of a random ranking, for scale. */
  randomRecall: number
  /** Recall@k of the most-popular-in-train ranking (train items excluded), for scale. */
  popularityRecall: number
  /** Number of users with at least one relevant test item (the average's denominator). */
  users: number
}

/**
 * Evaluates rankings by <userVectors[u], items[i]> against held-out interactions.
 * `train` and `test` must share ids (as {@link splitPerUser} returns); `userVectors` has
 * one row per user (model factors, or {@link averageItemEmbeddings} of the train side).
 */
export function evaluateRanking(
  train: Interactions,
  test: Interactions,
  userVectors: Embeddings,
  items: Embeddings,
  options: { k?: number; progress?: Progress } = {},
): RankingMetrics {
  const k = checkInt('evaluate', 'k', options.k ?? 10, 1)
  const nUsers = train.users.length,
    nItems = train.items.length
  if (test.users.length !== nUsers || test.items.length !== nItems)
    throw new InputError('evaluate: train and test must share their users and items (use splitPerUser).')
  if (userVectors.n !== nUsers || items.n !== nItems || userVectors.d !== items.d) {
    throw new InputError(
      `evaluate: ${userVectors.n}x${userVectors.d} user vectors and ${items.n}x${items.d} items do not match ${nUsers} users, ${nItems} items.`,
    )
  }
  const tr = userItemCsr(train, true)
  const te = userItemCsr(test, true)
  const stamp = new Int32Array(nItems).fill(-1)
  const top = new Int32Array(k),
    topScore = new Float64Array(k)
  let recall = 0,
    ndcg = 0,
    random = 0,
    popular = 0,
    users = 0
  const byPopularity = popularityOrder(tr)
  for (let u = 0; u < nUsers; u++) {
    if (options.progress && (u % 256 === 0 || u === nUsers - 1)) options.progress(u + 1, nUsers)
    for (let q = tr.indptr[u]!; q < tr.indptr[u + 1]!; q++) stamp[tr.indices[q]!] = u
    const relevant = relevantItems(te, u, stamp)
    if (relevant.length === 0) continue
    const found = topK(userVectors.data, u, items, stamp, k, top, topScore)
    let hits = 0,
      dcg = 0
    for (let r = 0; r < found; r++) {
      if (relevant.includes(top[r]!)) {
        hits++
        dcg += 1 / Math.log2(r + 2)
      }
    }
    let idcg = 0
    for (let r = 0; r < Math.min(k, relevant.length); r++) idcg += 1 / Math.log2(r + 2)
    const candidates = nItems - (tr.indptr[u + 1]! - tr.indptr[u]!)
    recall += hits / relevant.length
    ndcg += dcg / idcg
    random += Math.min(1, k / candidates)
    popular += popularHits(byPopularity, stamp, u, k, relevant) / relevant.length
    users++
  }
  const avg = (s: number): number => (users === 0 ? 0 : s / users)
  return { k, recall: avg(recall), ndcg: avg(ndcg), randomRecall: avg(random), popularityRecall: avg(popular), users }
}

/** Item indices by descending number of distinct train users, ties to the lower index. */
function popularityOrder(tr: Csr): Uint32Array {
  const count = new Int32Array(tr.cols)
  for (let q = 0; q < tr.indices.length; q++) count[tr.indices[q]!]!++
  const order = new Uint32Array(tr.cols)
  for (let i = 0; i < tr.cols; i++) order[i] = i
  return order.sort((a, b) => count[b]! - count[a]! || a - b)
}

/** Relevant items among the first k of `order` that are not u's train items. */
function popularHits(order: Uint32Array, stamp: Int32Array, u: number, k: number, relevant: number[]): number {
  let taken = 0,
    hits = 0
  for (let p = 0; p < order.length && taken < k; p++) {
    if (stamp[order[p]!] === u) continue
    taken++
    if (relevant.includes(order[p]!)) hits++
  }
  return hits
}

/** Distinct test items of user u not marked as u's train items in `stamp`. */
function relevantItems(te: Csr, u: number, stamp: Int32Array): number[] {
  const out: number[] = []
  for (let q = te.indptr[u]!; q < te.indptr[u + 1]!; q++) if (stamp[te.indices[q]!] !== u) out.push(te.indices[q]!)
  return out
}

/**
 * Top k items by <query u, item>, skipping items with stamp === u; fills `top` best first
 * (strict > keeps the lower index on ties) and returns how many were found.
 */
function topK(
  queries: Float32Array,
  u: number,
  items: Embeddings,
  stamp: Int32Array,
  k: number,
  top: Int32Array,
  score: Float64Array,
): number {
  const d = items.d,
    y = items.data,
    qo = u * d
  let size = 0
  for (let i = 0; i < items.n; i++) {
    if (stamp[i] === u) continue
    let s = 0
    for (let a = 0, yo = i * d; a < d; a++) s += queries[qo + a]! * y[yo + a]!
    if (size === k && !(s > score[k - 1]!)) continue
    // Insertion into the sorted list (k is small).
    let p = size < k ? size++ : k - 1
    while (p > 0 && s > score[p - 1]!) {
      score[p] = score[p - 1]!
      top[p] = top[p - 1]!
      p--
    }
    score[p] = s
    top[p] = i
  }
  return size
}

/**
 * Each user's mean item embedding over the distinct items of `x` (users.length x d; a
 * zero row for a user with no items): the "average of item embeddings" avgcon studies,
 * used as the user vector when a model has no user factors (PPMI-SVD).
 */
export function averageItemEmbeddings(x: Interactions, items: Embeddings): Embeddings {
  if (items.n !== x.items.length)
    throw new InputError(`evaluate: ${items.n} item embeddings for a log of ${x.items.length} items.`)
  const m = userItemCsr(x, true)
  const d = items.d
  const out = new Float32Array(m.rows * d)
  const acc = new Float64Array(d)
  for (let u = 0; u < m.rows; u++) {
    const n = m.indptr[u + 1]! - m.indptr[u]!
    if (n === 0) continue
    acc.fill(0)
    for (let q = m.indptr[u]!; q < m.indptr[u + 1]!; q++) {
      const yo = m.indices[q]! * d
      for (let a = 0; a < d; a++) acc[a]! += items.data[yo + a]!
    }
    for (let a = 0; a < d; a++) out[u * d + a] = acc[a]! / n
  }
  return { n: m.rows, d, data: out, ids: x.users }
}
