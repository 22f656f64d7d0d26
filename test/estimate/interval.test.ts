import { describe, expect, it } from 'vitest'
import { halfWidth, summarize } from '../../src/estimate/interval.js'

describe('summarize', () => {
  it('gives the t interval: values 0,1,0,1 (mean 0.5, s = 0.57735, t_{0.975,3} = 3.182446)', () => {
    const s = summarize(2, 2, 4)
    expect(s.mean).toBe(0.5)
    expect(s.std).toBeCloseTo(Math.sqrt(1 / 3), 12)
    // 3.182446305284263 * sqrt(1/3) / 2, the tabulated t quantile.
    const half = (3.182446305284263 * Math.sqrt(1 / 3)) / 2
    expect(halfWidth(s.std, 4)).toBeCloseTo(half, 9)
    expect(s.ciLow).toBe(0) // 0.5 - 0.9187 clipped to [0, 1]
    expect(s.ciHigh).toBe(1)
  })
  it('collapses to a point when all values agree, and is undefined for n = 0', () => {
    expect(summarize(10, 10, 10)).toEqual({ mean: 1, std: 0, n: 10, ciLow: 1, ciHigh: 1 })
    expect(summarize(0, 0, 0).n).toBe(0)
  })
  it('approaches the normal interval for large n (1.959964 sigma/sqrt n)', () => {
    expect(halfWidth(1, 1e6)).toBeCloseTo(1.959966 / 1000, 8)
  })
})
