import { describe, expect, it } from 'vitest'
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf'
import gammaln from '@stdlib/math-base-special-gammaln'
import normalCdf from '@stdlib/stats-base-dists-normal-cdf'
import { InputError } from '../../src/errors.js'
import { generate } from '../../src/synthetic/index.js'
import { lawMoments, measureDimMoments, parseLaw, type Law } from '../../src/theory/index.js'

/** Central moments mu_0..mu_8 of a law (mu_0 = 1, mu_1 = 0), from closed forms. */
function centralMoments(law: Law): number[] {
  const even = (f: (r: number) => number): number[] => Array.from({ length: 9 }, (_, r) => (r % 2 ? 0 : f(r / 2)))
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1))
  switch (law.kind) {
    case 'normal':
      return even((r) => (fact(2 * r) / (2 ** r * fact(r))) * law.std ** (2 * r))
    case 'uniform':
      return even((r) => ((law.high - law.low) / 2) ** (2 * r) / (2 * r + 1))
    case 'rademacher':
      return even(() => 1)
    case 'laplace':
      return even((r) => fact(2 * r) * law.scale ** (2 * r))
    case 'student-t': {
      const nu = law.nu // E T^{2r} = nu^r Gamma(r + 1/2) Gamma(nu/2 - r) / (sqrt(pi) Gamma(nu/2)), nu > 2r
      return even((r) =>
        Math.exp(r * Math.log(nu) + gammaln(r + 0.5) + gammaln(nu / 2 - r) - gammaln(0.5) - gammaln(nu / 2)),
      )
    }
    case 'beta': {
      const { a, b } = law,
        w = law.high - law.low
      const raw = [1]
      for (let r = 1; r <= 8; r++) raw.push((raw[r - 1]! * (a + r - 1)) / (a + b + r - 1))
      const m = raw[1]!
      const choose = (n: number, k: number): number => fact(n) / (fact(k) * fact(n - k))
      return raw.map(
        (_, r) => w ** r * raw.slice(0, r + 1).reduce((s, ej, j) => s + choose(r, j) * ej * (-m) ** (r - j), 0),
      )
    }
  }
}

/**
 * Standard errors of the sample mean, std, skewness and kurtosis of n draws by the
 * delta method: each is a function of the raw sample moments a_1..a_4 of X - mean,
 * whose covariance is (mu_{i+j} - mu_i mu_j) / n. Gradients at a = (0, mu2, mu3, mu4).
 */
function standardErrors(mu: number[], n: number): { mean: number; std: number; skewness: number; kurtosis: number } {
  const [, , m2, m3, m4] = mu as [number, number, number, number, number]
  const cov = (i: number, j: number): number => (mu[i + j]! - mu[i]! * mu[j]!) / n
  const se = (grad: number[]): number => {
    let v = 0
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) v += grad[i]! * grad[j]! * cov(i + 1, j + 1)
    return Math.sqrt(v)
  }
  return {
    mean: Math.sqrt(m2 / n),
    std: se([0, 1 / (2 * Math.sqrt(m2)), 0, 0]),
    skewness: se([-3 / Math.sqrt(m2), (-1.5 * m3) / m2 ** 2.5, 1 / m2 ** 1.5, 0]),
    kurtosis: se([(-4 * m3) / (m2 * m2), (-2 * m4) / m2 ** 3, 0, 1 / (m2 * m2)]),
  }
}

const LAWS = [
  'normal(0.5,2)',
  'uniform(-1,1)',
  'uniform01',
  'rademacher',
  'laplace(0,1)',
  'student-t(10)',
  'beta(2,2)',
  'beta(2,5,-1,1)',
  'beta(0.5,0.5)',
]

