/**
 * The pure TypeScript engine: the oracle the native engine is tested against and the
 * fallback when the native binary is missing. Float64 brute force over the score of
 * exact.ts (the native engine's definition, bit for bit), items in ascending order per
 * query. The per-item data (centre, biases, norms) is prepared once per item matrix and
 * cached per engine instance. Single-threaded: `threads` is accepted and ignored.
 */
import type { Engine, ScoreMetric, TieInfo, TopKOptions } from './engine.js'
import { exactScore, prepareExact, type ExactPrep } from './exact.js'
import { BoundedRanking } from './ranking.js'

/** Creates the TypeScript engine (name "typescript"). Arguments are not validated here. */
export function createTypeScriptEngine(): Engine {
  const cache = new WeakMap<Float32Array, ExactPrep>()
  return {
    name: 'typescript',
    topk: async (items, n, d, queries, q, k, opts?: TopKOptions) => {
      const metric = opts?.metric ?? 'dot'
      const fresh = opts?.bias !== undefined || opts?.centre !== undefined // caller-specific per-item data
      let prep = fresh ? undefined : cache.get(items)
      if (!prep || prep.metric !== metric || prep.n !== n || prep.d !== d) {
        prep = prepareExact(items, n, d, metric, opts?.bias, metric === 'euclidean' ? opts?.centre : undefined)
        if (!fresh) cache.set(items, prep)
      }
      return topkExactTypeScript(prep, items, queries, q, k, opts?.ties)
    },
  }
}

/** Synchronous top-k: Q x k row-major item indices, best first (ties: lower index). */
export function topkTypeScript(
  items: Float32Array,
  n: number,
  d: number,
  queries: Float32Array,
  q: number,
  k: number,
  bias?: Float32Array | Float64Array,
  metric: ScoreMetric = 'dot',
): Int32Array {
  return topkExactTypeScript(prepareExact(items, n, d, metric, bias), items, queries, q, k)
}

/** Top-k over prepared per-item data (out-of-core blocks pass a prep with the whole matrix's centre). */
export function topkExactTypeScript(
  prep: ExactPrep,
  items: Float32Array,
  queries: Float32Array,
  q: number,
  k: number,
  ties?: TieInfo,
): Int32Array {
  const out = new Int32Array(q * k)
  const ranking = new BoundedRanking(k)
  for (let query = 0; query < q; query++) {
    ranking.clear()
    const qOffset = query * prep.d
    for (let i = 0; i < prep.n; i++) ranking.offer(exactScore(prep, items, i, queries, qOffset), i)
    ranking.writeSorted(out, query * k)
    if (ties) {
      ties.kthScore[query] = exactScore(prep, items, out[query * k + k - 1]!, queries, qOffset)
      ties.tiedInside[query] = ranking.tiedInside
      ties.tiedOutside[query] = ranking.tiedOutside
    }
  }
  return out
}
