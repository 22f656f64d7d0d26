import { describe, expect, it } from 'vitest'
import { agree, intervalAt, type SimulatePoint } from '../../src/theory/simulate.js'

const point = (k: number, mean: number, theory: number): SimulatePoint => ({
  items: 1000,
  dim: 8,
  k,
  simulated: { mean, std: 0.1, n: 400, ciLow: mean - 0.01, ciHigh: mean + 0.01 },
  theory: { consistency: theory, pInOut: 0.9 },
  gap: theory - mean,
  within: true,
})

describe('agree', () => {
  it('passes points whose theory lies in the Bonferroni interval, flags the others', () => {
    const points = [point(2, 0.5, 0.501), point(3, 0.5, 0.6)]
    const a = agree(points)
    expect(a.pointLevel).toBe(1 - 0.05 / 2)
    expect(points.map((p) => p.within)).toEqual([true, false])
    expect(a.allWithin).toBe(false)
    expect(a.outside).toHaveLength(1)
    expect(a.at.k).toBe(3)
    expect(a.maxGap).toBeCloseTo(0.1, 12)
  })
  it('intervalAt widens with the level', () => {
    const s = point(2, 0.5, 0.5).simulated
    const lo = intervalAt(s, 0.95)
    const hi = intervalAt(s, 0.999)
    expect(hi.ciLow).toBeLessThan(lo.ciLow)
    expect(hi.ciHigh).toBeGreaterThan(lo.ciHigh)
  })
})
