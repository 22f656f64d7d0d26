import type { Engine } from '../../src/search/engine.js'

/** The slowest possible exact top-k: score every item in double precision, sort all. */
export const bruteEngine: Engine = {
  name: 'brute',
  async topk(items, n, d, queries, q, k, opts) {
    const out = new Int32Array(q * k)
    const idx = Array.from({ length: n }, (_, i) => i)
    const scores = new Float64Array(n)
    for (let qi = 0; qi < q; qi++) {
      for (let i = 0; i < n; i++) {
        let s = 0
        for (let j = 0; j < d; j++) s += queries[qi * d + j]! * items[i * d + j]!
        scores[i] = s + (opts?.bias ? opts.bias[i]! : 0)
      }
      idx.sort((a, b) => scores[b]! - scores[a]! || a - b)
      for (let m = 0; m < k; m++) out[qi * k + m] = idx[m]!
    }
    return out
  },
}
