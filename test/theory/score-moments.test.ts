import { describe, expect, it } from 'vitest'
import erfc from '@stdlib/math-base-special-erfc'
import { pInOut, scoreMoments, type DimMoments, type Moments } from '../../src/theory/index.js'
import { expectClose, loadReference } from './helpers.js'

/** A two-point law: value a with probability p, else b. Skewed, so m g != 0 is exercised. */
interface TwoPoint {
  a: number
  b: number
  p: number
}

function twoPointMoments({ a, b, p }: TwoPoint): Moments {
  const m = p * a + (1 - p) * b
  const mu = (r: number): number => p * (a - m) ** r + (1 - p) * (b - m) ** r
  const s = Math.sqrt(mu(2))
  return { mean: m, std: s, skewness: mu(3) / s ** 3, kurtosis: mu(4) / s ** 4 }
}

/**
 * Exact moments of the in-score <mu_U, u>, the out-score <mu_U, v> and their difference,
 * by enumerating every outcome of u, w_1..w_{k-1}, v over d independent two-point coordinates.
 */
function enumerate(
  laws: TwoPoint[],
  k: number,
): { inMean: number; inVar: number; outMean: number; outVar: number; dMean: number; dVar: number } {
  const d = laws.length
  const perCoord = k + 1 // u, w_1..w_{k-1}, v
  const total = perCoord * d
  const acc = { in1: 0, in2: 0, out1: 0, out2: 0, d1: 0, d2: 0 }
  for (let mask = 0; mask < 2 ** total; mask++) {
    let prob = 1,
      sIn = 0,
      sOut = 0
    for (let j = 0; j < d; j++) {
      const { a, b, p } = laws[j]!
      const vals: number[] = []
      for (let t = 0; t < perCoord; t++) {
        const bit = (mask >> (j * perCoord + t)) & 1
        vals.push(bit ? a : b)
        prob *= bit ? p : 1 - p
      }
      const u = vals[0]!,
        v = vals[k]!
      let sum = u
      for (let t = 1; t < k; t++) sum += vals[t]!
      sIn += (u * sum) / k
      sOut += (v * sum) / k
    }
    acc.in1 += prob * sIn
    acc.in2 += prob * sIn * sIn
    acc.out1 += prob * sOut
    acc.out2 += prob * sOut * sOut
    acc.d1 += prob * (sIn - sOut)
    acc.d2 += prob * (sIn - sOut) ** 2
  }
  return {
    inMean: acc.in1,
    inVar: acc.in2 - acc.in1 ** 2,
    outMean: acc.out1,
    outVar: acc.out2 - acc.out1 ** 2,
    dMean: acc.d1,
    dVar: acc.d2 - acc.d1 ** 2,
  }
}

function dimMomentsOf(laws: TwoPoint[]): DimMoments {
  const ms = laws.map(twoPointMoments)
  return {
    mean: Float64Array.from(ms, (m) => m.mean),
    std: Float64Array.from(ms, (m) => m.std),
    skewness: Float64Array.from(ms, (m) => m.skewness),
    kurtosis: Float64Array.from(ms, (m) => m.kurtosis),
  }
}

const Phi = (z: number): number => 0.5 * erfc(-z / Math.SQRT2)
const skewed: TwoPoint = { a: 3, b: 0, p: 0.3 } // mean 0.9, skewness 0.87
const other: TwoPoint = { a: -1, b: 2, p: 0.6 } // mean 0.2, skewness 0.41

describe('score moments: exact enumeration of skewed two-point laws', () => {
  for (const k of [1, 2, 3, 4]) {
    it(`pooled, d = 1, k = ${k}`, () => {
      const exact = enumerate([skewed], k)
      const sm = scoreMoments({ d: 1, k, moments: twoPointMoments(skewed) })
      expectClose(sm.inMean, exact.inMean, { rtol: 1e-12 }, 'E in')
      expectClose(sm.inVar, exact.inVar, { rtol: 1e-12 }, 'Var in')
      expectClose(sm.outMean, exact.outMean, { rtol: 1e-12 }, 'E out')
      expectClose(sm.outVar, exact.outVar, { rtol: 1e-12 }, 'Var out')
      // P(in > out) = Phi(E[D] / sd[D]) under the normal approximation of D.
      const p = pInOut({ d: 1, k, moments: twoPointMoments(skewed) })
      expectClose(p, Phi(exact.dMean / Math.sqrt(exact.dVar)), { rtol: 1e-12 }, 'P(in>out)')
    })
  }

  it('per dimension, d = 2 with two different laws, k = 3: sums of per-coordinate terms', () => {
    const exact = enumerate([skewed, other], 3)
    const dm = dimMomentsOf([skewed, other])
    const sm = scoreMoments({ d: 2, k: 3, dimMoments: dm })
    expectClose(sm.inMean, exact.inMean, { rtol: 1e-12 })
    expectClose(sm.inVar, exact.inVar, { rtol: 1e-12 })
    expectClose(sm.outMean, exact.outMean, { rtol: 1e-12 })
    expectClose(sm.outVar, exact.outVar, { rtol: 1e-12 })
    expectClose(pInOut({ d: 2, k: 3, dimMoments: dm }), Phi(exact.dMean / Math.sqrt(exact.dVar)), { rtol: 1e-12 })
  })

  it("shows the paper's skewness term 4 m g s^3 of Var[in] is exact only at k = 1", () => {
    const { mean: m, std: s, skewness: g, kurtosis: K } = twoPointMoments(skewed)
    const paper = (k: number): number =>
      (m * m * s * s * k * (k + 3) + s ** 4 * (K + k - 2) + 4 * m * g * s ** 3) / (k * k)
    expectClose(paper(1), enumerate([skewed], 1).inVar, { rtol: 1e-12 })
    const exact3 = enumerate([skewed], 3).inVar
    expect(Math.abs(paper(3) - exact3) / exact3).toBeGreaterThan(0.05)
  })
})

describe('closed form P(in > out) against the reference implementation (compute_proba, d = 128)', () => {
  const ref = loadReference().closed_form_p_in_out_d128
  for (const [law, { moments, values }] of Object.entries(ref)) {
    it(law, () => {
      const m: Moments = { mean: moments.mu, std: moments.sigma, skewness: moments.gamma, kurtosis: moments.kappa }
      for (const [k, expected] of Object.entries(values)) {
        // Both are Phi of the same argument through erf/erfc in float64: agreement to rounding.
        expectClose(
          pInOut({ d: 128, k: Number(k), moments: m }),
          expected,
          { rtol: 1e-14, atol: 1e-15 },
          `${law} k=${k}`,
        )
      }
    })
  }
})
