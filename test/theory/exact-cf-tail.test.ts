import gammaln from '@stdlib/math-base-special-gammaln'
import tcdf from '@stdlib/stats-base-dists-t-cdf'
import { describe, expect, it } from 'vitest'
import { estimateConsistency } from '../../src/estimate/consistency.js'
import { theory } from '../../src/runs/theory.js'
import { generate } from '../../src/synthetic/index.js'
import { cfNote, gAt, gDirect, studentTail, tableFor } from '../../src/theory/exact/cf-tail.js'
import { exactCurve } from '../../src/theory/exact/consistency.js'
import { parseLaw } from '../../src/theory/index.js'
import { bruteEngine } from '../helpers/brute-engine.js'

function tpdf(x: number, nu: number): number {
  const logC = gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * Math.log(nu * Math.PI)
  return Math.exp(logC - ((nu + 1) / 2) * Math.log1p((x * x) / nu))
}

/**
 * P(w1 X1 + w2 X2 > x), w1, w2 > 0, by numerical convolution: ∫ f(y) P(X2 > (x − w1 y)/w2) dy
 * with y = √ν sinh(s), trapezoid in s (analytic, exponentially decaying: error far below 1e-16
 * at this step; halving it moves the result by < 1e-20 in the tail, ~1e-14 near p = 1/2).
 */
function convolved(nu: number, w1: number, w2: number, x: number): number {
  const h = 0.004
  const lim = Math.round((60 / nu + 4) / h)
  let sum = 0
  for (let i = -lim; i <= lim; i++) {
    const y = Math.sqrt(nu) * Math.sinh(i * h)
    sum += tpdf(y, nu) * Math.sqrt(nu) * Math.cosh(i * h) * tcdf(-(x - w1 * y) / w2, nu)
  }
  return sum * h
}

/** The accuracy cf-tail.ts states: 1e-16 absolute in the far tail, 2e-14 relative (of min(p, 1)) above. */
const bound = (p: number): number => 1e-16 + 2e-14 * Math.min(1, p)

describe('Student t tail by CF inversion (cf-tail.ts)', () => {
  it('tabulated g(u) = log φ(u) + σ²u²/2 matches the closed form (ν = 5, 7) and the quadrature', () => {
    for (const nu of [5, 6, 7, 10]) {
      const table = tableFor(nu)
      const sigma2 = nu / (nu - 2)
      for (let u = 1e-3; u < 15; u *= 1.07) {
        const ref = gDirect(nu, u)
        expect(Math.abs(gAt(table, u) - ref)).toBeLessThanOrEqual(1e-13 * Math.abs(ref))
        if (nu === 5 || nu === 7) {
          if (u < 0.3) continue // the closed form cancels in double below that
          const z = Math.sqrt(nu) * u
          const poly = nu === 5 ? 1 + z + (z * z) / 3 : (z ** 3 + 6 * z * z + 15 * z + 15) / 15
          const closed = -z + Math.log(poly) + (sigma2 * u * u) / 2
          expect(Math.abs(gAt(table, u) - closed)).toBeLessThanOrEqual(1e-12 * Math.abs(closed))
        }
      }
    }
  })

  it('d = 1: matches the t CDF to 1e-16 + 2e-14·p', () => {
    for (const nu of [5, 6, 10, 30]) {
      const tail = studentTail(nu, new Float64Array([-0.7]))
      for (let x = -20; x <= 60; x += 0.37) {
        const ref = tcdf(-x / 0.7, nu)
        const err = Math.abs(tail(x) - ref)
        expect(err, `nu=${nu} x=${x}`).toBeLessThanOrEqual(bound(ref))
      }
    }
  })

  it('d = 2: matches a numerical convolution to 1e-16 + 2e-14·p', () => {
    for (const nu of [5, 6, 10]) {
      const tail = studentTail(nu, new Float64Array([0.6, -0.35]))
      for (const x of [-3, -0.5, 0.3, 1, 2, 4, 8, 16, 30]) {
        const ref = convolved(nu, 0.6, 0.35, x)
        expect(Math.abs(tail(x) - ref), `nu=${nu} x=${x}`).toBeLessThanOrEqual(bound(ref))
      }
    }
  })

  it('a looser accuracy keeps its promise (d = 8, against the tightest tail)', () => {
    const w = new Float64Array([0.3, -0.2, 0.5, 0.1, -0.4, 0.25, 0.05, -0.15])
    const tight = studentTail(6, w)
    for (const accuracy of [1e-6, 1e-9, 1e-12]) {
      const loose = studentTail(6, w, accuracy)
      for (const x of [0.5, 1, 2, 3, 5, 8]) expect(Math.abs(loose(x) - tight(x))).toBeLessThanOrEqual(accuracy)
    }
  })
})

describe('exact method for Student t', () => {
  it('t(6), N=1000, d=16: agrees with brute-force simulation (|z| <= 3) at k = 2, 5', async () => {
    for (const k of [2, 5]) {
      const means: number[] = []
      for (let c = 0; c < 20; c++) {
        const e = generate('student-t(6)', 1000, 16, 100 + c)
        const [p] = await estimateConsistency(e, { ks: [k], engine: bruteEngine, samples: 1000, seed: c })
        means.push(p!.mean)
      }
      const mean = means.reduce((s, v) => s + v, 0) / means.length
      const se = Math.sqrt(means.reduce((s, v) => s + (v - mean) ** 2, 0) / (means.length - 1) / means.length)
      const [x] = exactCurve({ n: 1000, d: 16, ks: [k], law: parseLaw('student-t(6)'), sets: 4000, seed: 1 })
      const seX = x!.std / Math.sqrt(x!.sets)
      const z = (x!.consistency - mean) / Math.hypot(seX, se)
      console.log(
        `student-t(6) k=${k}: exact ${x!.consistency.toFixed(4)} ± ${seX.toFixed(4)}, sim ${mean.toFixed(4)} ± ${se.toFixed(4)}, z=${z.toFixed(2)}`,
      )
      expect(Math.abs(z)).toBeLessThanOrEqual(3)
    }
  }, 60_000)

  it('is finite and in [0, 1] at N = 1e12, below N = 1e3, and the run says it is approximate there', async () => {
    const law = parseLaw('student-t(6)')
    const big = exactCurve({ n: 1e12, d: 64, ks: [2, 10, 50], law, sets: 200, seed: 2 })
    const small = exactCurve({ n: 1e3, d: 64, ks: [2, 10, 50], law, sets: 200, seed: 2 })
    big.forEach((p, i) => {
      expect(Number.isFinite(p.consistency)).toBe(true)
      expect(p.ciLow).toBeGreaterThanOrEqual(0)
      expect(p.ciHigh).toBeLessThanOrEqual(1)
      expect(p.consistency).toBeLessThan(small[i]!.consistency)
    })
    expect(cfNote(1e6)).toBeUndefined()
    const run = await theory({ n: 1e12, d: 16, law: 'student-t(6)', k: [2], sets: 20 })
    expect(run.method).toBe('exact')
    expect(run.note).toMatch(/CF inversion\) resolves the outsiders' tail p to ~1e-16.*N=1e\+12.*approximate/)
    const plain = await theory({ n: 1e5, d: 16, law: 'student-t(6)', k: [2], sets: 20 })
    expect([plain.method, plain.note]).toEqual(['exact', undefined])
  })
})
