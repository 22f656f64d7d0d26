import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import {
  expectedConsistency,
  pInOut,
  scoreMoments,
  theoryCurve,
  type DimMoments,
  type Moments,
} from '../../src/theory/index.js'

const N01: Moments = { mean: 0, std: 1, skewness: 0, kurtosis: 3 }
const dims = (d: number, over: Partial<Record<keyof DimMoments, Float64Array>> = {}): DimMoments => ({
  mean: new Float64Array(d),
  std: new Float64Array(d).fill(1),
  skewness: new Float64Array(d),
  kurtosis: new Float64Array(d).fill(3),
  ...over,
})

describe('bad input is an InputError with one clear sentence', () => {
  const cases: Array<[string, () => unknown, string]> = [
    [
      'negative N',
      () => theoryCurve({ n: -5, d: 8, ks: [2], moments: N01 }),
      'theory: N must be a positive integer, got -5.',
    ],
    [
      'non-integer N',
      () => theoryCurve({ n: 2.5, d: 8, ks: [2], moments: N01 }),
      'theory: N must be a positive integer, got 2.5.',
    ],
    [
      'zero d',
      () => theoryCurve({ n: 10, d: 0, ks: [2], moments: N01 }),
      'theory: d must be a positive integer, got 0.',
    ],
    ['non-integer d', () => pInOut({ d: 1.5, k: 2, moments: N01 }), 'theory: d must be a positive integer, got 1.5.'],
    [
      'zero k',
      () => theoryCurve({ n: 10, d: 8, ks: [0], moments: N01 }),
      'theory: k must be a positive integer, got 0.',
    ],
    [
      'non-integer k',
      () => scoreMoments({ d: 8, k: 2.5, moments: N01 }),
      'theory: k must be a positive integer, got 2.5.',
    ],
    [
      'k > N',
      () => expectedConsistency({ n: 10, d: 8, k: 12, moments: N01 }),
      'theory: k = 12 exceeds N = 10; a set cannot hold more items than there are.',
    ],
    [
      'kurtosis < 1',
      () => pInOut({ d: 8, k: 2, moments: { ...N01, kurtosis: 0.5 } }),
      "theory: kurtosis 0.5 is below 1; no law has a (non-excess) kurtosis under 1, Rademacher's is exactly 1.",
    ],
    [
      'kurtosis < 1 + skewness^2',
      () => pInOut({ d: 8, k: 2, moments: { ...N01, skewness: 1, kurtosis: 1.5 } }),
      "theory: kurtosis 1.5 is below 1 + skewness^2 = 2; no law has such moments (Pearson's inequality).",
    ],
    ['std 0', () => pInOut({ d: 8, k: 2, moments: { ...N01, std: 0 } }), 'theory: std must be positive, got 0.'],
    [
      'NaN mean',
      () => pInOut({ d: 8, k: 2, moments: { ...N01, mean: NaN } }),
      'theory: mean must be a finite number, got NaN.',
    ],
    [
      'per-dimension kurtosis',
      () => pInOut({ d: 3, k: 2, dimMoments: dims(3, { kurtosis: Float64Array.of(3, 0.9, 3) }) }),
      "theory: kurtosis 0.9 is below 1, dimension 2; no law has a (non-excess) kurtosis under 1, Rademacher's is exactly 1.",
    ],
    [
      'per-dimension length vs d',
      () => pInOut({ d: 4, k: 2, dimMoments: dims(3) }),
      'theory: per-dimension moments have 3 dimensions but d = 4.',
    ],
    [
      'per-dimension ragged',
      () => pInOut({ d: 3, k: 2, dimMoments: dims(3, { std: new Float64Array(2).fill(1) }) }),
      'theory: per-dimension moments have different lengths (mean 3, std 2, skewness 3, kurtosis 3).',
    ],
    [
      'all dimensions constant',
      () => pInOut({ d: 2, k: 2, dimMoments: dims(2, { std: new Float64Array(2) }) }),
      'theory: every dimension has std 0; scores would not vary, so the theory is undefined.',
    ],
    [
      'both moment kinds',
      () => pInOut({ d: 2, k: 2, moments: N01, dimMoments: dims(2) } as never),
      'theory: give either pooled moments or per-dimension moments, not both.',
    ],
    [
      'no moments',
      () => pInOut({ d: 2, k: 2 } as never),
      'theory: no moments given; pass pooled moments or per-dimension moments.',
    ],
  ]
  for (const [name, call, message] of cases) {
    it(name, () => {
      expect(call).toThrow(InputError)
      expect(call).toThrow(message)
    })
  }
  it('accepts the extreme valid laws: Rademacher (K = 1) and a two-point law on the Pearson bound', () => {
    expect(pInOut({ d: 8, k: 2, moments: { mean: 0, std: 1, skewness: 0, kurtosis: 1 } })).toBeGreaterThan(0.5)
    expect(
      pInOut({ d: 8, k: 2, moments: { mean: 0.9, std: 1.3747727, skewness: 0.8728716, kurtosis: 1 + 0.8728716 ** 2 } }),
    ).toBeGreaterThan(0.5)
  })
  it('accepts a constant dimension among varying ones', () => {
    expect(
      pInOut({ d: 2, k: 2, dimMoments: dims(2, { std: Float64Array.of(0, 1), kurtosis: Float64Array.of(0, 3) }) }),
    ).toBeGreaterThan(0.5)
  })
})
