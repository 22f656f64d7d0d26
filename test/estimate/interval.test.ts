import { describe, expect, it } from 'vitest'
import { halfWidth, summarize } from '../../src/estimate/interval.js'

describe('summarize', () => {
  it('gives the t interval mid-range: twenty 0s and twenty 1s (n·min(p, 1−p) = 20 >= 10)', () => {
    const s = summarize(20, 20, 40)
    expect(s.mean).toBe(0.5)
    expect(s.std).toBeCloseTo(Math.sqrt(10 / 39), 12)
    // t_{0.975,39} = 2.022690911734728
    const half = (2.022690911734728 * Math.sqrt(10 / 39)) / Math.sqrt(40)
    expect(s.ciLow).toBeCloseTo(0.5 - half, 8)
    expect(s.ciHigh).toBeCloseTo(0.5 + half, 8)
  })
  it('switches to the Wilson score interval near 1: 1000 of 1000 perfect sets give [0.9962, 1], not [1, 1]', () => {
    const s = summarize(1000, 1000, 1000)
    const z = 1.962339212 // t_{0.975,999}
    expect(s.ciHigh).toBe(1)
    expect(s.ciLow).toBeCloseTo(1 / (1 + (z * z) / 1000), 7)
    expect(s.ciLow).toBeGreaterThan(0.9961)
    expect(s.ciLow).toBeLessThan(0.9963)
  })
  it('switches near 0 as well: 0 of 200 gives the upper bound z²/(n + z²)', () => {
    const s = summarize(0, 0, 200)
    const z = 1.971956544 // t_{0.975,199}
    expect(s.ciLow).toBe(0)
    expect(s.ciHigh).toBeCloseTo((z * z) / (200 + z * z), 7)
  })
  it('has full width for one value and is undefined for n = 0', () => {
    expect(summarize(1, 1, 1)).toMatchObject({ ciLow: 0, ciHigh: 1 })
    expect(summarize(0, 0, 0).n).toBe(0)
  })
  it('approaches the normal interval for large n (1.959964 sigma/sqrt n)', () => {
    expect(halfWidth(1, 1e6)).toBeCloseTo(1.959966 / 1000, 8)
  })
})
