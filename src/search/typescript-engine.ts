/**
 * The pure TypeScript engine: the reference the native kernel is tested against and
 * the fallback when the native binary is missing.
 *
 * Scores are the exact float32 chain of float32.ts (the native kernel's arithmetic),
 * so both engines return identical lists. Items are visited in blocks that fit in
 * cache, each block against every query; each query keeps a bounded ranking whose
 * threshold rejects almost every item with a single comparison. Single-threaded:
 * `threads` is accepted and ignored.
 */
import type { Engine, TopKOptions } from './engine.js'
import { add32, dotFloat32 } from './float32.js'
import { BoundedRanking } from './ranking.js'

/** Items per block: 64 KB of rows at d = 128 stay in L2 while every query passes. */
const BLOCK_VALUES = 16_384

/** Creates the TypeScript engine (name "typescript"). Arguments are not validated here. */
export function createTypeScriptEngine(): Engine {
  return {
    name: 'typescript',
    topk: async (items, n, d, queries, q, k, opts?: TopKOptions) => topkTypeScript(items, n, d, queries, q, k, opts?.bias),
  }
}

/**
 * Synchronous top-k: Q x k row-major item indices, best first (ties: lower index).
 * `bias`, when given, is added to every score of its item.
 */
export function topkTypeScript(
  items: Float32Array, n: number, d: number, queries: Float32Array, q: number, k: number, bias?: Float32Array,
): Int32Array {
  const rankings = Array.from({ length: q }, () => new BoundedRanking(k))
  const blockItems = Math.max(1, Math.floor(BLOCK_VALUES / d))
  for (let first = 0; first < n; first += blockItems) {
    const end = Math.min(n, first + blockItems)
    for (let query = 0; query < q; query++) scoreBlock(items, d, queries, query, first, end, bias, rankings[query])
  }
  const out = new Int32Array(q * k)
  rankings.forEach((ranking, query) => ranking.writeSorted(out, query * k))
  return out
}

function scoreBlock(
  items: Float32Array, d: number, queries: Float32Array, query: number, first: number, end: number,
  bias: Float32Array | undefined, ranking: BoundedRanking,
): void {
  const qOffset = query * d
  let threshold = ranking.threshold
  for (let i = first; i < end; i++) {
    let score = dotFloat32(queries, qOffset, items, i * d, d)
    if (bias) score = add32(score, bias[i])
    // Items arrive in ascending index order, so a score equal to the threshold loses
    // the tie; !(<=) lets NaN (no threshold yet) through.
    if (!(score <= threshold)) {
      ranking.offer(score, i)
      threshold = ranking.threshold
    }
  }
}
