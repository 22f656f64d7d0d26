/**
 * The exact method for the Rademacher law (lattice.ts, tie-credit.ts): the score pmf and the
 * tie credit against brute-force enumeration, and the whole method against the estimator.
 */
import { describe, expect, it } from 'vitest'
import { estimateConsistency } from '../../src/estimate/consistency.js'
import { generate } from '../../src/synthetic/index.js'
import { exactCurve } from '../../src/theory/exact/consistency.js'
import { dbinom } from '../../src/theory/exact/dbinom.js'
import { signSumPmf } from '../../src/theory/exact/lattice.js'
import { memberCredit, tieShare } from '../../src/theory/exact/tie-credit.js'
import { parseLaw } from '../../src/theory/index.js'
import { rng } from '../../src/rng.js'
import { bruteEngine } from '../helpers/brute-engine.js'

describe('signSumPmf', () => {
  it('equals the enumeration of all 2^d sign vectors (d <= 10, repeated and zero |a_j|)', () => {
    const r = rng(7)
    for (let trial = 0; trial < 40; trial++) {
      const d = 1 + (trial % 10)
      const a = Array.from({ length: d }, () => (r.nextU32() % 11) - 5)
      const big = a.reduce((s, v) => s + Math.abs(v), 0)
      const brute = new Float64Array(big + 1)
      for (let mask = 0; mask < 1 << d; mask++) {
        let s = 0
        for (let j = 0; j < d; j++) s += (mask >> j) & 1 ? a[j]! : -a[j]!
        brute[(s + big) / 2]! += 2 ** -d
      }
      const pmf = signSumPmf(a)
      expect(pmf.length).toBe(big + 1)
      // Every cell is a sum of at most 2^10 terms of 2^-d: float64 error below 1e-15.
      pmf.forEach((v, h) => expect(Math.abs(v - brute[h]!)).toBeLessThan(1e-15))
    }
  })
})

/** All orderings of 0..n-1. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]]
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
  )
}

describe('tie credit', () => {
  it('equals the enumeration of all outsider outcomes and all tie-breaks (m = 4 outsiders)', () => {
    const m = 4
    const cells = [0.3, 0.25, 0.45] // above, tied, below
    for (const k of [1, 3, 5])
      for (const r of [0, 1, 2])
        for (const t of [0, 1, 2]) {
          if (r + t + 1 > k) continue
          let brute = 0
          for (let code = 0; code < 3 ** m; code++) {
            let prob = 1,
              above = 0,
              tied = 0
            for (let o = 0, c = code; o < m; o++, c = Math.floor(c / 3)) {
              prob *= cells[c % 3]!
              if (c % 3 === 0) above++
              if (c % 3 === 1) tied++
            }
            // The member is item 0 of the tied group; count the orderings that put it in the top k.
            const orders = permutations(tied + t + 1)
            const inTop = orders.filter((p) => r + above + p.indexOf(0) < k).length
            brute += (prob * inTop) / orders.length
          }
          expect(memberCredit(m, k, r, t, cells[0]!, cells[1]!, cells[2]!)).toBeCloseTo(brute, 14)
        }
  })

  it('delta approximation of a wide T agrees with the summed pmf (mean 2e4: relative error < 1e-7)', () => {
    const trials = 1e5,
      q = 0.2
    for (const [c, t] of [
      [3, 0],
      [40, 2],
    ] as const) {
      let sum = 0
      for (let j = 0; j <= trials; j++) sum += dbinom(j, trials, q, 1 - q) * Math.min(1, c / (j + t + 1))
      expect(Math.abs(tieShare(c, t, trials, q, 1 - q) / sum - 1)).toBeLessThan(1e-7)
    }
  })

  it('dbinom matches the pmf built by recurrence (n = 30) and sums to 1 at n = 1e12', () => {
    let direct = 0.8 ** 30
    for (let j = 0; j <= 30; j++) {
      expect(Math.abs(dbinom(j, 30, 0.2, 0.8) / direct - 1)).toBeLessThan(1e-13)
      direct *= ((30 - j) / (j + 1)) * 0.25
    }
    let total = 0
    for (let j = 0; j < 100; j++) total += dbinom(j, 1e12, 2e-11, 1 - 2e-11) // Poisson(20) to 1e-30
    expect(total).toBeCloseTo(1, 13)
  })
})

/** Consistency over several catalogues, each estimated through the real estimator (fractional ties). */
async function simulated(n: number, d: number, k: number, catalogues: number, sets: number) {
  const means: number[] = []
  for (let c = 0; c < catalogues; c++) {
    const e = generate('rademacher', n, d, 100 + c)
    const [p] = await estimateConsistency(e, {
      ks: [k],
      engine: bruteEngine,
      samples: sets,
      seed: c,
      ties: 'fractional',
    })
    means.push(p!.mean)
  }
  const mean = means.reduce((s, v) => s + v, 0) / catalogues
  const variance = means.reduce((s, v) => s + (v - mean) ** 2, 0) / (catalogues - 1)
  return { mean, se: Math.sqrt(variance / catalogues) }
}

describe('exact Rademacher agrees with brute-force simulation (|z| <= 3)', () => {
  for (const k of [2, 5])
    it(`N=1000, d=16, k=${k}`, async () => {
      const sim = await simulated(1000, 16, k, 20, 1000)
      const [x] = exactCurve({ n: 1000, d: 16, ks: [k], law: parseLaw('rademacher'), sets: 4000, seed: 1 })
      const seX = x!.std / Math.sqrt(x!.sets)
      const z = (x!.consistency - sim.mean) / Math.hypot(seX, sim.se)
      console.log(
        `rademacher k=${k}: exact ${x!.consistency.toFixed(4)} ± ${seX.toFixed(4)}, sim ${sim.mean.toFixed(4)} ± ${sim.se.toFixed(4)}, z=${z.toFixed(2)}`,
      )
      expect(Math.abs(z)).toBeLessThanOrEqual(3)
    })
})

describe('exact Rademacher at any N', () => {
  it('is finite and in [0, 1] at N = 1e12 and falls with N (d = 64)', () => {
    const law = parseLaw('rademacher')
    const big = exactCurve({ n: 1e12, d: 64, ks: [2, 10, 50], law, sets: 200, seed: 2 })
    const small = exactCurve({ n: 1e3, d: 64, ks: [2, 10, 50], law, sets: 200, seed: 2 })
    big.forEach((p, i) => {
      expect(Number.isFinite(p.consistency)).toBe(true)
      expect(p.consistency).toBeGreaterThanOrEqual(0)
      expect(p.consistency).toBeLessThanOrEqual(1)
      expect(p.ciLow).toBeGreaterThanOrEqual(0)
      expect(p.ciHigh).toBeLessThanOrEqual(1)
      expect(p.consistency).toBeLessThan(small[i]!.consistency)
    })
  })
})
