import { describe, expect, it } from 'vitest'
import { estimateConsistency } from '../../src/estimate/consistency.js'
import { generate } from '../../src/synthetic/index.js'
import { binomialCdf, exactCurve } from '../../src/theory/exact/consistency.js'
import { tailFor } from '../../src/theory/exact/tail.js'
import { logBinomHead, logFactorials } from '../../src/theory/binomial.js'
import { parseLaw } from '../../src/theory/index.js'
import { bruteEngine } from '../helpers/brute-engine.js'

describe('exact method: pieces', () => {
  it('binomial CDF matches direct summation (m = 30, p = 0.2, r = 0..4)', () => {
    const lf = logFactorials(10)
    const logC = logBinomHead(30, 5, lf)
    let direct = 0
    const choose = (n: number, j: number): number => (j === 0 ? 1 : (choose(n, j - 1) * (n - j + 1)) / j)
    for (let r = 0; r < 5; r++) {
      direct += choose(30, r) * 0.2 ** r * 0.8 ** (30 - r)
      expect(binomialCdf(30, 0.2, r, logC)).toBeCloseTo(direct, 13)
    }
  })

  it('saddlepoint tail of a sum of uniforms matches the exact Irwin–Hall tail (d = 4, equal weights)', () => {
    // S = Σ_{j<4} U_j, U ~ U(0,1): P(S > 3) = 1/24 exactly, P(S > 3.5) = 0.5^4/24.
    const tail = tailFor(parseLaw('uniform(0,1)'), new Float64Array([1, 1, 1, 1]))
    // Second order: 0.2 % and 0.4 % (the first-order formula alone: 0.4 % and 3.1 %).
    expect(Math.abs(tail(3) / (1 / 24) - 1)).toBeLessThan(0.005)
    expect(Math.abs(tail(3.5) / (0.0625 / 24) - 1)).toBeLessThan(0.01)
    expect(tail(2)).toBeCloseTo(0.5, 12)
  })

  it('saddlepoint tail of a Laplace sum matches its exact tail (two unit Laplace terms)', () => {
    // X1 + X2, standard Laplace: P(S > t) = e^{-t}(2 + t)/4 for t >= 0.
    const tail = tailFor(parseLaw('laplace(0,1)'), new Float64Array([1, 1]))
    // Second order: at most 0.35 % for t in 0.5..10 (the first-order formula: 1.1-2.3 %).
    for (const t of [0.5, 1, 2, 5, 10])
      expect(Math.abs(tail(t) / ((Math.exp(-t) * (2 + t)) / 4) - 1)).toBeLessThan(0.005)
  })
})

/** Consistency over several catalogues, each estimated through the real estimator; mean and its standard error. */
async function simulated(law: string, n: number, d: number, k: number, catalogues: number, sets: number) {
  const means: number[] = []
  for (let c = 0; c < catalogues; c++) {
    const e = generate(law, n, d, 100 + c)
    const [p] = await estimateConsistency(e, { ks: [k], engine: bruteEngine, samples: sets, seed: c })
    means.push(p!.mean)
  }
  const mean = means.reduce((s, v) => s + v, 0) / catalogues
  const variance = means.reduce((s, v) => s + (v - mean) ** 2, 0) / (catalogues - 1)
  return { mean, se: Math.sqrt(variance / catalogues) }
}

describe('exact method agrees with brute-force simulation (|z| <= 3)', () => {
  for (const law of ['normal', 'uniform(-1,1)', 'laplace(0,1)'])
    for (const k of [2, 5]) {
      it(`${law}, N=1000, d=16, k=${k}`, async () => {
        const sim = await simulated(law, 1000, 16, k, 20, 1000)
        const [x] = exactCurve({ n: 1000, d: 16, ks: [k], law: parseLaw(law), sets: 4000, seed: 1 })
        const seX = x!.std / Math.sqrt(x!.sets)
        const z = (x!.consistency - sim.mean) / Math.hypot(seX, sim.se)
        console.log(
          `${law} k=${k}: exact ${x!.consistency.toFixed(4)} ± ${seX.toFixed(4)}, sim ${sim.mean.toFixed(4)} ± ${sim.se.toFixed(4)}, z=${z.toFixed(2)}`,
        )
        expect(Math.abs(z)).toBeLessThanOrEqual(3)
      })
    }
})

describe('exact method at any N', () => {
  it('is finite and in [0, 1] at N = 1e12 and falls with N (normal and laplace, d = 64)', () => {
    for (const law of ['normal', 'laplace(0,1)']) {
      const big = exactCurve({ n: 1e12, d: 64, ks: [2, 10, 50], law: parseLaw(law), sets: 300, seed: 2 })
      const small = exactCurve({ n: 1e3, d: 64, ks: [2, 10, 50], law: parseLaw(law), sets: 300, seed: 2 })
      big.forEach((p, i) => {
        expect(Number.isFinite(p.consistency)).toBe(true)
        expect(p.ciLow).toBeGreaterThanOrEqual(0)
        expect(p.ciHigh).toBeLessThanOrEqual(1)
        expect(p.consistency).toBeLessThan(small[i]!.consistency)
      })
    }
  })
})
