import { describe, expect, it } from 'vitest'
import { estimateConsistency } from '../../src/estimate/consistency.js'
import { InputError } from '../../src/errors.js'
import { lawMoments, type Moments } from '../../src/laws/laws.js'
import { rng } from '../../src/rng.js'
import { loadEngine } from '../../src/search/index.js'
import { zigguratNormal } from '../../src/synthetic/ziggurat.js'
import { fitLaw, sampleFitted, summariseFits, type FittedLaw } from '../../src/theory/exact/fitted.js'
import { fittedExactCurve } from '../../src/theory/exact/mixed.js'
import { fitVg, vgCgf, vgMoments } from '../../src/theory/exact/vg.js'
import { betaCgf } from '../../src/theory/exact/beta-cgf.js'
import { expectClose } from './helpers.js'

/** The fitted law's moments from its CGF at 0 (K'' = variance, K''' / K''^1.5, K'''' / K''^2 + 3). */
function cgfMoments(f: FittedLaw): Moments {
  const out = new Float64Array(5)
  f.cgf(0, out)
  return {
    mean: f.centre + f.scale * out[1]!,
    std: f.scale * Math.sqrt(out[2]!),
    skewness: out[3]! / out[2]! ** 1.5,
    kurtosis: 3 + out[4]! / out[2]! ** 2,
  }
}

function expectMoments(got: Moments, want: Moments, what: string): void {
  expectClose(got.mean, want.mean, { atol: 1e-9 * (1 + Math.abs(want.mean)) }, `${what} mean`)
  expectClose(got.std, want.std, { rtol: 1e-9 }, `${what} std`)
  expectClose(got.skewness, want.skewness, { atol: 1e-9 }, `${what} skewness`)
  expectClose(got.kurtosis, want.kurtosis, { rtol: 1e-9 }, `${what} kurtosis`)
}

describe('fitted laws from four moments', () => {
  const cases: [Moments, string][] = [
    [{ mean: 0, std: 1, skewness: 0, kurtosis: 3 }, 'normal'],
    [{ mean: 0.3, std: 2, skewness: 0, kurtosis: 1.8 }, 'beta'],
    [{ mean: -1, std: 0.5, skewness: 0.8, kurtosis: 2.9 }, 'beta'],
    [{ mean: 0.137, std: 0.247, skewness: -0.285, kurtosis: 2.15 }, 'beta'],
    [{ mean: 0, std: 1, skewness: 0, kurtosis: 2.9995 }, 'beta'],
    [{ mean: 0, std: 1, skewness: 0, kurtosis: 6 }, 'variance-gamma'],
    [{ mean: 2, std: 3, skewness: -1.2, kurtosis: 9 }, 'variance-gamma'],
    [{ mean: 0, std: 1, skewness: 0.1, kurtosis: 3.05 }, 'variance-gamma'],
    [{ mean: 0, std: 1, skewness: 0, kurtosis: 3 + 1e-6 }, 'variance-gamma'],
    [{ mean: 0, std: 1, skewness: 1, kurtosis: 4.52 }, 'variance-gamma'],
    [{ mean: 0, std: 1, skewness: -1, kurtosis: 4.5 }, 'variance-gamma'],
    [{ mean: 0, std: 1, skewness: 1, kurtosis: 4.49 }, 'beta'],
  ]
  it('picks the family by region and reproduces the four moments to 1e-9 (parameters and CGF)', () => {
    for (const [m, family] of cases) {
      const f = fitLaw(m)
      const what = JSON.stringify(m)
      expect(f.family, what).toBe(family)
      expect(f.note, what).toBeUndefined()
      expectMoments(f.moments, m, `${what} fit`)
      expectMoments(cgfMoments(f), m, `${what} CGF`)
      if (f.law) expectMoments(lawMoments(f.law), m, `${what} law`)
    }
  })

  it('moves degenerate moments to the nearest admissible law, with a note; refuses impossible ones', () => {
    // Just below the gamma line κ = 3 + 1.5γ² a beta's shapes would exceed 1e6: the gamma law instead.
    const nearGamma = fitLaw({ mean: 0, std: 1, skewness: 1, kurtosis: 4.5 - 1e-7 })
    expect(nearGamma.family).toBe('variance-gamma')
    expect(nearGamma.note).toMatch(/gamma line .* nearest admissible law/)
    expectClose(nearGamma.moments.kurtosis, 4.5, { rtol: 1e-9 }, 'gamma line')
    expectMoments(cgfMoments(nearGamma), nearGamma.moments, 'gamma line CGF')
    const nearNormal = fitLaw({ mean: 0, std: 1, skewness: 0, kurtosis: 3 - 1e-8 })
    expect(nearNormal.family).toBe('normal')
    expect(nearNormal.note).toMatch(/normal law/)
    const twoPoint = fitLaw({ mean: 0, std: 1, skewness: 0, kurtosis: 1 })
    expect(twoPoint.family).toBe('beta')
    expect(twoPoint.note).toMatch(/two-point bound/)
    expect(twoPoint.moments.kurtosis).toBeLessThan(1.05)
    expect(() => fitLaw({ mean: 0, std: 1, skewness: 1, kurtosis: 1.9 })).toThrow(InputError)
    expect(() => fitLaw({ mean: 0, std: 1, skewness: 1, kurtosis: 1.9 })).toThrow(/--moments: kurtosis 1.9 is below/)
    expect(fitLaw({ mean: 2, std: 0, skewness: 0, kurtosis: 0 }, 'dimension 3').family).toBe('constant')
  })
})

