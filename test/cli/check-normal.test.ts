import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { lawMoments, parseLaw } from '../../src/theory/index.js'
import { avgcon, tempDir } from '../helpers/cli.js'
import { describeBadInput, type BadCase } from './spawn.js'
import type { CheckNormalPoint } from '../../src/runs/check-normal.js'

const { dir, cleanup } = tempDir()
afterAll(cleanup)

type Point = CheckNormalPoint

/**
 * Exact standard errors of the sample mean and sample variance of P independent
 * copies of Z = <X, Y> = sum_j W_j, W_j = X_j Y_j, X and Y with i.i.d. coordinates:
 * Var Z = d v, v = s^4 + 2 s^2 m^2; the 4th central moment of Z is d mu4(W) + 3 d (d-1) v^2;
 * SE(mean) = sqrt(Var Z / P), SE(variance) = sqrt((mu4(Z) - Var Z^2) / P) to first order.
 * mu4(W) comes from the raw moments of X: E[W^j] = E[X^j]^2.
 */
function exactStandardErrors(law: string, d: number, pairs: number): { seMean: number; seVariance: number } {
  const { mean: m, std: s, skewness: g, kurtosis: K } = lawMoments(parseLaw(law))
  const raw = [
    1,
    m,
    s * s + m * m,
    g * s ** 3 + 3 * m * s * s + m ** 3,
    K * s ** 4 + 4 * m * g * s ** 3 + 6 * m * m * s * s + m ** 4,
  ]
  const w = raw.map((x) => x * x) // raw moments of W
  const c = m * m
  const mu4W = w[4]! - 4 * c * w[3]! + 6 * c * c * w[2]! - 3 * c ** 4
  const v = s ** 4 + 2 * s * s * m * m
  const varZ = d * v
  const mu4Z = d * mu4W + 3 * d * (d - 1) * v * v
  return { seMean: Math.sqrt(varZ / pairs), seVariance: Math.sqrt((mu4Z - varZ * varZ) / pairs) }
}

function run(args: string[]): { results: Point[]; [key: string]: unknown } {
  const r = avgcon(['check-normal', ...args, '--json'])
  expect(r.stderr).toBe('')
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout)
}

/**
 * Empirical moments against the exact ones, within 5 exact standard errors (a correct
 * program fails one check with probability 6e-7; the seeds are fixed anyway), and the
 * KS distance falling with d towards its sampling floor (~0.83/sqrt(P) = 0.006-0.009 here).
 */
describe('avgcon check-normal: empirical moments of <X_i, X_j> match d m^2 and d (s^4 + 2 s^2 m^2)', () => {
  // The paper's three laws (beta's sampler is ~15x slower than the others: fewer draws).
  const cases: [string, number[], number][] = [
    ['uniform01', [2, 32, 128], 20_000],
    ['normal(0.5,1)', [2, 32, 128], 20_000],
    ['beta(2,2)', [2, 128], 8000],
  ]
  for (const [law, dims, PAIRS] of cases) {
    it(law, () => {
      const j = run(['--law', law, '--d', dims.join(','), '--pairs', String(PAIRS)])
      const { mean: m, std: s } = lawMoments(parseLaw(law))
      expect(j.results.map((p) => p.dim)).toEqual(dims)
      for (const p of j.results) {
        expect(p.pairs).toBe(PAIRS)
        expect(p.theoryMean).toBeCloseTo(p.dim * m * m, 12)
        expect(p.theoryVariance).toBeCloseTo(p.dim * (s ** 4 + 2 * s * s * m * m), 12)
        const se = exactStandardErrors(law, p.dim, PAIRS)
        expect(Math.abs(p.mean - p.theoryMean)).toBeLessThanOrEqual(5 * se.seMean)
        expect(Math.abs(p.variance - p.theoryVariance)).toBeLessThanOrEqual(5 * se.seVariance)
        // The program's own standard errors (from the sample) agree with the exact ones.
        expect(p.seVariance / se.seVariance).toBeGreaterThan(0.8)
        expect(p.seVariance / se.seVariance).toBeLessThan(1.25)
      }
      const ks = j.results.map((p) => p.ks)
      expect(ks[0]).toBeGreaterThan(ks.at(-1)!)
      expect(ks.at(-1)).toBeLessThan(0.03)
    })
  }
})

describe('avgcon check-normal output', () => {
  it('prints one row per d and explains the KS distance', () => {
    const r = avgcon(['check-normal', '--d', '2,10', '--pairs', '1000'])
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^\s*d\s+mean\s+theory mean\s+variance\s+theory variance\s+KS distance$/)
    expect(lines.slice(2, 4).map((l) => l.trim().split(/\s+/)[0])).toEqual(['2', '10'])
    expect(r.stdout).toMatch(/with 1,000 pairs, sampling noise alone gives about 0\.026/)
  })

  it('says when a discrete law puts the inner products on a lattice (and plots one bar per lattice point)', () => {
    const plot = join(dir, 'lattice.svg')
    const r = avgcon(['check-normal', '--law', 'rademacher', '--d', '4', '--pairs', '500', '--plot', plot])
    expect(r.stdout).toMatch(/This law is discrete/)
    expect(avgcon(['check-normal', '--d', '4', '--pairs', '500']).stdout).not.toMatch(/discrete/)
    // d = 4: <X, Y> in {-4, -2, 0, 2, 4}, so five bars.
    expect(readFileSync(plot, 'utf8').match(/aria-label="[^"]*; density: [\d.]+; x1: [^"]*"/g)).toHaveLength(5)
  })

  it('--json has settings and the law moments; --csv and --plot are written', () => {
    const j = run(['--law', 'uniform01', '--d', '4', '--pairs', '500', '--seed', '3'])
    expect(j).toMatchObject({
      command: 'check-normal',
      settings: { law: 'uniform(0,1)', dims: [4], pairs: 500, seed: 3 },
      moments: { mean: 0.5 },
    })
    expect(Object.keys(j.results[0]!).sort()).toEqual([
      'dim',
      'ks',
      'mean',
      'pairs',
      'seMean',
      'seVariance',
      'theoryMean',
      'theoryVariance',
      'variance',
    ])
    const plot = join(dir, 'fig1.svg')
    const r = avgcon(['check-normal', '--d', '2,8', '--pairs', '2000', '--csv', '--plot', plot])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.split('\n')[0]).toBe('dim,pairs,mean,seMean,theoryMean,variance,seVariance,theoryVariance,ks')
    expect(readFileSync(plot, 'utf8')).toMatch(/^<svg/)
  })

  it('is reproducible for a seed and independent of the other d listed', () => {
    const a = run(['--d', '8', '--pairs', '3000']).results[0]
    const b = run(['--d', '2,8', '--pairs', '3000']).results[1]
    expect(b).toEqual(a)
  })

  it('prints help with examples', () => {
    expect(avgcon(['check-normal', '--help']).stdout).toContain('Examples:')
  })
})

const BAD: BadCase[] = [
  ['an unknown law', ['--law', 'cauchy'], /unknown law "cauchy"/],
  ['d = 0', ['--d', '2,0'], /--d: "0" must be a whole number of at least 1/],
  ['non-integer d', ['--d', '1.5'], /--d: "1\.5" must be a whole number/],
  ['--pairs 1', ['--pairs', '1'], /--pairs: "1" must be a whole number of at least 2/],
  ['infinite variance', ['--law', 'student-t(2)'], /infinite variance/],
]
describeBadInput('check-normal', BAD, dir)
