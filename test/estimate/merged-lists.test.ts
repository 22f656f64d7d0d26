import { describe, expect, it } from 'vitest'
import { MergedLists } from '../../src/estimate/merged-lists.js'

/** A seeded uniform generator (tests only). */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

describe('MergedLists', () => {
  it('merges block lists into the exact top-k with the exact tie count, scoring few candidates', () => {
    const u = lcg(11)
    let scored = 0
    let offered = 0
    for (let trial = 0; trial < 300; trial++) {
      const n = 20 + Math.floor(u() * 200)
      const k = 1 + Math.floor(u() * 12)
      const blockRows = 1 + Math.floor(u() * 40)
      // Few distinct values: ties at the k-th place are common.
      const levels = 2 + Math.floor(u() * 30)
      const score = Float64Array.from({ length: n }, () => Math.floor(u() * levels))
      const lists = new MergedLists(1, k)
      for (let lo = 0; lo < n; lo += blockRows) {
        const nb = Math.min(n, lo + blockRows) - lo
        const kb = Math.min(k, nb)
        // The block's own top-kb (score desc, index asc) and its ties past the list.
        const order = Array.from({ length: nb }, (_, i) => i).sort((a, b) => score[lo + b]! - score[lo + a]! || a - b)
        const local = Int32Array.from(order.slice(0, kb))
        const kth = score[lo + local[kb - 1]!]!
        const outside = order.slice(kb).filter((i) => score[lo + i] === kth).length
        offered += kb
        lists.merge(0, lo, local, kb, (at) => (scored++, score[lo + local[at]!]!), outside)
        lists.grow(nb)
      }
      const all = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b]! - score[a]! || a - b)
      expect(Array.from(lists.top)).toEqual(all.slice(0, k))
      expect(Array.from(lists.scores)).toEqual(all.slice(0, k).map((i) => score[i]!))
      const kth = score[all[k - 1]!]!
      expect(lists.tail[0]).toBe(all.slice(k).filter((i) => score[i] === kth).length)
    }
    // Candidates below the k-th so far are never scored.
    expect(scored).toBeLessThan(offered)
  })
})
