import { describe, expect, it } from 'vitest'
import gammaln from '@stdlib/math-base-special-gammaln'
import {
  formatLaw,
  integrate,
  KNOWN_LAWS,
  lawMoments,
  parseLaw,
  type Law,
  type Moments,
} from '../../src/theory/index.js'
import { expectClose } from '../theory/helpers.js'

describe('parseLaw', () => {
  const cases: Array<[string, Law]> = [
    ['normal', { kind: 'normal', mean: 0, std: 1 }],
    ['normal(0.5,1)', { kind: 'normal', mean: 0.5, std: 1 }],
    [' Normal ( 0.5 , 2 ) ', { kind: 'normal', mean: 0.5, std: 2 }],
    ['uniform', { kind: 'uniform', low: -1, high: 1 }],
    ['uniform(-1,1)', { kind: 'uniform', low: -1, high: 1 }],
    ['uniform01', { kind: 'uniform', low: 0, high: 1 }],
    ['rademacher', { kind: 'rademacher' }],
    ['laplace', { kind: 'laplace', location: 0, scale: 1 }],
    ['laplace(0,1)', { kind: 'laplace', location: 0, scale: 1 }],
    ['student-t(10)', { kind: 'student-t', nu: 10 }],
    ['beta(2,2)', { kind: 'beta', a: 2, b: 2, low: 0, high: 1 }],
    ['beta(2,5,-1,1)', { kind: 'beta', a: 2, b: 5, low: -1, high: 1 }],
  ]
  for (const [spec, law] of cases) {
    it(`parses "${spec}" and formats it back`, () => {
      expect(parseLaw(spec)).toEqual(law)
      expect(parseLaw(formatLaw(law))).toEqual(law)
    })
  }
  it('rejects bad specs with one clear sentence', () => {
    expect(() => parseLaw('gumbel')).toThrow(
      'law: unknown law "gumbel"; known laws: normal, uniform, uniform01, rademacher, laplace, student-t, beta.',
    )
    expect(() => parseLaw('normal(1)')).toThrow('law "normal(1)": normal takes 0 or 2 parameters (mean, std), got 1.')
    expect(() => parseLaw('student-t')).toThrow('law "student-t": student-t takes 1 parameters (nu), got 0.')
    expect(() => parseLaw('normal(0,x)')).toThrow('law "normal(0,x)": parameter "x" is not a finite number.')
    expect(() => parseLaw('normal(0,1')).toThrow(
      'law "normal(0,1": expected a name or name(p1,p2,...), e.g. normal(0,1).',
    )
    expect(() => parseLaw('uniform(1,1)')).toThrow('law uniform(1,1): needs finite bounds with low < high.')
    expect(() => parseLaw('normal(0,-1)')).toThrow('law normal(0,-1): needs a finite mean and a positive finite std.')
    expect(() => parseLaw('beta(0,1)')).toThrow('law beta(0,1): needs positive finite shapes a and b.')
    expect(() => parseLaw('rademacher(1)')).toThrow('law "rademacher(1)": rademacher takes 0 parameters, got 1.')
    expect(KNOWN_LAWS).toContain('uniform01')
  })
})

describe('lawMoments: exact values', () => {
  const cases: Array<[string, Moments]> = [
    ['normal(0.5,2)', { mean: 0.5, std: 2, skewness: 0, kurtosis: 3 }],
    ['uniform(-1,1)', { mean: 0, std: 1 / Math.sqrt(3), skewness: 0, kurtosis: 1.8 }],
    ['uniform01', { mean: 0.5, std: Math.sqrt(1 / 12), skewness: 0, kurtosis: 1.8 }],
    ['rademacher', { mean: 0, std: 1, skewness: 0, kurtosis: 1 }],
    ['laplace(1,2)', { mean: 1, std: 2 * Math.SQRT2, skewness: 0, kurtosis: 6 }],
    ['student-t(10)', { mean: 0, std: Math.sqrt(10 / 8), skewness: 0, kurtosis: 4 }],
    ['beta(2,2)', { mean: 0.5, std: Math.sqrt(1 / 20), skewness: 0, kurtosis: 3 - 6 / 7 }],
  ]
  for (const [spec, m] of cases) {
    it(spec, () => {
      const got = lawMoments(parseLaw(spec))
      for (const key of ['mean', 'std', 'skewness', 'kurtosis'] as const)
        expectClose(got[key], m[key], { rtol: 1e-14, atol: 1e-15 }, key)
    })
  }
  it('refuses a Student t without a finite kurtosis', () => {
    expect(() => lawMoments(parseLaw('student-t(4)'))).toThrow(
      'law student-t(4): infinite kurtosis for nu <= 4; the theory needs nu > 4.',
    )
    expect(() => lawMoments(parseLaw('student-t(2.5)'))).toThrow('infinite kurtosis')
  })
})

/** Moments of a density by quadrature, as an independent check of the closed forms. */
function momentsByQuadrature(pdf: (x: number) => number, pieces: Array<[number, number]>): Moments {
  const raw = (f: (x: number) => number): number =>
    pieces.reduce((s, [a, b]) => s + integrate(f, a, b, { epsAbs: 1e-13, maxIntervals: 4000 }).value, 0)
  const mean = raw((x) => x * pdf(x))
  const mu = (r: number): number => raw((x) => (x - mean) ** r * pdf(x))
  const v = mu(2)
  return { mean, std: Math.sqrt(v), skewness: mu(3) / v ** 1.5, kurtosis: mu(4) / (v * v) }
}

describe('lawMoments against quadrature of the density', () => {
  const betaPdf =
    (a: number, b: number) =>
    (x: number): number =>
      x <= 0 || x >= 1
        ? 0
        : Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) + gammaln(a + b) - gammaln(a) - gammaln(b))
  const tPdf =
    (nu: number) =>
    (x: number): number =>
      Math.exp(
        gammaln((nu + 1) / 2) -
          gammaln(nu / 2) -
          0.5 * Math.log(nu * Math.PI) -
          ((nu + 1) / 2) * Math.log1p((x * x) / nu),
      )
  const cases: Array<[string, (x: number) => number, Array<[number, number]>]> = [
    ['beta(2,5)', betaPdf(2, 5), [[0, 1]]],
    ['beta(3,1.5)', betaPdf(3, 1.5), [[0, 1]]],
    // beta(2,5,-1,1) is 2 B - 1: density (1/2) beta_pdf((x + 1) / 2).
    ['beta(2,5,-1,1)', (x) => 0.5 * betaPdf(2, 5)((x + 1) / 2), [[-1, 1]]],
    [
      'laplace(0.3,0.7)',
      (x) => Math.exp(-Math.abs(x - 0.3) / 0.7) / 1.4,
      [
        [-60, 0.3],
        [0.3, 60],
      ],
    ],
    [
      'student-t(9)',
      tPdf(9),
      [
        [-1e4, -50],
        [-50, 0],
        [0, 50],
        [50, 1e4],
      ],
    ],
  ]
  for (const [spec, pdf, pieces] of cases) {
    it(spec, () => {
      const exact = lawMoments(parseLaw(spec))
      const numeric = momentsByQuadrature(pdf, pieces)
      for (const key of ['mean', 'std', 'skewness', 'kurtosis'] as const)
        expectClose(exact[key], numeric[key], { rtol: 1e-7, atol: 1e-9 }, key)
    })
  }
})
