/**
 * The pure TypeScript engine: the reference the native kernel is tested against and
 * the fallback when the native binary is missing.
 *
 * Scores are the exact float32 chain of float32.ts (the native kernel's arithmetic),
 * so both engines return identical lists. Each item is first scored in plain double
 * precision with a rounding bound; only items that might beat the threshold pay for
 * the exact chain. Items are visited in blocks that fit in
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
    topk: async (items, n, d, queries, q, k, opts?: TopKOptions) =>
      topkTypeScript(items, n, d, queries, q, k, opts?.bias),
  }
}

/**
 * Synchronous top-k: Q x k row-major item indices, best first (ties: lower index).
 * `bias`, when given, is added to every score of its item.
 */
export function topkTypeScript(
  items: Float32Array,
  n: number,
  d: number,
  queries: Float32Array,
  q: number,
  k: number,
  bias?: Float32Array,
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
  items: Float32Array,
  d: number,
  queries: Float32Array,
  query: number,
  first: number,
  end: number,
  bias: Float32Array | undefined,
  ranking: BoundedRanking,
): void {
  const qOffset = query * d
  // The float32 chain of d FMAs and one addition differs from the exact sum by at most
  // (d + 1) u (sum of |terms|), u = 2^-24, and the double sum below by far less:
  // (d + 2) 2^-23 covers both twice over.
  const slack = (d + 2) * 2 ** -23
  let threshold = ranking.threshold
  for (let i = first; i < end; i++) {
    // Plain double precision first; the exact float32 chain (2-3x dearer) only for
    // items that might beat the threshold.
    const xOffset = i * d
    let approx = bias ? bias[i] : 0
    let magnitude = Math.abs(approx)
    for (let j = 0; j < d; j++) {
      const p = queries[qOffset + j] * items[xOffset + j]
      approx += p
      magnitude += Math.abs(p)
    }
    if (approx + slack * magnitude < threshold) continue
    let score = dotFloat32(queries, qOffset, items, xOffset, d)
    if (bias) score = add32(score, bias[i])
    // Items arrive in ascending index order, so a score equal to the threshold loses
    // the tie; !(<=) lets NaN (no threshold yet, or a NaN score) through.
    if (!(score <= threshold)) {
      ranking.offer(score, i)
      threshold = ranking.threshold
    }
  }
}
