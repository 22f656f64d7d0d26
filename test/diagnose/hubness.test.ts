import { describe, expect, it } from 'vitest'
import { averageOccurrence, hubStats, itemOccurrence } from '../../src/diagnose/index.js'
import { averageInto, searchSpace } from '../../src/estimate/metric.js'
import { sampleSubset, streamSeed } from '../../src/estimate/sampler.js'
import { rng } from '../../src/rng.js'
import { loadEngine } from '../../src/search/index.js'
import { bruteEngine } from '../helpers/brute-engine.js'
import { logNormalNorms } from '../transform/helpers.js'

/** Top-k by scoring every item in double precision and sorting (lower index wins ties). */
function bruteTop(items: Float32Array, n: number, d: number, q: Float32Array, k: number, self = -1): number[] {
  const scores = Array.from({ length: n }, (_, i) => {
    let s = 0
    for (let j = 0; j < d; j++) s += q[j]! * items[i * d + j]!
    return { i, s }
  }).filter((x) => x.i !== self)
  scores.sort((a, b) => b.s - a.s || a.i - b.i)
  return scores.slice(0, k).map((x) => x.i)
}

describe('k-occurrence', () => {
  const e = logNormalNorms(150, 6, 0.7, 9)
  const space = searchSpace(e, 'dot')

  it('over random averages equals a brute-force count over the same sets', async () => {
    const k = 4,
      queries = 60
    const occ = await averageOccurrence(space, { engine: loadEngine('typescript'), k, queries, seed: 3 })
    const expected = new Int32Array(e.n)
    const r = rng(streamSeed(3, k))
    const seen = new Int32Array(e.n)
    const set = new Int32Array(k),
      avg = new Float32Array(e.d)
    let precision = 0
    for (let q = 0; q < queries; q++) {
      sampleSubset(r, e.n, k, set, seen, q + 1)
      averageInto(space, set, avg, new Float64Array(e.d))
      const top = bruteTop(e.data, e.n, e.d, avg, k)
      for (const i of top) expected[i]!++
      precision += top.filter((i) => set.includes(i)).length / k
    }
    expect(Array.from(occ.counts)).toEqual(Array.from(expected))
    expect(occ.consistency.mean).toBeCloseTo(precision / queries, 12)
  })

  it('over the items themselves (self excluded) equals a brute-force count', async () => {
    const k = 5
    const occ = await itemOccurrence(space, { engine: bruteEngine, k })
    const expected = new Int32Array(e.n)
    for (let i = 0; i < e.n; i++)
      for (const j of bruteTop(e.data, e.n, e.d, e.data.subarray(i * e.d, (i + 1) * e.d), k, i)) expected[j]!++
    expect(Array.from(occ.counts)).toEqual(Array.from(expected))
    expect(occ.queries).toBe(e.n)
  })

  it('hubStats: skewness, top-1 % share, anti-hubs and hubs of a constructed count vector', () => {
    // 200 items, 10 lists of k=2: item 7 in all 10 lists, items 0..9 once each.
    const counts = new Int32Array(200)
    counts[7] = 10
    for (let i = 0; i < 10; i++) counts[i]! += 1
    const h = hubStats({ counts, k: 2, queries: 10 }, undefined, 3)
    expect(h.top1PercentShare).toBe((11 + 1) / 20) // the top 2 items: 7 (11) and 0 (1)
    expect(h.neverListed).toBe(190 / 200)
    expect(h.top.map((x) => [x.index, x.count])).toEqual([
      [7, 11],
      [0, 1],
      [1, 1],
    ])
    expect(h.meanCount).toBe(0.1)
  })
})
