import type { PairwisePoint } from '../../src/theory/pairwise.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveNpy } from '../../src/io/index.js'
import { generate } from '../../src/synthetic/index.js'
import { lawMoments, measureMoments, parseLaw, pInOut } from '../../src/theory/index.js'
import { avgcon, tempDir } from '../helpers/cli.js'
import { describeBadInput, type BadCase } from './spawn.js'

const { dir, cleanup } = tempDir()
const file = (name: string) => join(dir, name)
const ITEMS = generate('laplace(0.2,1)', 600, 24, 9)

beforeAll(async () => {
  await saveNpy(file('items.npy'), ITEMS)
})
afterAll(cleanup)

type Point = PairwisePoint

function run(args: string[]): { results: Point[]; [key: string]: unknown } {
  const r = avgcon(['pairwise', ...args, '--json'])
  expect(r.stderr).toBe('')
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout)
}

/**
 * The closed form treats s(u, mu_U) - s(v, mu_U) as normal with its exact mean and
 * variance, so only the shape is approximated. Measured with 200,000 draws per k
 * (N = 20,000, k = 5..50): the closed form is low by at most 0.0025 at d = 128 and
 * 0.0017 at d = 256 for normal, uniform(-1,1) and rademacher (laplace: 0.005 and
 * 0.0023). The rule here, at d = 256: |closed form - empirical| <= the Wilson
 * 95% CI half-width on the empirical side + APPROX, APPROX = 0.005.
 */
describe('avgcon pairwise: empirical frequency vs closed form at d = 256', () => {
  const APPROX = 0.005
  for (const law of ['normal', 'rademacher']) {
    it(law, () => {
      const j = run(['--synthetic', law, '--n', '5000', '--d', '256', '--k', '10,30,50', '--pairs', '20000'])
      const moments = lawMoments(parseLaw(law))
      for (const p of j.results) {
        expect(p.closedForm).toBe(pInOut({ d: 256, k: p.k, moments }))
        expect(p.empirical).toBeCloseTo((p.wins + p.ties / 2) / p.pairs, 12)
        const half = p.closedForm >= p.empirical ? p.ciHigh - p.empirical : p.empirical - p.ciLow
        expect({ k: p.k, ok: Math.abs(p.closedForm - p.empirical) <= half + APPROX }).toEqual({ k: p.k, ok: true })
      }
      expect(j.results.at(-1)!.closedForm).toBeLessThan(0.96) // k = 50 is a real test, not a 1 vs 1
    })
  }
})

describe('avgcon pairwise output', () => {
  it('prints a table per k, the largest gap and the moments used', () => {
    const r = avgcon(['pairwise', file('items.npy'), '--k', '2..4', '--pairs', '500'])
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^k\s+closed form\s+empirical\s+95% CI\s+gap$/)
    expect(lines.slice(2, 5).map((l) => l.trim().split(/\s+/)[0])).toEqual(['2', '3', '4'])
    expect(r.stdout).toMatch(/largest \|closed form - empirical\| = \d\.\d{4} \(k=\d\)/)
    expect(lines.at(-1)).toMatch(/^closed form from pooled moments of the file: mean /)
  })

  it('--json from a file: pooled moments measured on it, results and input', () => {
    const j = run([file('items.npy'), '--k', '2,5', '--pairs', '300', '--seed', '2'])
    const moments = measureMoments(ITEMS)
    expect(j).toMatchObject({
      command: 'pairwise',
      settings: { k: [2, 5], pairs: 300, seed: 2 },
      input: { file: 'items.npy', n: 600, d: 24 },
    })
    expect(j.moments).toEqual({ source: 'file', perDimension: false, ...moments })
    expect(j.results.map((p) => p.closedForm)).toEqual([2, 5].map((k) => pInOut({ d: 24, k, moments })))
    for (const p of j.results) {
      expect(Object.keys(p).sort()).toEqual([
        'ciHigh',
        'ciLow',
        'closedForm',
        'empirical',
        'k',
        'pairs',
        'ties',
        'wins',
      ])
      expect(p.ciLow).toBeLessThanOrEqual(p.empirical)
      expect(p.ciHigh).toBeGreaterThanOrEqual(p.empirical)
    }
  })

  it('counts ties of a discrete law as one half', () => {
    const [p] = run(['--synthetic', 'rademacher', '--n', '200', '--d', '4', '--k', '3', '--pairs', '2000']).results
    expect(p!.ties).toBeGreaterThan(0)
    expect(p!.empirical).toBeCloseTo((p!.wins + p!.ties / 2) / 2000, 12)
  })

  it('is reproducible for a seed and a k does not depend on the other k listed', () => {
    const a = run([file('items.npy'), '--k', '7', '--pairs', '400']).results[0]
    const b = run([file('items.npy'), '--k', '3,7', '--pairs', '400']).results[1]
    expect(b).toEqual(a)
  })

  it('writes --csv and --plot', () => {
    const plot = file('pairwise.svg')
    const r = avgcon(['pairwise', file('items.npy'), '--k', '2,3', '--pairs', '100', '--csv', '--plot', plot])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.split('\n')[0]).toBe('k,closedForm,empirical,ciLow,ciHigh,pairs,wins,ties')
    expect(readFileSync(plot, 'utf8')).toMatch(/^<svg/)
    expect(avgcon(['pairwise', '--help']).stdout).toContain('Examples:')
  })
})

const BAD: BadCase[] = [
  ['a missing file', [file('missing.npy')], /missing\.npy.*no such file/i],
  ['no input', [], /no embeddings given/],
  [
    'a file and --synthetic',
    [file('items.npy'), '--synthetic', 'normal', '--n', '10', '--d', '2'],
    /either an embeddings file or --synthetic/,
  ],
  ['an unknown law', ['--synthetic', 'cauchy', '--n', '10', '--d', '2'], /unknown law "cauchy"/],
  [
    'k = N',
    ['--synthetic', 'normal', '--n', '10', '--d', '2', '--k', '2..10'],
    /k=10 leaves no item outside the set \(N=10\)/,
  ],
  ['non-integer N', ['--synthetic', 'normal', '--n', '1.5', '--d', '2'], /--n: "1\.5" must be a whole number/],
  ['--pairs 0', [file('items.npy'), '--pairs', '0'], /--pairs: "0" must be a whole number of at least 1/],
  ['non-integer k', [file('items.npy'), '--k', '2.5'], /--k: cannot read "2\.5"/],
]
describeBadInput('pairwise', BAD, dir)
