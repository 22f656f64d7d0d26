/**
 * The poster's claims (theory.md §4) as property tests over explicit grids, each
 * in the regime where it holds. Centred laws (m = 0), std 1, kurtosis K.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { expectedConsistency, pInOut, theoryCurve, type DimMoments, type Moments } from '../../src/theory/index.js'
import { expectClose } from './helpers.js'

const law = (K: number, mean = 0): Moments => ({ mean, std: 1, skewness: 0, kurtosis: K })
const DS = [16, 32, 64, 128, 256]
const NS = [1e3, 1e4, 5e4, 1e6, 1e9]
const KS = [2, 3, 5, 7, 10, 20, 50]
const KURT = [1, 1.8, 3, 6, 12]
// Curves for every (K, d, N) on the grid, computed once: curve[K][d][N][i] is Consistency at KS[i].
const grid = KURT.map((K) =>
  DS.map((d) => NS.map((n) => theoryCurve({ n, d, ks: KS, moments: law(K) }).map((p) => p.consistency))),
)
const SLACK = 1e-12 // non-strict monotonicity: values that are 1 to rounding may tie

describe('Consistency_k (m = 0, grid d in 16..256, N in 1e3..1e9, k in 2..50, K in 1..12)', () => {
  it('rises with d', () => {
    grid.forEach((byD) =>
      byD.forEach((byN, di) => {
        if (di === 0) return
        byN.forEach((c, ni) => c.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(byD[di - 1]![ni]![i]! - SLACK)))
      }),
    )
  })
  it('falls with N', () => {
    grid.forEach((byD) =>
      byD.forEach((byN) =>
        byN.forEach((c, ni) => {
          if (ni > 0) c.forEach((v, i) => expect(v).toBeLessThanOrEqual(byN[ni - 1]![i]! + SLACK))
        }),
      ),
    )
  })
  it('falls with k while k << N and it is well above chance (k <= N/20, Consistency >= 0.2)', () => {
    // Near chance level (k/N) it can rise with k (d = 16, N = 1000: 0.109 at k = 20, 0.129 at k = 50),
    // and at k = N it is 1.
    grid.forEach((byD) =>
      byD.forEach((byN) =>
        byN.forEach((c, ni) => {
          for (let i = 1; i < KS.length; i++) {
            if (KS[i]! <= NS[ni]! / 20 && c[i - 1]! >= 0.2) expect(c[i]).toBeLessThanOrEqual(c[i - 1]! + SLACK)
          }
        }),
      ),
    )
    expect(expectedConsistency({ n: 60, d: 16, k: 60, moments: law(3) })).toBe(1)
  })
  it('falls with kurtosis where consistency is high (>= 0.6 at the lower kurtosis)', () => {
    let checked = 0
    for (let a = 0; a + 1 < KURT.length; a++) {
      grid[a]!.forEach((byN, di) =>
        byN.forEach((c, ni) =>
          c.forEach((v, i) => {
            if (v < 0.6) return
            checked++
            expect(grid[a + 1]![di]![ni]![i]).toBeLessThanOrEqual(v + SLACK)
          }),
        ),
      )
    }
    expect(checked).toBeGreaterThan(150) // a large part of the grid, not a corner
  })
  it('can rise with kurtosis where consistency is low (theory.md caveat: N = 50,000, d = 64, k = 7)', () => {
    const low = expectedConsistency({ n: 50_000, d: 64, k: 7, moments: law(1) })
    const high = expectedConsistency({ n: 50_000, d: 64, k: 7, moments: law(6) })
    expectClose(low, 0.23, { atol: 1e-3 })
    expectClose(high, 0.287, { atol: 1e-3 })
  })
  it("is close to 1 for small k (k = 2, d >= 128, K <= 3 as the paper's laws, N <= 1e6: above 0.99)", () => {
    // Not for every d: at d = 64, N = 1e6, K = 3 it is 0.75.
    KURT.forEach((K, a) =>
      DS.forEach((d, di) =>
        NS.forEach((n, ni) => {
          if (d >= 128 && K <= 3 && n <= 1e6) expect(grid[a]![di]![ni]![0]).toBeGreaterThan(0.99)
        }),
      ),
    )
  })
})

describe('P(s(u, mu_U) > s(v, mu_U)) (closed form)', () => {
  it('is above 0.5 for m = 0, falls with K and with k, rises with d', () => {
    for (const d of DS)
      for (const k of KS)
        for (let a = 0; a < KURT.length; a++) {
          const p = pInOut({ d, k, moments: law(KURT[a]!) })
          expect(p).toBeGreaterThan(0.5)
          if (a > 0) expect(p).toBeLessThan(pInOut({ d, k, moments: law(KURT[a - 1]!) }))
          if (k > 2) expect(p).toBeLessThan(pInOut({ d, k: k - 1, moments: law(KURT[a]!) }))
          if (d > 16) expect(p).toBeGreaterThan(pInOut({ d: d / 2, k, moments: law(KURT[a]!) }))
        }
  })
  it('equals Phi(sqrt(d / (2(k-1) + K))) for m = 0', () => {
    expectClose(pInOut({ d: 128, k: 10, moments: law(3) }), 0.9932226669675922, { rtol: 1e-14 })
  })
})

/** Random valid moments: K >= 1 + g^2 (Pearson), std > 0. */
const arbMoments = fc
  .record({
    mean: fc.double({ min: -2, max: 2, noNaN: true }),
    std: fc.double({ min: 0.05, max: 5, noNaN: true }),
    skewness: fc.double({ min: -3, max: 3, noNaN: true }),
    excess: fc.double({ min: 0, max: 20, noNaN: true }),
  })
  .map(({ mean, std, skewness, excess }): Moments => ({
    mean,
    std,
    skewness,
    kurtosis: 1 + skewness * skewness + excess,
  }))

