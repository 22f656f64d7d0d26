import { describe, expect, it } from 'vitest'
import { diagnose, diagnosisText } from '../../src/diagnose/index.js'
import { SKEWNESS_KS, skewnessAtPrefixes } from '../../src/diagnose/hubness.js'
import { skewness } from '../../src/diagnose/stats.js'
import { loadEngine } from '../../src/search/index.js'
import { wordDiagnosis } from '../../src/report/verdict-wording.js'
import { logNormalNorms } from '../transform/helpers.js'

describe('k-occurrence skewness at several list lengths (issue 13.6)', () => {
  it('skewness of crafted N_k vectors matches hand-computed values', () => {
    // [3,0,0,0,1]: mean 0.8, m2 = 6.8/5 = 1.36, m3 = 9.12/5 = 1.824, skew = 1.824 / 1.36^1.5
    expect(skewness([3, 0, 0, 0, 1])).toBeCloseTo(1.824 / 1.36 ** 1.5, 12)
    expect(skewness([3, 0, 0, 0, 1])).toBeCloseTo(1.15005, 5)
    // [2,0,0,0,0]: mean 0.4, m2 = 0.64, m3 = 0.768, skew = 0.768 / 0.512 = 1.5
    expect(skewness([2, 0, 0, 0, 0])).toBeCloseTo(1.5, 12)
    expect(skewness([2, 1, 1, 0])).toBeCloseTo(0, 12) // symmetric
  })
  it("N_k' comes from the prefixes of ranked lists", () => {
    // Two lists of length 3 over 5 items: [0,1,2] and [0,3,2].
    const lists = Int32Array.from([0, 1, 2, 0, 3, 2])
    const got = skewnessAtPrefixes(lists, 2, 3, 5, [1, 2, 3, 50])
    expect(Object.keys(got)).toEqual(['1', '2', '3']) // 50 > list length: absent
    expect(got['1']).toBeCloseTo(1.5, 12) // N_1 = [2,0,0,0,0]
    // N_2 = [2,1,0,1,0]: mean 0.8, m2 = 2.8/5 = 0.56, m3 = 0.72/5 = 0.144
    expect(got['2']).toBeCloseTo(0.144 / 0.56 ** 1.5, 12)
    // N_3 = [2,1,2,1,0]: the mirror image of N_2, so the opposite skewness
    expect(got['3']).toBeCloseTo(-0.144 / 0.56 ** 1.5, 12)
  })
  it('diagnose reports skewnessAt 5, 10, 50 over the same averages; at k = --k it is the N_k skewness', async () => {
    const e = logNormalNorms(600, 16, 1, 3)
    const dg = await diagnose(e, { engine: loadEngine(), k: 10, samples: 300 })
    const at = dg.hubness.averages.skewnessAt!
    expect(Object.keys(at)).toEqual(SKEWNESS_KS.map(String))
    expect(at['10']).toBeCloseTo(dg.hubness.averages.skewness, 12)
    for (const v of Object.values(at)) expect(Number.isFinite(v)).toBe(true)
    expect(dg.hubness.items).toBeUndefined()
    expect(diagnosisText(wordDiagnosis(dg))).toMatch(
      /N_k' skewness by list length: k'=5 [-\d.]+, k'=10 [-\d.]+, k'=50 [-\d.]+/,
    )
  })
  it('list lengths past N are left out', async () => {
    const e = logNormalNorms(30, 4, 1, 5)
    const dg = await diagnose(e, { engine: loadEngine(), k: 5, samples: 50 })
    expect(Object.keys(dg.hubness.averages.skewnessAt!)).toEqual(['5', '10'])
  })
})
