import betainc from '@stdlib/math-base-special-betainc'
import gammaln from '@stdlib/math-base-special-gammaln'
import { describe, expect, it } from 'vitest'
import { estimateConsistency } from '../../src/estimate/consistency.js'
import { generate } from '../../src/synthetic/index.js'
import { exactCurve } from '../../src/theory/exact/consistency.js'
import { betaCgf } from '../../src/theory/exact/beta-cgf.js'
import { exactSupports, tailFor } from '../../src/theory/exact/tail.js'
import { parseLaw } from '../../src/theory/index.js'
import { bruteEngine } from '../helpers/brute-engine.js'
import { expectClose } from './helpers.js'

/** Gauss–Legendre nodes and weights on (0, 1), n points (Newton on P_n). */
function gaussLegendre(n: number): { x: number[]; w: number[] } {
  const x: number[] = [],
    w: number[] = []
  for (let i = 0; i < n; i++) {
    let t = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5)),
      dp = 0
    for (let it = 0; it < 100; it++) {
      let p0 = 1,
        p1 = t
      for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * t * p1 - (k - 1) * p0) / k]
      dp = (n * (t * p1 - p0)) / (t * t - 1)
      const step = p1 / dp
      t -= step
      if (Math.abs(step) < 1e-16) break
    }
    x.push((1 - t) / 2)
    w.push(1 / ((1 - t * t) * dp * dp))
  }
  return { x, w }
}

/**
 * K, K', .., K'''' of Beta(a, b) − a/(a+b) at θ by quadrature of the tilted density: composite
 * Gauss–Legendre (24 nodes) on panels graded geometrically towards both ends (60 halvings),
 * plus the last sliver [0, ε] as ε^a/a (and ε^b/b at 1); central moments in two passes.
 */
function quadratureCgf(a: number, b: number, theta: number): number[] {
  const gl = gaussLegendre(24)
  const ys: number[] = [],
    ms: number[] = []
  const top = theta > 0 ? 1 : 0 // e^{θ(y − top)} ≤ 1
  const density = (y: number, r0: number, r1: number): number =>
    Math.exp((a - 1) * Math.log(r0) + (b - 1) * Math.log(r1) + theta * (y - top))
  for (const end of [0, 1])
    for (let j = 1; j <= 60; j++) {
      const lo = 2 ** -(j + 1),
        hi = 2 ** -j // distance from the end
      for (let i = 0; i < gl.x.length; i++) {
        const r = lo + (hi - lo) * gl.x[i]!
        const y = end === 0 ? r : 1 - r
        ys.push(y)
        ms.push((hi - lo) * gl.w[i]! * density(y, end === 0 ? r : 1 - r, end === 0 ? 1 - r : r))
      }
    }
  const eps = 2 ** -61
  ys.push(0, 1)
  ms.push((eps ** a / a) * Math.exp(-theta * top), (eps ** b / b) * Math.exp(theta * (1 - top)))
  let mass = 0,
    mean = 0
  ys.forEach((y, i) => {
    mass += ms[i]!
    mean += ms[i]! * y
  })
  mean /= mass
  const c = [0, 0, 0, 0, 0]
  ys.forEach((y, i) => {
    const d = y - mean
    for (let n = 2; n <= 4; n++) c[n]! += (ms[i]! * d ** n) / mass
  })
  const logBeta = gammaln(a) + gammaln(b) - gammaln(a + b)
  const m0 = a / (a + b)
  return [Math.log(mass) + theta * top - logBeta - theta * m0, mean - m0, c[2]!, c[3]!, c[4]! - 3 * c[2]! ** 2]
}

describe('beta CGF log 1F1(a; a+b; θ) − θ a/(a+b)', () => {
  const out = new Float64Array(5)

  it('matches quadrature of the tilted density to 1e-10 (U-shaped, skewed, uniform; every regime)', () => {
    // θ from the near-zero series (|θ| <= 0.5) through the mixture sums to the endpoint asymptotics (|θ| >= ~65).
    const thetas = [0, 1e-3, -0.3, 0.45, -2, 3.5, -10, 25, -40, 70, -90, 150, -300]
    for (const [a, b] of [
      [2, 5],
      [0.5, 0.5],
      [1, 1],
      [0.25, 3],
      [4, 0.5],
    ] as const) {
      const k = betaCgf(a, b)
      for (const theta of thetas) {
        k(theta, out)
        const ref = quadratureCgf(a, b, theta)
        const sd = Math.sqrt(ref[2]!)
        const what = `beta(${a},${b}) θ=${theta}`
        expectClose(out[0]!, ref[0]!, { rtol: 1e-10, atol: 1e-14 }, `${what} K`)
        expectClose(out[1]!, ref[1]!, { atol: 1e-10 * sd }, `${what} K'`)
        for (let n = 2; n <= 4; n++) expectClose(out[n]!, ref[n]!, { atol: 1e-10 * sd ** n }, `${what} K^(${n})`)
      }
    }
  })

  it('is the uniform law for a = b = 1: log(sinh x / x) at 2x, and the same tails as uniform(-1,1)', () => {
    const k = betaCgf(1, 1)
    for (const x of [-0.2, 0.7, -3, 12, -48, 400, -1e5]) {
      // V = 2(B − 1/2) ~ U(−1, 1): K_V(x) = K_Y(2x).
      k(2 * x, out)
      const ax = Math.abs(x)
      const exact = ax + Math.log1p(-Math.exp(-2 * ax)) - Math.LN2 - Math.log(ax)
      const coth = 1 / Math.tanh(x)
      expectClose(out[0]!, exact, { rtol: 1e-12 }, `K(${x})`)
      expectClose(2 * out[1]!, coth - 1 / x, { rtol: 1e-12, atol: 1e-16 }, `K'(${x})`)
      expectClose(4 * out[2]!, 1 / (x * x) - 1 / Math.sinh(x) ** 2, { rtol: 1e-10, atol: 1e-15 }, `K''(${x})`)
    }
    // Near 0 the closed form cancels: its series, x²/6 − x⁴/180 + x⁶/2835.
    k(2e-3, out)
    expectClose(out[0]!, 1e-6 / 6 - 1e-12 / 180 + 1e-18 / 2835, { rtol: 1e-13 }, 'K(1e-3)')
    const w = Float64Array.from({ length: 12 }, (_, j) => 0.3 + 0.1 * Math.sin(j))
    const uniform = tailFor(parseLaw('uniform(-1,1)'), w)
    const beta = tailFor(parseLaw('beta(1,1,-1,1)'), w)
    // Not within ~0.2 of the mean (z < 0.3), where Lugannani–Rice's 1/û − 1/ŵ amplifies
    // kUniform's own cancellation in K'''' (closed form from |x| = 0.01 on).
    for (const t of [-0.9, -0.2, 0.4, 1, 2, 3])
      expectClose(beta(t), uniform(t), { rtol: 1e-11, atol: 1e-300 }, `P(S > ${t})`)
    // Beyond the support (Σ w_j < 4): no θ solves K'(θ) = t; the tail is 0, not NaN.
    expect(beta(4)).toBe(0)
    expect(uniform(4)).toBe(0)
  })

  it('stays finite far out (|θ| up to 1e12) for tiny and large shapes', () => {
    for (const [a, b] of [
      [0.05, 0.02],
      [2, 5],
      [60, 90],
    ] as const) {
      const k = betaCgf(a, b)
      for (const x of [-1e12, -1e6, -700, 700, 1e6, 1e12]) {
        k(x, out)
        for (const v of out) expect(Number.isFinite(v)).toBe(true)
        expect(out[2]).toBeGreaterThan(0)
      }
    }
  })
})