function repeat(m: Moments, d: number): DimMoments {
  return {
    mean: new Float64Array(d).fill(m.mean),
    std: new Float64Array(d).fill(m.std),
    skewness: new Float64Array(d).fill(m.skewness),
    kurtosis: new Float64Array(d).fill(m.kurtosis),
  }
}

describe('properties over random valid moments (fast-check, fixed seed)', () => {
  it('consistency is in [0, 1] and P(in>out) in (0, 1]', () => {
    fc.assert(
      fc.property(
        arbMoments,
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 60, max: 1e9 }),
        (m, d, k, n) => {
          const [p] = theoryCurve({ n, d, ks: [k], moments: m })
          return p!.consistency >= 0 && p!.consistency <= 1 && p!.pInOut > 0 && p!.pInOut <= 1
        },
      ),
      { seed: 20230918, numRuns: 60 },
    )
  })
  it('per-dimension theory equals pooled theory when every dimension has the same moments (1e-12 relative)', () => {
    fc.assert(
      fc.property(arbMoments, fc.integer({ min: 1, max: 256 }), (m, d) => {
        const ks = [1, 2, 5, 17]
        const pooled = theoryCurve({ n: 10_000, d, ks, moments: m })
        const perDim = theoryCurve({ n: 10_000, d, ks, dimMoments: repeat(m, d) })
        pooled.forEach((p, i) => {
          expectClose(perDim[i]!.consistency, p.consistency, { rtol: 1e-12 }, `consistency k=${p.k}`)
          expectClose(perDim[i]!.pInOut, p.pInOut, { rtol: 1e-12 }, `pInOut k=${p.k}`)
        })
      }),
      { seed: 7, numRuns: 40 },
    )
  })
  it('per-dimension theory does not depend on the order of the dimensions', () => {
    fc.assert(
      fc.property(fc.array(arbMoments, { minLength: 2, maxLength: 40 }), (ms) => {
        const dm = (list: Moments[]): DimMoments => ({
          mean: Float64Array.from(list, (m) => m.mean),
          std: Float64Array.from(list, (m) => m.std),
          skewness: Float64Array.from(list, (m) => m.skewness),
          kurtosis: Float64Array.from(list, (m) => m.kurtosis),
        })
        const a = theoryCurve({ n: 5000, d: ms.length, ks: [3, 12], dimMoments: dm(ms) })
        const b = theoryCurve({ n: 5000, d: ms.length, ks: [3, 12], dimMoments: dm([...ms].reverse()) })
        a.forEach((p, i) => expectClose(b[i]!.consistency, p.consistency, { rtol: 1e-9, atol: 1e-12 }))
      }),
      { seed: 11, numRuns: 30 },
    )
  })
})
