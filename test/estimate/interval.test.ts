import { describe, expect, it } from 'vitest'
import { halfWidth, summarize, usesScoreInterval, wilsonInterval } from '../../src/estimate/interval.js'

describe('summarize', () => {
  it('gives the t half-width: values 0,1,0,1 (mean 0.5, s = 0.57735, t_{0.975,3} = 3.182446)', () => {
    const s = summarize(2, 2, 4)
    expect(s.mean).toBe(0.5)
    expect(s.std).toBeCloseTo(Math.sqrt(1 / 3), 12)
    // 3.182446305284263 * sqrt(1/3) / 2, the tabulated t quantile.
    const half = (3.182446305284263 * Math.sqrt(1 / 3)) / 2
    expect(halfWidth(s.std, 4)).toBeCloseTo(half, 9)
    // n*min(p, 1-p) = 2 < 10: four values are too few for the t interval; the score interval is used.
    expect(usesScoreInterval(0.5, 4)).toBe(true)
    expect(s).toMatchObject({ ciLow: wilsonInterval(0.5, 4).low, ciHigh: wilsonInterval(0.5, 4).high })
  })
  it('keeps honest width when all values agree (score interval), and is undefined for n = 0', () => {
    // Continuity-corrected Wilson at p = 1: (2n + z^2 - 1 - z*sqrt(z^2 + 2 - 1/n)) / (2(n + z^2)).
    const z = 1.959963984540054
    const low = (2000 + z * z - 1 - z * Math.sqrt(z * z + 2 - 1 / 1000)) / (2 * (1000 + z * z))
    const s = summarize(1000, 1000, 1000)
    expect([s.mean, s.std, s.ciHigh]).toEqual([1, 0, 1])
    expect(s.ciLow).toBeCloseTo(low, 12)
    expect(s.ciLow).toBeCloseTo(0.99523, 5)
    const zero = summarize(0, 0, 1000)
    expect([zero.ciLow, zero.ciHigh - (1 - low)]).toEqual([0, expect.closeTo(0, 12)])
    expect(summarize(0, 0, 0).n).toBe(0)
  })
  it('switches from the t interval to the score interval when n*min(p, 1-p) < 10', () => {
    // 0.9 mean over 1000 values of 0 and 1: n(1-p) = 100, the t interval.
    const t = summarize(900, 900, 1000)
    const half = halfWidth(t.std, 1000)
    expect(t.ciLow).toBeCloseTo(0.9 - half, 12)
    expect(usesScoreInterval(0.9, 1000)).toBe(false)
    expect(usesScoreInterval(0.995, 1000)).toBe(true)
    expect(usesScoreInterval(0.011, 1000)).toBe(false)
    const w = wilsonInterval(0.995, 1000)
    expect(summarize(995, 995, 1000)).toMatchObject({ ciLow: w.low, ciHigh: w.high })
    expect(w.low).toBeLessThan(0.995)
    expect(w.high).toBeGreaterThan(0.995)
  })
  it('approaches the normal interval for large n (1.959964 sigma/sqrt n)', () => {
    expect(halfWidth(1, 1e6)).toBeCloseTo(1.959966 / 1000, 8)
  })
})