describe('the beta CGF of large fitted shapes', () => {
  it('its series out to a sixth of its radius agrees with the mixture sums to 1e-9', () => {
    const series = new Float64Array(5),
      mixture = new Float64Array(5)
    for (const [a, b] of [
      [30, 40],
      [300, 200],
      [3000, 3000],
    ] as const) {
      const far = betaCgf(a, b, Infinity),
        near = betaCgf(a, b)
      const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)))
      for (const x of [1, 3, -5, 10, -50, 100]) {
        far(x, series)
        near(x, mixture)
        expectClose(series[0]!, mixture[0]!, { rtol: 1e-9 }, `beta(${a},${b}) K(${x})`)
        for (let n = 1; n <= 4; n++)
          expectClose(series[n]!, mixture[n]!, { atol: 1e-9 * sd ** n }, `beta(${a},${b}) K^(${n})(${x})`)
      }
    }
  })
})

describe('the variance-gamma law', () => {
  it('variance-gamma: closed-form moments, CGF derivatives against finite differences and the plain form', () => {
    for (const [skew, kurt] of [
      [-0.7, 5.5],
      [0, 6],
      [1.2, 6],
      [2, 9],
    ] as const) {
      const p = fitVg(skew, kurt)!
      const vm = vgMoments(p)
      expectClose(vm.mean, 0, { atol: 1e-12 }, 'mean')
      expectClose(vm.variance, 1, { rtol: 1e-12 }, 'variance')
      expectClose(vm.skewness, skew, { atol: 1e-12 }, 'skewness')
      expectClose(vm.kurtosis, kurt, { rtol: 1e-12 }, 'kurtosis')
      const k = vgCgf(p)
      const out = new Float64Array(5),
        plus = new Float64Array(5),
        minus = new Float64Array(5)
      for (const x of [-0.4, -0.1, 0.01, 0.2, 0.45]) {
        k(x, out)
        const plain = -p.lambda * Math.log(1 - p.beta * x - (p.sigma * p.sigma * x * x) / 2) - p.lambda * p.beta * x
        expectClose(out[0]!, plain, { rtol: 1e-10, atol: 1e-15 }, `K(${x})`)
        const h = 1e-5
        k(x + h, plus)
        k(x - h, minus)
        for (let n = 1; n <= 4; n++)
          expectClose(out[n]!, (plus[n - 1]! - minus[n - 1]!) / (2 * h), { rtol: 1e-6, atol: 1e-8 }, `K^(${n})(${x})`)
      }
    }
    // Laplace is λ = 1, β = 0: K = −log(1 − θ²/2·σ²) with variance 1, σ² = 1.
    const laplace = fitVg(0, 6)!
    expectClose(laplace.lambda, 1, { rtol: 1e-12 }, 'Laplace λ')
  })

  it('variance-gamma draws have the fitted moments (2e5 draws)', () => {
    const f = fitLaw({ mean: 1, std: 2, skewness: 0.8, kurtosis: 6 })
    const r = rng(5)
    const normal = zigguratNormal(r)
    const n = 200_000
    let s1 = 0,
      s2 = 0,
      s3 = 0
    const xs = new Float64Array(n)
    for (let i = 0; i < n; i++) xs[i] = f.draw(r, normal)
    for (const x of xs) s1 += x / n
    for (const x of xs) {
      s2 += (x - s1) ** 2 / n
      s3 += (x - s1) ** 3 / n
    }
    expectClose(s1, 1, { atol: (5 * 2) / Math.sqrt(n) }, 'mean')
    expectClose(Math.sqrt(s2), 2, { atol: 0.02 }, 'std')
    expectClose(s3 / s2 ** 1.5, 0.8, { atol: 0.1 }, 'skewness')
  })
})

