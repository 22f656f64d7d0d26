import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf'
import { describe, expect, it } from 'vitest'
import { rng } from '../../src/rng.js'

describe('rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = rng(42),
      b = rng(42),
      c = rng(43)
    const xs = Array.from({ length: 5 }, () => a.nextU32())
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(xs)
    expect(Array.from({ length: 5 }, () => c.nextU32())).not.toEqual(xs)
  })
  it('draws integers below n uniformly (chi-square, p > 0.001 at a fixed seed)', () => {
    const r = rng(1)
    const n = 7
    const counts = new Array(n).fill(0)
    for (let i = 0; i < 70_000; i++) counts[r.int(n)]++
    const stat = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0)
    expect(1 - chisquareCdf(stat, n - 1)).toBeGreaterThan(0.001)
  })
  it('gives floats in [0,1) and standard normals with mean 0 and variance 1 (5 standard errors)', () => {
    const r = rng(3)
    const m = 200_000
    let s = 0,
      s2 = 0,
      lo = 1,
      hi = 0
    for (let i = 0; i < m; i++) {
      const u = r.next()
      lo = Math.min(lo, u)
      hi = Math.max(hi, u)
      const z = r.normal()
      s += z
      s2 += z * z
    }
    expect(lo).toBeGreaterThanOrEqual(0)
    expect(hi).toBeLessThan(1)
    expect(Math.abs(s / m)).toBeLessThan(5 / Math.sqrt(m)) // se of the mean: 1/sqrt(m)
    expect(Math.abs(s2 / m - 1)).toBeLessThan(5 * Math.sqrt(2 / m)) // se of the variance: sqrt(2/m)
  })
})
