import { describe, expect, it } from 'vitest'
import { binValues, defaultBinCount, normalDensity } from '../../src/report/charts/index.js'
import { scaleBins } from '../../src/report/charts/bins.js'

describe('binValues', () => {
  it('counts into equal-width bins, the maximum into the last bin', () => {
    expect(binValues([0, 1, 1.5, 2, 4], { binCount: 2 })).toEqual([
      { x0: 0, x1: 2, count: 3 },
      { x0: 2, x1: 4, count: 2 },
    ])
  })

  it('ignores non-finite samples and samples outside a given extent', () => {
    const bins = binValues([NaN, -1, 0, 0.5, 1, Infinity, 3], { binCount: 2, extent: [0, 1] })
    expect(bins.map((b) => b.count)).toEqual([1, 2])
    expect(binValues(Float32Array.from([NaN, Infinity, 1, 2]), { binCount: 1 })).toEqual([{ x0: 1, x1: 2, count: 2 }])
  })

  it('gives one unit-wide bin to a constant sample and none to no finite sample', () => {
    expect(binValues([3, 3, 3])).toEqual([{ x0: 2.5, x1: 3.5, count: 3 }])
    expect(binValues([NaN])).toEqual([])
    expect(binValues([])).toEqual([])
  })

  it('keeps every sample: counts add up to n', () => {
    const values = Float64Array.from({ length: 10_001 }, (_, i) => Math.sin(i) * 7)
    const bins = binValues(values)
    expect(bins).toHaveLength(defaultBinCount(values.length))
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(values.length)
  })

  it('uses Rice rule bin counts, clamped to [10, 80]', () => {
    expect(defaultBinCount(10)).toBe(10)
    expect(defaultBinCount(1000)).toBe(20)
    expect(defaultBinCount(1e6)).toBe(80)
  })

  it('rejects a reversed extent and a bad bin count', () => {
    expect(() => binValues([1], { extent: [2, 1] })).toThrow(
      'plot: histogram extent [2, 1] is reversed; give [min, max].',
    )
    expect(() => binValues([1, 2], { binCount: 0 })).toThrow('plot: bin count 0 must be a whole number of at least 1.')
  })
})

describe('scaleBins', () => {
  const bins = [
    { x0: 0, x1: 0.5, count: 1 },
    { x0: 0.5, x1: 2, count: 3 },
  ]
  it('scales to counts, fractions or a density', () => {
    expect(scaleBins(bins, 'count')).toEqual([1, 3])
    expect(scaleBins(bins, 'fraction')).toEqual([0.25, 0.75])
    expect(scaleBins(bins, 'density')).toEqual([0.5, 0.5])
    expect(scaleBins([{ x0: 0, x1: 1, count: 0 }], 'density')).toEqual([0])
  })
})

describe('normalDensity', () => {
  it('is the normal pdf on an even grid over mean ± 4 sd', () => {
    const pts = normalDensity(1, 2, { points: 9 })
    expect(pts).toHaveLength(9)
    expect(pts[0]!.x).toBe(-7)
    expect(pts[8]!.x).toBe(9)
    expect(pts[4]!.y).toBeCloseTo(1 / (2 * Math.sqrt(2 * Math.PI)), 15)
  })

  it('integrates to about 1 (trapezoid rule)', () => {
    const pts = normalDensity(0, 1, { points: 801 })
    let area = 0
    for (let i = 1; i < pts.length; i++) area += ((pts[i]!.y + pts[i - 1]!.y) / 2) * (pts[i]!.x - pts[i - 1]!.x)
    expect(area).toBeCloseTo(0.99994, 4) // mass within ± 4 sd
  })

  it('rejects a zero std', () => {
    expect(() => normalDensity(0, 0)).toThrow(
      'plot: normal density needs a finite mean and std > 0 (got mean 0, std 0).',
    )
  })
})
