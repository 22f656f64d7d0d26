import { describe, expect, it } from 'vitest'
import { rng } from '../../src/rng.js'
import { zigguratNormal } from '../../src/synthetic/ziggurat.js'
import { binomialCdf, binomialCdfByRatio, exactCurve, normalSetScores } from '../../src/theory/exact/consistency.js'
import { logBinomHead, logFactorials } from '../../src/theory/binomial.js'
import { parseLaw } from '../../src/theory/index.js'

/** Mean and standard error of the mean of a sample. */
function meanSe(xs: number[]): { mean: number; se: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)
  return { mean, se: Math.sqrt(v / xs.length) }
}

describe('exact method, normal law: reduced statistics against the direct k·d path', () => {
  const ks = [2, 5, 20, 50]
  for (const law of ['normal', 'normal(0.5,2)'])
    for (const n of [1e3, 1e5])
      for (const d of [16, 128])
        it(`${law}, N=${n}, d=${d}, k=${ks.join(',')}: |z| <= 3`, () => {
          const common = { n, d, ks, law: parseLaw(law), sets: 3000 }
          const reduced = exactCurve({ ...common, seed: 1 })
          const direct = exactCurve({ ...common, seed: 2, gram: false })
          for (let i = 0; i < ks.length; i++) {
            const a = reduced[i]!,
              b = direct[i]!
            const se = Math.sqrt(a.std ** 2 / a.sets + b.std ** 2 / b.sets)
            const diff = a.consistency - b.consistency
            // Both exactly 1 (k = 2, N = 1e3: no set ever loses its top-2) leaves nothing to compare.
            if (se === 0) expect(Math.abs(diff)).toBeLessThan(1e-12)
            else expect(Math.abs(diff / se), `k=${a.k}: ${a.consistency} vs ${b.consistency}`).toBeLessThanOrEqual(3)
          }
        })
})

describe('normalSetScores: the moments of the reduced statistics', () => {
  // For u_i = m·1 + s·z_i (z_i ~ N(0, I_d)), G_ij = ⟨u_i, u_j⟩ and s_i = (1/k) Σ_j G_ij:
  //   E s_i = m²d + d s²/k,  Var s_i = d s⁴ (k + 1)/k² (m = 0),  Cov(s_i, s_j) = d s⁴/k² (m = 0),
  // from Var G_ii = 2d s⁴, Var G_ij = d s⁴, all other covariances 0; E|μ|² = m²d + d s²/k,
  // Σ_c μ_c = m d + s √d w̄ has mean m d and variance d s²/k.
  // Each check is within 5 standard errors estimated from the same draws.
  const sets = 40_000
  const draw = (k: number, d: number, mean: number, std: number, seed: number) => {
    const r = rng(seed)
    const normal = zigguratNormal(r)
    const scores = new Float64Array(k)
    const stats = new Float64Array(2)
    const out = { s0: [] as number[], s1: [] as number[], mu2: [] as number[], sum: [] as number[] }
    for (let t = 0; t < sets; t++) {
      normalSetScores(r, normal, k, d, mean, std, scores, stats)
      out.s0.push(scores[0]!)
      out.s1.push(scores[1]!)
      out.mu2.push(stats[0]!)
      out.sum.push(stats[1]!)
    }
    return out
  }
  const within = (xs: number[], expected: number, what: string): void => {
    const { mean, se } = meanSe(xs)
    expect(Math.abs(mean - expected), `${what}: ${mean} vs ${expected} (se ${se})`).toBeLessThanOrEqual(5 * se)
  }

  for (const [k, d] of [
    [2, 16],
    [5, 128],
    [20, 16],
  ] as const)
    it(`m = 0, s = 1.5, k=${k}, d=${d}: mean, variance and covariance of the scores`, () => {
      const std = 1.5
      const x = draw(k, d, 0, std, 7 + k)
      const e = (d * std ** 2) / k
      within(x.s0, e, 'E s_0')
      within(x.mu2, e, 'E |mu|^2')
      within(
        x.s0.map((v) => (v - e) ** 2),
        (d * std ** 4 * (k + 1)) / k ** 2,
        'Var s_0',
      )
      within(
        x.s0.map((v, i) => (v - e) * (x.s1[i]! - e)),
        (d * std ** 4) / k ** 2,
        'Cov(s_0, s_1)',
      )
      expect(x.sum.every((v) => v === 0)).toBe(true)
    })

  it('m = 0.5, s = 2, k=5, d=16: means of the scores, |μ|² and Σ μ_c, variance of Σ μ_c', () => {
    const [k, d, m, std] = [5, 16, 0.5, 2]
    const x = draw(k, d, m, std, 3)
    within(x.s0, m * m * d + (d * std ** 2) / k, 'E s_0')
    within(x.mu2, m * m * d + (d * std ** 2) / k, 'E |mu|^2')
    within(x.sum, m * d, 'E sum mu')
    within(
      x.sum.map((v) => (v - m * d) ** 2),
      (d * std ** 2) / k,
      'Var sum mu',
    )
  })
})

describe('binomialCdfByRatio (the ratio recurrence from the largest term) is binomialCdf', () => {
  it('to 1e-12 relative at m = 1e12 and m = 40, mean m·p from 1e-3 to 800', () => {
    const m = 1e12
    const lf = logFactorials(60)
    const logC = logBinomHead(m, 50, lf)
    for (const mp of [1e-3, 0.5, 3, 30, 49, 200, 800])
      for (const r of [0, 1, 10, 49]) {
        const p = mp / m
        const direct = binomialCdf(m, p, r, logC) // term by term in log space
        const got = binomialCdfByRatio(m, p, r, logC)
        expect(Math.abs(got - direct), `mp=${mp} r=${r}`).toBeLessThanOrEqual(1e-12 * Math.max(direct, 1e-300) + 1e-300)
      }
    const logC40 = logBinomHead(40, 41, lf)
    for (const p of [1e-6, 0.01, 0.3, 0.9])
      for (const r of [0, 5, 20, 39, 40])
        expect(Math.abs(binomialCdfByRatio(40, p, r, logC40) - binomialCdf(40, p, r, logC40))).toBeLessThan(1e-13)
  })
})

describe('theory({ ci }) / avgcon theory --ci: adaptive sets for the exact method', () => {
  it('reaches the half-width at every k, records ci in the settings, and refuses it for prop2', async () => {
    const { theory } = await import('../../src/runs/theory.js')
    const run = await theory({ n: 1e4, d: 64, law: 'normal', k: [2, 8, 30], ci: 0.01 })
    expect(run.settings).toMatchObject({ ci: 0.01, sets: expect.any(Number) })
    for (const p of run.results as { ciLow: number; ciHigh: number; sets: number }[]) {
      expect((p.ciHigh - p.ciLow) / 2).toBeLessThanOrEqual(0.01)
      expect(p.sets).toBeGreaterThanOrEqual(run.settings.sets as number)
    }
    await expect(theory({ method: 'prop2', ci: 0.01 })).rejects.toThrow(expect.objectContaining({ field: 'ci' }))
    await expect(theory({ law: 'normal', ci: 1.5 })).rejects.toThrow(expect.objectContaining({ field: 'ci' }))
  })
})
