import { describe, expect, it } from 'vitest'
import erfc from '@stdlib/math-base-special-erfc'
import { gaussKronrod15, integrate } from '../../src/theory/quadrature.js'
import { expectClose } from './helpers.js'

const phi = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)
const Phi = (z: number): number => 0.5 * erfc(-z / Math.SQRT2)

describe('gaussKronrod15', () => {
  it('integrates x^p exactly for p <= 22 (K15) and has zero G7 gap for p <= 13', () => {
    for (let p = 0; p <= 22; p++) {
      const r = gaussKronrod15((x) => x ** p, 0, 1)
      expectClose(r.value, 1 / (p + 1), { rtol: 1e-14 }, `x^${p}`)
      if (p <= 13) expect(r.error).toBeLessThan(1e-15)
    }
    // Far past degree 13 the 7-point Gauss rule is inexact: the gap (error estimate) shows it.
    expect(gaussKronrod15((x) => x ** 24, 0, 1).error).toBeGreaterThan(1e-8)
  })
})

describe('integrate (adaptive G7-K15) against closed forms to 1e-10', () => {
  const cases: Array<[string, (x: number) => number, number, number, number]> = [
    ['sin on [0, pi]', Math.sin, 0, Math.PI, 2],
    ['exp(-x) on [0, 10]', (x) => Math.exp(-x), 0, 10, 1 - Math.exp(-10)],
    ['sqrt(x) on [0, 1] (derivative singular at 0)', Math.sqrt, 0, 1, 2 / 3],
    ['log(x) on [0, 1] (integrable singularity)', Math.log, 0, 1, -1],
    ['Runge 1/(1+25x^2) on [-1, 1]', (x) => 1 / (1 + 25 * x * x), -1, 1, (2 / 5) * Math.atan(5)],
    ['normal density on [-12, 12]', phi, -12, 12, 1 - erfc(12 / Math.SQRT2)],
    // The shape of the consistency integrand: a density times a steep normal cdf;
    // ∫ phi(z) Phi(a z + b) dz = Phi(b / sqrt(1 + a^2)) (mass beyond ±12 is 1e-33).
    ['phi(z) Phi(50 (z - 1))', (z) => phi(z) * Phi(50 * (z - 1)), -12, 12, Phi(-50 / Math.sqrt(2501))],
    ['phi(z) Phi(3 z + 2)', (z) => phi(z) * Phi(3 * z + 2), -12, 12, Phi(2 / Math.sqrt(10))],
  ]
  for (const [name, f, a, b, exact] of cases) {
    it(name, () => {
      const r = integrate(f, a, b, { epsAbs: 1e-11 })
      expect(r.converged).toBe(true)
      expectClose(r.value, exact, { atol: 1e-10 }, name)
      // The reported error bounds the true one (|K15 - G7| is conservative).
      expect(Math.abs(r.value - exact)).toBeLessThanOrEqual(r.error + 1e-15)
    })
  }

  it('stops at maxIntervals and says it did not converge (a jump is not smooth)', () => {
    const r = integrate((x) => (x < Math.SQRT1_2 ? 0 : 1), 0, 1, { epsAbs: 1e-14, maxIntervals: 10 })
    expect(r.converged).toBe(false)
    expect(r.intervals).toBe(10)
    expectClose(r.value, 1 - Math.SQRT1_2, { atol: 1e-2 })
  })

  it('honours a relative tolerance', () => {
    const r = integrate((x) => 1e6 * Math.exp(-x), 0, 30, { epsAbs: 0, epsRel: 1e-12 })
    expect(r.converged).toBe(true)
    expectClose(r.value, 1e6 * (1 - Math.exp(-30)), { rtol: 1e-12 })
  })
})