describe('beta tails and the exact method', () => {
  it('d = 1: the saddlepoint tail is within 2 % (beta(2,5)) and 30 % (beta(0.5,0.5)) of the beta CDF', () => {
    // One coordinate is the saddlepoint's worst case (second-order Lugannani–Rice: relative
    // error O(1/d²)). Measured worst relative errors over these t: 1.6 % for beta(2,5), 26 %
    // for the U-shaped beta(0.5,0.5) (at t = 0.95; a bimodal density is far from any tilted
    // normal at d = 1), 5 % for beta(1,1). The simulation tests below check d = 8.
    for (const [a, b, tol] of [
      [2, 5, 0.02],
      [0.5, 0.5, 0.3],
    ] as const) {
      const tail = tailFor(parseLaw(`beta(${a},${b})`), new Float64Array([1]))
      for (const t of [0.05, 0.15, 0.3, 0.45, 0.6, 0.8, 0.95, 0.99]) {
        const exact = betainc(t, a, b, true, true)
        expect(Math.abs(tail(t) / exact - 1), `beta(${a},${b}) t=${t}`).toBeLessThan(tol)
      }
    }
  })

  it('is a supported law, finite in [0, 1] at N = 1e12 and below its N = 1e3 value', () => {
    expect(exactSupports(parseLaw('beta(2,5)'))).toBe(true)
    for (const law of ['beta(2,5)', 'beta(0.5,0.5,-1,1)']) {
      const big = exactCurve({ n: 1e12, d: 32, ks: [2, 10], law: parseLaw(law), sets: 100, seed: 2 })
      const small = exactCurve({ n: 1e3, d: 32, ks: [2, 10], law: parseLaw(law), sets: 100, seed: 2 })
      big.forEach((p, i) => {
        expect(Number.isFinite(p.consistency)).toBe(true)
        expect(p.ciLow).toBeGreaterThanOrEqual(0)
        expect(p.ciHigh).toBeLessThanOrEqual(1)
        expect(p.consistency).toBeLessThanOrEqual(small[i]!.consistency)
      })
    }
  })
})

describe('exact beta curve agrees with brute-force simulation (|z| <= 3)', () => {
  // beta(2,5) and beta(0.5,0.5) on [0, 1] as asked, and beta(2,5,-2,5), the same skewed shape centred.
  for (const law of ['beta(2,5)', 'beta(0.5,0.5)', 'beta(2,5,-2,5)'])
    for (const k of [2, 5]) {
      it(`${law}, N=300, d=8, k=${k}`, async () => {
        const means: number[] = []
        for (let c = 0; c < 12; c++) {
          const e = generate(law, 300, 8, 100 + c)
          const [p] = await estimateConsistency(e, { ks: [k], engine: bruteEngine, samples: 400, seed: c })
          means.push(p!.mean)
        }
        const mean = means.reduce((s, v) => s + v, 0) / means.length
        const se = Math.sqrt(means.reduce((s, v) => s + (v - mean) ** 2, 0) / (means.length - 1) / means.length)
        const [x] = exactCurve({ n: 300, d: 8, ks: [k], law: parseLaw(law), sets: 10_000, seed: 1 })
        const seX = x!.std / Math.sqrt(x!.sets)
        const z = (x!.consistency - mean) / Math.hypot(seX, se)
        console.log(
          `${law} k=${k}: exact ${x!.consistency.toFixed(4)} ± ${seX.toFixed(4)}, sim ${mean.toFixed(4)} ± ${se.toFixed(4)}, z=${z.toFixed(2)}`,
        )
        expect(Math.abs(z)).toBeLessThanOrEqual(3)
      })
    }
})
