import { describe, expect, it } from 'vitest'
import {
  anisotropy,
  describe as describeValues,
  meanCosine,
  participationRatio,
  ranks,
  skewness,
  spearman,
} from '../../src/diagnose/index.js'
import { rng } from '../../src/rng.js'
import { mixedGaussian } from '../transform/helpers.js'

describe('closed forms', () => {
  it('skewness of one value a among n-1 zeros is (n-2)/sqrt(n-1)', () => {
    for (const n of [2, 5, 100]) {
      const v = new Float64Array(n)
      v[0] = 3
      expect(skewness(v)).toBeCloseTo((n - 2) / Math.sqrt(n - 1), 12)
    }
    expect(skewness([1, 1, 1])).toBe(0)
  })

  it('skewness of a large exponential sample is close to 2', () => {
    const r = rng(1)
    const v = Float64Array.from({ length: 200_000 }, () => -Math.log(1 - r.next()))
    expect(skewness(v)).toBeGreaterThan(1.9)
    expect(skewness(v)).toBeLessThan(2.1)
  })

  it('participation ratio is d for equal eigenvalues and r for rank r', () => {
    expect(participationRatio([2, 2, 2, 2])).toBe(4)
    expect(participationRatio([5, 5, 0, 0, -1e-18])).toBe(2)
    expect(participationRatio([3, 1])).toBeCloseTo(16 / 10, 12)
  })

  it('effective dimension: isotropic Gaussian close to d, rank-r data close to r', () => {
    const r = rng(2)
    const n = 20_000,
      d = 32
    const iso = { n, d, data: Float32Array.from({ length: n * d }, () => r.normal()) }
    const a = anisotropy(iso)
    // Sampling noise lowers it by about a factor 1 + d/N.
    expect(a.effectiveDimension).toBeGreaterThan(0.97 * d)
    expect(Math.abs(a.meanCosine)).toBeLessThan(1e-3)
    // Rank 5 with equal variances along 5 orthonormal axes.
    const low = new Float32Array(n * d)
    for (let i = 0; i < n; i++) for (let c = 0; c < 5; c++) low[i * d + c * 3] = r.normal()
    expect(anisotropy({ n, d, data: low }).effectiveDimension).toBeGreaterThan(4.9)
    expect(anisotropy({ n, d, data: low }).effectiveDimension).toBeLessThan(5.01)
  })

  it('mean cosine equals the average over all pairs, and is high for offset data', () => {
    const e = mixedGaussian(40, 3, 3, 3, 2)
    let s = 0,
      m = 0
    for (let i = 0; i < e.n; i++)
      for (let j = 0; j < e.n; j++) {
        if (i === j) continue
        let dot = 0,
          ni = 0,
          nj = 0
        for (let c = 0; c < 3; c++) {
          dot += e.data[i * 3 + c]! * e.data[j * 3 + c]!
          ni += e.data[i * 3 + c]! ** 2
          nj += e.data[j * 3 + c]! ** 2
        }
        s += dot / Math.sqrt(ni * nj)
        m++
      }
    expect(meanCosine(e)).toBeCloseTo(s / m, 10)
  })

  it('ranks share ties; spearman is 1 for monotone and -1 for reversed', () => {
    expect(Array.from(ranks([10, 20, 10, 30]))).toEqual([1.5, 3, 1.5, 4])
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16])).toBeCloseTo(1, 12)
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12)
    expect(describeValues([1, 2, 3, 4, 5]).quantiles['0.5']).toBe(3)
  })
})
