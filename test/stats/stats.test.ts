import { describe, expect, it } from 'vitest'
import { innerProducts, ksNormal, latticeBins, sampleMoments, wilson } from '../../src/stats/index.js'

describe('src/stats', () => {
  it('wilson: a proper interval around p, inside [0, 1]', () => {
    const { low, high } = wilson(50, 100)
    expect(low).toBeCloseTo(0.4038, 3)
    expect(high).toBeCloseTo(0.5962, 3)
    expect(wilson(0, 10).low).toBe(0)
    expect(wilson(1, 0).low).toBeNaN()
  })
  it('sampleMoments: mean and unbiased variance', () => {
    const m = sampleMoments(new Float64Array([1, 2, 3, 4]))
    expect(m.mean).toBe(2.5)
    expect(m.variance).toBeCloseTo(5 / 3, 12)
  })
  it('ksNormal: 0.5 for a point mass at the mean, small for normal quantiles', () => {
    expect(ksNormal(new Float64Array([0, 0, 0]), 0, 1)).toBe(0.5)
    expect(ksNormal(new Float64Array([-1, 0, 1]), 0, 1)).toBeLessThan(0.35)
  })
  it('innerProducts: sorted dot products of row pairs; latticeBins on a lattice only', () => {
    const ones = (rows: number, d: number) => ({ data: new Float64Array(rows * d).fill(1) })
    const x = innerProducts(ones, 3, 5, 1)
    expect(Array.from(x)).toEqual([3, 3, 3, 3, 3])
    expect(latticeBins(new Float64Array([-2, 0, 0, 4]))).toEqual([
      { x0: -3, x1: -1, count: 1 },
      { x0: -1, x1: 1, count: 2 },
      { x0: 1, x1: 3, count: 0 },
      { x0: 3, x1: 5, count: 1 },
    ])
    expect(latticeBins(new Float64Array([0, 1, 2.5]))).toBeUndefined()
  })
})
