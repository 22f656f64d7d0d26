import type { Engine } from '../../src/search/engine.js'
import { exactScore, prepareExact } from '../../src/search/exact.js'

/** The slowest possible exact top-k: the float64 score of exact.ts for every item, sort all. */
export const bruteEngine: Engine = {
  name: 'brute',
  async topk(items, n, d, queries, q, k, opts) {
    const prep = prepareExact(items, n, d, opts?.metric ?? 'dot', opts?.bias)
    const out = new Int32Array(q * k)
    const idx = Array.from({ length: n }, (_, i) => i)
    const scores = new Float64Array(n)
    for (let qi = 0; qi < q; qi++) {
      for (let i = 0; i < n; i++) scores[i] = exactScore(prep, items, i, queries, qi * d)
      idx.sort((a, b) => scores[b]! - scores[a]! || a - b)
      for (let m = 0; m < k; m++) out[qi * k + m] = idx[m]!
    }
    return out
  },
}