describe('exact method on fitted laws', () => {
  const mixed = Array.from({ length: 16 }, (_, j): Moments => {
    const shapes: Moments[] = [
      { mean: 0.2, std: 1, skewness: 0, kurtosis: 3 },
      { mean: -0.1, std: 0.7, skewness: 0.6, kurtosis: 2.6 },
      { mean: 0.3, std: 1.3, skewness: -0.5, kurtosis: 6 },
      { mean: 0, std: 0.9, skewness: 0, kurtosis: 1.8 },
    ]
    return shapes[j % 4]!
  })
  const perDim = mixed.map((m, j) => fitLaw(m, `dimension ${j + 1}`))
  const pooledVg = [fitLaw({ mean: 0.2, std: 1, skewness: 0.5, kurtosis: 7 })]
  const pooledBeta = [fitLaw({ mean: 0.1, std: 1, skewness: -0.6, kurtosis: 2.5 })]

  it('a per-dimension fit mixes families', () => {
    expect(summariseFits(perDim).counts).toEqual({ normal: 4, beta: 8, 'variance-gamma': 4, constant: 0 })
  })

  it('is finite in [0, 1] at N = 1e12 and below its N = 1e3 value', () => {
    for (const fits of [perDim, pooledVg, pooledBeta]) {
      const big = fittedExactCurve({ n: 1e12, d: 16, ks: [2, 10], fits, sets: 60, seed: 3 })
      const small = fittedExactCurve({ n: 1e3, d: 16, ks: [2, 10], fits, sets: 60, seed: 3 })
      big.forEach((p, i) => {
        expect(Number.isFinite(p.consistency)).toBe(true)
        expect(p.ciLow).toBeGreaterThanOrEqual(0)
        expect(p.ciHigh).toBeLessThanOrEqual(1)
        expect(p.consistency).toBeLessThanOrEqual(small[i]!.consistency)
      })
    }
  })

  // Brute-force simulation with the real engine: catalogues drawn from the same fitted laws.
  const engine = loadEngine()
  for (const [name, fits] of [
    ['per-dimension, mixed families', perDim],
    ['pooled variance-gamma', pooledVg],
    ['pooled beta', pooledBeta],
  ] as const)
    it(`agrees with simulation (${name}; N=1000, d=16, k=2,5; |z| <= 3)`, async () => {
      const d = 16
      const all = fits.length === 1 ? Array.from({ length: d }, () => fits[0]!) : fits
      const ks = [2, 5]
      const means: number[][] = ks.map(() => [])
      for (let c = 0; c < 10; c++) {
        const e = sampleFitted(all, 1000, 500 + c)
        const points = await estimateConsistency(e, { ks, engine, samples: 400, seed: c })
        points.forEach((p, i) => means[i]!.push(p.mean))
      }
      const exact = fittedExactCurve({ n: 1000, d, ks, fits, sets: 4000, seed: 1 })
      ks.forEach((k, i) => {
        const ms = means[i]!
        const mean = ms.reduce((s, v) => s + v, 0) / ms.length
        const se = Math.sqrt(ms.reduce((s, v) => s + (v - mean) ** 2, 0) / (ms.length - 1) / ms.length)
        const x = exact[i]!
        const seX = x.std / Math.sqrt(x.sets)
        const z = (x.consistency - mean) / Math.hypot(seX, se)
        console.log(
          `${name} k=${k}: exact ${x.consistency.toFixed(4)} ± ${seX.toFixed(4)}, sim ${mean.toFixed(4)} ± ${se.toFixed(4)}, z=${z.toFixed(2)}`,
        )
        expect(Math.abs(z)).toBeLessThanOrEqual(3)
      })
    })
})
