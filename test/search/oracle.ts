// The brute-force oracle: every score in double precision, a full sort, and a checker
// that accepts an engine's list when it differs from the oracle only where scores are
// within float32 rounding of each other, and follows the lower-index rule wherever
// scores tie exactly.
/** Double-precision scores of one query against all items, with their rounding scale. */
export interface QueryScores {
  score: Float64Array
  /** Sum of |q_j x_j| + |bias|: float32 rounding error is a small multiple of it. */
  scale: Float64Array
}

/** Scores of query `query` (double precision, exact for small integers). */
export function scoreQuery(
  items: Float32Array,
  n: number,
  d: number,
  queries: Float32Array,
  query: number,
  bias?: Float32Array,
): QueryScores {
  const score = new Float64Array(n),
    scale = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = bias ? bias[i] : 0,
      m = bias ? Math.abs(bias[i]) : 0
    for (let j = 0; j < d; j++) {
      const p = queries[query * d + j] * items[i * d + j]
      s += p
      m += Math.abs(p)
    }
    score[i] = s
    scale[i] = m
  }
  return { score, scale }
}

/** The oracle's top-k: full sort by (score desc, index asc). */
export function oracleTopK(scores: QueryScores, k: number): number[] {
  const order = Array.from(scores.score, (_, i) => i)
  order.sort((a, b) => scores.score[b] - scores.score[a] || a - b)
  return order.slice(0, k)
}

const RTOL = 1e-5

/**
 * Returns the first way `list` fails to be a correct top-k for these scores, or null:
 * distinct valid indices, nothing left out that beats a kept item by more than
 * rounding, best first, and the lower index first wherever two scores are exactly
 * equal (inside the list and at the k-th boundary). Plain checks, not one expect()
 * per item: the suite checks millions of pairs.
 */
export function topKProblem(list: ArrayLike<number>, scores: QueryScores, k: number): string | null {
  const { score, scale } = scores
  const n = score.length
  const kept = Array.from(list)
  if (kept.length !== k) return `length ${kept.length}, expected ${k}`
  if (new Set(kept).size !== k) return 'duplicate indices'
  for (const i of kept) if (!(i >= 0 && i < n)) return `index ${i} out of range`
  const tol = (a: number, b: number): number => RTOL * Math.max(scale[a], scale[b], 1e-30)
  for (let r = 0; r + 1 < k; r++) {
    const a = kept[r],
      b = kept[r + 1]
    if (score[a] < score[b] - tol(a, b)) return `rank ${r} (item ${a}) scores below rank ${r + 1} (item ${b})`
    if (score[a] === score[b] && a > b) return `tie at rank ${r} not broken by lower index (${a}, ${b})`
  }
  const inList = new Uint8Array(n)
  for (const i of kept) inList[i] = 1
  const last = kept[k - 1]
  for (let j = 0; j < n; j++) {
    if (inList[j]) continue
    if (score[j] > score[last] + tol(j, last)) return `item ${j} was left out but beats item ${last}`
    if (score[j] === score[last] && j < last) return `item ${j} ties the k-th item ${last} and has a lower index`
  }
  return null
}
