import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { covariance, symmetricEigen, whiten } from '../../src/transform/index.js'
import { mixedGaussian, naiveCovariance } from './helpers.js'

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!))
  return m
}

describe('covariance', () => {
  it('equals the textbook two-pass covariance (blocked loop, any N mod 4)', () => {
    for (const n of [1, 2, 7, 41]) {
      const e = mixedGaussian(n, 5, 5, n, 3)
      expect(maxAbsDiff(covariance(e).matrix, naiveCovariance(e))).toBeLessThan(1e-12)
    }
  })
})

describe('symmetricEigen', () => {
  it('returns descending eigenvalues with orthonormal eigenvectors that reconstruct the matrix', () => {
    const e = mixedGaussian(200, 6, 6, 1)
    const c = covariance(e).matrix
    const { values, vectors } = symmetricEigen(c, 6)
    for (let i = 1; i < 6; i++) expect(values[i]!).toBeLessThanOrEqual(values[i - 1]!)
    const back = new Float64Array(36)
    for (let a = 0; a < 6; a++)
      for (let b = 0; b < 6; b++)
        for (let k = 0; k < 6; k++) back[a * 6 + b]! += vectors[a * 6 + k]! * values[k]! * vectors[b * 6 + k]!
    expect(maxAbsDiff(back, c)).toBeLessThan(1e-12 * values[0]!)
  })
})

describe('whiten', () => {
  it('gives an identity covariance (1e-6 relative) on full-rank, correlated, offset data', () => {
    const e = mixedGaussian(3000, 12, 12, 2, 5)
    const w = whiten(e)
    expect(w.shrinkage).toBe(0)
    expect(w.rank).toBe(12)
    const c = covariance(w.embeddings).matrix
    for (let a = 0; a < 12; a++)
      for (let b = 0; b < 12; b++) expect(Math.abs(c[a * 12 + b]! - (a === b ? 1 : 0))).toBeLessThan(1e-6)
    for (const m of covariance(w.embeddings).mean) expect(Math.abs(m)).toBeLessThan(1e-6)
  })

  it('leaves the input untouched unless inPlace', () => {
    const e = mixedGaussian(50, 4, 4, 3)
    const copy = Float32Array.from(e.data)
    whiten(e)
    expect(e.data).toEqual(copy)
    const w = whiten(e, { inPlace: true })
    expect(w.embeddings.data).toBe(e.data)
  })

  it('degrades gracefully on rank-deficient data: span whitened, null space near zero, never NaN', () => {
    const e = mixedGaussian(2000, 16, 4, 4)
    const w = whiten(e)
    expect(w.rank).toBe(4)
    expect(w.shrinkage).toBeGreaterThan(0)
    expect(w.embeddings.data.every(Number.isFinite)).toBe(true)
    const spec = symmetricEigen(covariance(w.embeddings).matrix, 16).values
    for (let i = 0; i < 4; i++) expect(spec[i]!).toBeGreaterThan(0.95)
    for (let i = 0; i < 4; i++) expect(spec[i]!).toBeLessThan(1.05)
    for (let i = 4; i < 16; i++) expect(Math.abs(spec[i]!)).toBeLessThan(1e-3)
  })

  it('handles N <= d and explicit shrinkage 1 (a plain rescale after centring)', () => {
    const small = mixedGaussian(5, 10, 10, 5)
    const w = whiten(small)
    expect(w.rank).toBeLessThanOrEqual(4)
    expect(w.embeddings.data.every(Number.isFinite)).toBe(true)
    const full = whiten(mixedGaussian(100, 3, 3, 6), { shrinkage: 1 })
    expect(full.shrinkage).toBe(1)
  })

  it('rejects N < 2 and a shrinkage outside [0, 1] with one sentence', () => {
    expect(() => whiten({ n: 1, d: 3, data: new Float32Array(3) })).toThrow(
      new InputError('whiten: needs at least 2 items to estimate a covariance, got N=1.'),
    )
    expect(() => whiten(mixedGaussian(10, 2, 2, 1), { shrinkage: 2 })).toThrow(
      'whiten: shrinkage 2 must lie in [0, 1].',
    )
  })
})