describe('measured moments of 1e6 draws match each law within 5 standard errors (delta method)', () => {
  LAWS.forEach((spec, i) => {
    it(spec, () => {
      const law = parseLaw(spec)
      const e = generate(law, 2000, 500, 1000 + i)
      const m = measureDimMoments({ n: e.n * e.d, d: 1, data: e.data }) // all 1e6 values as one sample
      const exact = lawMoments(law)
      const se = standardErrors(centralMoments(law), e.n * e.d)
      for (const key of ['mean', 'std', 'skewness', 'kurtosis'] as const) {
        const got = m[key][0]!
        // 5 first-order SEs, plus 100/n for the second-order terms (O(1/n)). Those carry all
        // of the error when the first-order term vanishes: Rademacher's std is sqrt(1 - mean^2)
        // and its kurtosis 1 + O(mean^2), with mean within 5/sqrt(n): off by at most ~50/n.
        const bound = 5 * se[key] + 100 / (e.n * e.d)
        expect(
          Math.abs(got - exact[key]),
          `${spec} ${key}: ${got} vs ${exact[key]} (5 SE = ${bound})`,
        ).toBeLessThanOrEqual(bound)
      }
    })
  })
})

/** Chi-square goodness of fit on 100 equiprobable cells of the law's cdf; returns the p-value. */
function chiSquareP(data: Float32Array, cdf: (x: number) => number, cells = 100): number {
  const counts = new Float64Array(cells)
  for (const x of data) counts[Math.min(cells - 1, Math.floor(cdf(x) * cells))]! += 1
  const expected = data.length / cells
  let stat = 0
  for (const c of counts) stat += (c - expected) ** 2 / expected
  return 1 - chisquareCdf(stat, cells - 1)
}

describe('shape: chi-square goodness of fit (1e6 draws, 100 cells, p > 1e-4)', () => {
  const cases: Array<[string, (x: number) => number]> = [
    ['normal(0.5,2)', (x) => normalCdf(x, 0.5, 2)],
    ['uniform(-1,1)', (x) => (x + 1) / 2],
    ['laplace(0,1)', (x) => (x < 0 ? 0.5 * Math.exp(x) : 1 - 0.5 * Math.exp(-x))],
    ['beta(2,2)', (x) => x * x * (3 - 2 * x)],
  ]
  cases.forEach(([spec, cdf], i) => {
    it(spec, () => {
      expect(chiSquareP(generate(spec, 1000, 1000, 77 + i).data, cdf)).toBeGreaterThan(1e-4)
    })
  })
  it('normal: the ziggurat tail (|z| > 3.654, the base layer) has the right mass', () => {
    const { data } = generate('normal', 4000, 1000, 99)
    let beyond = 0
    for (const z of data) if (Math.abs(z) > 3.6541528853610088) beyond++
    const p = 2 * (1 - normalCdf(3.6541528853610088, 0, 1))
    const n = data.length
    expect(Math.abs(beyond - n * p)).toBeLessThan(5 * Math.sqrt(n * p * (1 - p)))
  })
})

describe('generate', () => {
  it('is deterministic for a seed, differs across seeds, and extends row by row', () => {
    for (const spec of LAWS) {
      const a = generate(spec, 20, 7, 42),
        b = generate(spec, 20, 7, 42),
        c = generate(spec, 20, 7, 43)
      expect(a.data).toEqual(b.data)
      expect(a.data).not.toEqual(c.data)
      expect(generate(spec, 10, 7, 42).data).toEqual(a.data.subarray(0, 70))
      expect([a.n, a.d, a.data.length]).toEqual([20, 7, 140])
    }
  })
  it('takes a Law value or a spec string', () => {
    expect(generate({ kind: 'uniform', low: 0, high: 1 }, 5, 3, 1).data).toEqual(generate('uniform01', 5, 3, 1).data)
  })
  it('draws Student t with any nu > 0 (only the theory needs nu > 4)', () => {
    expect(generate('student-t(3)', 10, 10, 1).data.every(Number.isFinite)).toBe(true)
  })
  it('rejects bad arguments with one sentence', () => {
    expect(() => generate('cauchy', 2, 2, 1)).toThrow(
      'law: unknown law "cauchy"; known laws: normal, uniform, uniform01, rademacher, laplace, student-t, beta.',
    )
    expect(() => generate('normal', 0, 2, 1)).toThrow('synthetic: N must be a positive integer, got 0.')
    expect(() => generate('normal', 2, 1.5, 1)).toThrow('synthetic: d must be a positive integer, got 1.5.')
    expect(() => generate('normal', 2, 2, 0.5)).toThrow('synthetic: seed must be an integer, got 0.5.')
    expect(() => generate({ kind: 'normal', mean: 0, std: -1 }, 2, 2, 1)).toThrow(InputError)
  })
})
