import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Embeddings } from '../../src/io/embeddings.js'
import { measureDimMoments, measureMoments, poolMoments, pInOut } from '../../src/theory/index.js'
import { expectClose } from './helpers.js'

// Column 1: 1, 2, 3, 10 -> mean 4, central sums 50, 180, 1394 (n = 4): m2 = 12.5, m3 = 45, m4 = 348.5.
// Column 2: 0, 0, 1, 1  -> mean 0.5, m2 = 0.25, m3 = 0, m4 = 0.0625: skewness 0, kurtosis 1.
const E: Embeddings = { n: 4, d: 2, data: Float32Array.of(1, 0, 2, 0, 3, 1, 10, 1) }

describe('measureDimMoments', () => {
  it('gives population moments per column (scipy skew/kurtosis with bias=True)', () => {
    const m = measureDimMoments(E)
    expect(Array.from(m.mean)).toEqual([4, 0.5])
    expectClose(m.std[0]!, Math.sqrt(12.5), { rtol: 1e-15 })
    expectClose(m.skewness[0]!, 45 / 12.5 ** 1.5, { rtol: 1e-14 })
    expectClose(m.kurtosis[0]!, 348.5 / 12.5 ** 2, { rtol: 1e-14 })
    expect([m.std[1], m.skewness[1], m.kurtosis[1]]).toEqual([0.5, 0, 1])
  })
  it('gives a constant column std 0, skewness 0, kurtosis 1', () => {
    const m = measureDimMoments({ n: 3, d: 1, data: Float32Array.of(2, 2, 2) })
    expect([m.mean[0], m.std[0], m.skewness[0], m.kurtosis[0]]).toEqual([2, 0, 0, 1])
  })
  it('is unaffected by a large offset (two passes, no raw power sums)', () => {
    const shifted = measureDimMoments({ n: 4, d: 2, data: E.data.map((x) => x + 1e4) })
    const m = measureDimMoments(E)
    expectClose(shifted.std[0]!, m.std[0]!, { rtol: 1e-12 })
    expectClose(shifted.kurtosis[0]!, m.kurtosis[0]!, { rtol: 1e-10 })
  })
  it('rejects a matrix whose data does not match its shape', () => {
    expect(() => measureDimMoments({ n: 3, d: 2, data: new Float32Array(5) })).toThrow(
      'theory: cannot measure moments of a 3 x 2 matrix holding 5 values.',
    )
  })
})

describe('poolMoments / measureMoments (the reference pooling)', () => {
  it('uses the overall mean and std (divisor N*d - 1, as torch) and the average column skewness and kurtosis', () => {
    const all = [1, 0, 2, 0, 3, 1, 10, 1]
    const mean = all.reduce((s, x) => s + x, 0) / 8
    const std = Math.sqrt(all.reduce((s, x) => s + (x - mean) ** 2, 0) / 7)
    const p = measureMoments(E)
    expectClose(p.mean, mean, { rtol: 1e-15 })
    expectClose(p.std, std, { rtol: 1e-14 })
    expectClose(p.skewness, (45 / 12.5 ** 1.5 + 0) / 2, { rtol: 1e-14 })
    expectClose(p.kurtosis, (348.5 / 12.5 ** 2 + 1) / 2, { rtol: 1e-14 })
  })
  it('zeroes a small mean only when asked (zeroMeanBelow), by absolute value', () => {
    const data = Float32Array.of(0.01, -0.02, 0.05, 0.02)
    const e: Embeddings = { n: 2, d: 2, data }
    expect(measureMoments(e).mean).toBeCloseTo(0.015, 7)
    expect(measureMoments(e, { zeroMeanBelow: 0.05 }).mean).toBe(0)
    expect(measureMoments({ n: 2, d: 2, data: data.map((x) => -x) }, { zeroMeanBelow: 0.05 }).mean).toBe(0)
    expect(measureMoments({ n: 2, d: 2, data: data.map((x) => x - 0.1) }, { zeroMeanBelow: 0.05 }).mean).toBeCloseTo(
      -0.085,
      7,
    )
  })
  it('leaves constant columns out of the skewness/kurtosis average', () => {
    const p = poolMoments(measureDimMoments({ n: 2, d: 2, data: Float32Array.of(5, 0, 5, 1) }), 2)
    expect([p.skewness, p.kurtosis]).toEqual([0, 1])
  })
})

describe('measured moments always make a valid law (Pearson bound) and invariants hold', () => {
  const matrix = fc
    .record({ n: fc.integer({ min: 2, max: 30 }), d: fc.integer({ min: 1, max: 5 }) })
    .chain(({ n, d }) =>
      fc
        .float32Array({ minLength: n * d, maxLength: n * d, noNaN: true, noDefaultInfinity: true, min: -1e3, max: 1e3 })
        .map((data) => ({ n, d, data })),
    )
  it('per-dimension and pooled moments are accepted by the theory', () => {
    fc.assert(
      fc.property(matrix, (e) => {
        const dm = measureDimMoments(e)
        if (!dm.std.some((s) => s > 0)) return true
        const p = pInOut({ d: e.d, k: 2, dimMoments: dm })
        return p >= 0 && p <= 1
      }),
      { seed: 3, numRuns: 200 },
    )
  })
  it('reversing the rows changes nothing (to rounding)', () => {
    fc.assert(
      fc.property(matrix, (e) => {
        const rev = new Float32Array(e.n * e.d)
        for (let i = 0; i < e.n; i++) rev.set(e.data.subarray(i * e.d, (i + 1) * e.d), (e.n - 1 - i) * e.d)
        const a = measureDimMoments(e),
          b = measureDimMoments({ ...e, data: rev })
        for (let j = 0; j < e.d; j++) {
          expectClose(b.mean[j]!, a.mean[j]!, { rtol: 1e-12, atol: 1e-9 })
          expectClose(b.std[j]!, a.std[j]!, { rtol: 1e-12, atol: 1e-9 })
        }
      }),
      { seed: 5, numRuns: 100 },
    )
  })
})
