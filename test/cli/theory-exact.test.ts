/**
 * `avgcon theory --method exact` end to end (built CLI): the Rao-Blackwellised curve
 * against the real estimator on a generated catalogue, against Proposition 2 where that
 * is accurate, and at N = 1e12 where no simulation can go.
 */
import { describe, expect, it } from 'vitest'
import type { ExactPoint } from '../../src/theory/exact/consistency.js'
import { avgcon } from '../helpers/cli.js'

const json = (args: string[]) => {
  const r = avgcon([...args, '--json'])
  expect(r.stderr).toBe('')
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout)
}

function expectSane(points: ExactPoint[], sets: number): void {
  for (const p of points) {
    expect(Number.isFinite(p.consistency), `k=${p.k}`).toBe(true)
    expect(p.consistency).toBeGreaterThanOrEqual(0)
    expect(p.consistency).toBeLessThanOrEqual(1)
    expect(p.ciLow).toBeLessThanOrEqual(p.consistency)
    expect(p.ciHigh).toBeGreaterThanOrEqual(p.consistency)
    expect(p.sets).toBe(sets)
  }
}

describe('avgcon theory --method exact', () => {
  it('is the default for the normal law: table with a 95% CI and the number of sets', () => {
    const r = avgcon(['theory', '--n', '1e4', '--d', '32', '--k', '2,5', '--sets', '300'])
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^k\s+consistency\s+95% CI\s+sets$/)
    expect(lines[2]).toMatch(/^2\s+0\.\d{4}\s+\[0\.\d{4}, [01]\.\d{4}\]\s+300$/)
    expect(lines.at(-1)).toMatch(/^Exact method; normal\(0,1\).*; N=10,000, d=32\.$/)
  })

  it('matches the estimator on a generated normal catalogue within |z| <= 3 (N=1000, d=16)', () => {
    const common = ['--n', '1000', '--d', '16', '--k', '2,5,10']
    const exact = json(['theory', ...common, '--method', 'exact', '--sets', '20000', '--seed', '4'])
    const est = json(['estimate', '--synthetic', 'normal', ...common, '--samples', '20000', '--quiet'])
    expect(exact.method).toBe('exact')
    expect(exact.settings).toMatchObject({ n: 1000, d: 16, k: [2, 5, 10], sets: 20000, seed: 4, law: 'normal(0,1)' })
    expectSane(exact.results, 20000)
    exact.results.forEach((p: ExactPoint, i: number) => {
      const e = est.results[i] as { k: number; mean: number; std: number; n: number }
      expect(e.k).toBe(p.k)
      // Independent runs: the difference's standard error is the root sum of squares.
      const se = Math.hypot(p.std / Math.sqrt(p.sets), e.std / Math.sqrt(e.n))
      expect(Math.abs(p.consistency - e.mean) / se, `k=${p.k}`).toBeLessThanOrEqual(3)
    })
  })

  it('agrees with Proposition 2 within 0.05 where that is accurate (N=1e4, d=128, k=2..5)', () => {
    const common = ['theory', '--n', '1e4', '--d', '128', '--k', '2..5']
    const exact = json([...common, '--sets', '2000'])
    const prop2 = json([...common, '--method', 'prop2'])
    expect([exact.method, prop2.method]).toEqual(['exact', 'prop2'])
    expectSane(exact.results, 2000)
    exact.results.forEach((p: ExactPoint, i: number) => {
      expect(Math.abs(p.consistency - prop2.results[i].consistency), `k=${p.k}`).toBeLessThanOrEqual(0.05)
    })
  })

  it('is finite and in [0, 1] at N = 1e12, for normal and Laplace', () => {
    for (const law of ['normal', 'laplace']) {
      const j = json(['theory', '--n', '1e12', '--d', '128', '--law', law, '--k', '2,5,50', '--sets', '100'])
      expect(j.settings.n).toBe(1e12)
      expectSane(j.results, 100)
      // k = 2 of 1e12 is still found sometimes; k = 50 almost never.
      expect(j.results[0].consistency).toBeGreaterThan(j.results[2].consistency)
    }
  })

  it('the same seed gives the same curve, another seed a different one', () => {
    const run = (seed: string) => json(['theory', '--n', '1e5', '--k', '3', '--sets', '200', '--seed', seed]).results
    expect(run('7')).toEqual(run('7'))
    expect(run('8')[0].consistency).not.toBe(run('7')[0].consistency)
  })

  it('every named law defaults to the exact method, with no note', () => {
    for (const law of ['normal', 'uniform(-1,1)', 'laplace', 'rademacher', 'beta(2,2)', 'student-t(10)']) {
      const j = json(['theory', '--n', '1e4', '--d', '16', '--law', law, '--k', '2', '--sets', '50'])
      expect([law, j.method, j.note]).toEqual([law, 'exact', undefined])
    }
  })

  it('names the law fitted to explicit moments under the table', () => {
    const r = avgcon(['theory', '--moments', '0,1,0,6', '--n', '1e5', '--d', '16', '--k', '2', '--sets', '50'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('Fitted law: variance-gamma (lambda 1, beta 0, sigma 1, mu 0).')
  })

  it('--csv carries the CI and the sets', () => {
    const r = avgcon(['theory', '--n', '1e5', '--d', '16', '--k', '2,3', '--sets', '50', '--csv'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.split('\n')[0]).toBe('k,consistency,ciLow,ciHigh,std,sets')
    expect(r.stdout.trim().split('\n')).toHaveLength(3)
  })
})
