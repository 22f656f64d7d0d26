/**
 * Recommendation quality of user averages: each user's vector is the mean of their
 * train items' embeddings (the average avgcon studies), ranked against every item
 * with their train items excluded, and scored by recall@k and nDCG@k on held-out
 * items. Used to show what a transform or a regulariser costs in quality.
 */
import { InputError, warn } from '../errors.js'
import type { Embeddings } from '../io/embeddings.js'
import type { Interactions } from '../io/interactions.js'
import { averageItemEmbeddings, evaluateRanking, type RankingMetrics } from '../train/metrics.js'
import { splitPerUser, type Split } from '../train/split.js'

/** Share of the log's interactions that must name embedded items before unmatched ones are dropped. */
const MIN_MATCHED = 0.5

/**
 * Restricts `log` to the items named by `e.ids` and returns it with the embedding
 * rows in the log's item order. Interactions with items absent from the embeddings
 * are dropped with a warning when they are a minority.
 * @throws InputError when the embeddings carry no ids or the ids mostly do not match.
 */
export function matchLog(log: Interactions, e: Embeddings): { log: Interactions; rowOf: Int32Array } {
  if (!e.ids)
    throw new InputError(
      'the embeddings carry no item ids, so the log cannot be matched to them; save them with ids (FILE.ids.txt beside a .npy, or an id column).',
      { module: 'diagnose', field: 'interactions' },
    )
  const row = new Map<string, number>()
  e.ids.forEach((id, i) => row.set(id, i))
  const newItem = new Int32Array(log.items.length).fill(-1)
  const items: string[] = [],
    rows: number[] = []
  log.items.forEach((id, i) => {
    const r = row.get(id)
    if (r === undefined) return
    newItem[i] = items.length
    items.push(id)
    rows.push(r)
  })
  const keep: number[] = []
  for (let t = 0; t < log.item.length; t++) if (newItem[log.item[t]!]! >= 0) keep.push(t)
  if (keep.length < MIN_MATCHED * log.item.length || keep.length === 0) {
    const missing = log.items.find((_, i) => newItem[i] === -1)
    throw new InputError(
      `only ${items.length} of the log's ${log.items.length} items are among the embeddings' ids (e.g. ${JSON.stringify(missing)} is not); the log and the embeddings must name items the same way.`,
      { module: 'diagnose', field: 'interactions' },
    )
  }
  if (keep.length < log.item.length)
    warn(
      `${log.item.length - keep.length} interactions name items that have no embedding; they are left out of the recall.`,
    )
  const pick = <T extends Int32Array | Float32Array | Float64Array>(a: T, f: (v: number) => number = (v) => v): T => {
    const out = new (a.constructor as new (n: number) => T)(keep.length)
    keep.forEach((t, j) => {
      out[j] = f(a[t]!)
    })
    return out
  }
  const out: Interactions = {
    users: log.users,
    items,
    user: pick(log.user),
    item: pick(log.item, (i) => newItem[i]!),
    weight: pick(log.weight),
  }
  if (log.timestamp) out.timestamp = pick(log.timestamp)
  return { log: out, rowOf: Int32Array.from(rows) }
}

/** The embedding rows `rowOf` (log item order), as a matrix aligned with the matched log. */
export function rowsOf(e: Embeddings, rowOf: Int32Array): Embeddings {
  const data = new Float32Array(rowOf.length * e.d)
  rowOf.forEach((r, i) => data.set(e.data.subarray(r * e.d, (r + 1) * e.d), i * e.d))
  return { n: rowOf.length, d: e.d, data, ...(e.ids ? { ids: Array.from(rowOf, (r) => e.ids![r]!) } : {}) }
}

/** A held-out evaluation set-up: the matched log's split and the map to embedding rows. */
export interface QualityProbe {
  split: Split
  rowOf: Int32Array
}

/** Matches `log` to `e` and splits it per user (seeded, `fraction` held out, default 0.2). */
export function qualityProbe(
  log: Interactions,
  e: Embeddings,
  opts: { seed?: number; fraction?: number } = {},
): QualityProbe {
  const matched = matchLog(log, e)
  return {
    split: splitPerUser(matched.log, { seed: opts.seed ?? 0, fraction: opts.fraction ?? 0.2 }),
    rowOf: matched.rowOf,
  }
}

/** recall@k and nDCG@k (default k = 10) of user averages of `e` on the probe's held-out items. */
export function userAverageQuality(probe: QualityProbe, e: Embeddings, k = 10): RankingMetrics {
  const items = rowsOf(e, probe.rowOf)
  const users = averageItemEmbeddings(probe.split.train, items)
  return evaluateRanking(probe.split.train, probe.split.test, users, items, { k })
}
