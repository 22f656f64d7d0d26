import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveNpy } from '../../src/io/index.js'
import { generate } from '../../src/synthetic/index.js'
import { lawMoments, measureDimMoments, measureMoments, parseLaw, theoryCurve } from '../../src/theory/index.js'
import { avgcon, tempDir } from '../helpers/cli.js'
import { describeBadInput, type BadCase } from './spawn.js'

const { dir, cleanup } = tempDir()
const file = (name: string) => join(dir, name)
// A skewed law with a non-zero mean, so pooled and per-dimension moments differ from N(0,1).
const ITEMS = generate('beta(2,5)', 400, 12, 3)

beforeAll(async () => {
  await saveNpy(file('items.npy'), ITEMS)
})
afterAll(cleanup)

const json = (args: string[]) => {
  const r = avgcon(['theory', ...args, '--json'])
  expect(r.stderr).toBe('')
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout)
}

describe('avgcon theory', () => {
  it('--method prop2 prints a table of k, consistency and P(in>out), then the moments used', () => {
    const r = avgcon(['theory', '--n', '1e6', '--d', '128', '--law', 'normal', '--k', '2..5', '--method', 'prop2'])
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^k\s+consistency\s+P\(in>out\)$/)
    expect(lines.slice(2, 6).map((l) => l.trim().split(/\s+/)[0])).toEqual(['2', '3', '4', '5'])
    expect(lines.at(-1)).toBe('normal(0,1): mean 0, std 1, skewness 0, kurtosis 3; N=1,000,000, d=128.')
  })

  it('--json holds exactly theoryCurve for the same inputs, with settings and moments', () => {
    const j = json(['--n', '1e6', '--d', '128', '--law', 'uniform(-1,1)', '--k', '2..50', '--method', 'prop2'])
    const ks = Array.from({ length: 49 }, (_, i) => i + 2)
    const moments = lawMoments(parseLaw('uniform(-1,1)'))
    expect(j.results).toEqual(theoryCurve({ n: 1e6, d: 128, ks, moments }))
    expect(j).toMatchObject({
      command: 'theory',
      settings: { n: 1_000_000, d: 128, k: ks, source: 'law', law: 'uniform(-1,1)', perDim: false },
    })
    expect(j.moments).toEqual({ source: 'law', law: 'uniform(-1,1)', perDimension: false, ...moments })
    expect(j.method).toBe('prop2')
    expect(j.note).toBeUndefined()
    for (const p of j.results) expect(Object.keys(p).sort()).toEqual(['consistency', 'k', 'pInOut'])
    expect(typeof j.seconds).toBe('number')
  })

  it('--moments gives the same curve as the law with those moments', () => {
    const a = json(['--n', '5000', '--d', '64', '--k', '2,10,40', '--moments', '0,1,0,1', '--method', 'prop2'])
    const b = json(['--n', '5000', '--d', '64', '--k', '2,10,40', '--law', 'rademacher', '--method', 'prop2'])
    expect(a.results).toEqual(b.results)
    expect([a.method, a.note]).toEqual(['prop2', undefined])
    expect([b.method, b.note]).toEqual(['prop2', undefined])
    const c = json(['--n', '5000', '--d', '64', '--k', '2,10,40', '--law', 'student-t(10)', '--sets', '50'])
    expect([c.method, c.note]).toEqual(['exact', undefined])
    expect(a.moments).toEqual({ source: 'moments', perDimension: false, mean: 0, std: 1, skewness: 0, kurtosis: 1 })
  })

  it('--from FILE measures pooled moments and takes N and d from the file', () => {
    const j = json(['--from', file('items.npy'), '--k', '2..6', '--method', 'prop2'])
    const moments = measureMoments(ITEMS)
    expect(j.input).toMatchObject({ file: 'items.npy', n: 400, d: 12 })
    expect(j.settings).toMatchObject({ n: 400, d: 12, source: 'file', perDim: false })
    expect(j.moments).toEqual({ source: 'file', perDimension: false, ...moments })
    expect(j.results).toEqual(theoryCurve({ n: 400, d: 12, ks: [2, 3, 4, 5, 6], moments }))
  })

  it('--from FILE --per-dim uses one law per dimension and reports a summary plus the arrays', () => {
    const j = json(['--from', file('items.npy'), '--per-dim', '--n', '1e5', '--k', '2,8', '--method', 'prop2'])
    const dm = measureDimMoments(ITEMS)
    expect(j.moments.perDimension).toBe(true)
    expect(j.moments.dims.mean).toEqual(Array.from(dm.mean))
    expect(j.moments.dims.kurtosis).toHaveLength(12)
    expect(j.moments).toMatchObject({
      source: 'file',
      std: expect.any(Number),
      skewness: expect.any(Number),
      kurtosis: expect.any(Number),
    })
    expect(j.results).toEqual(theoryCurve({ n: 1e5, d: 12, ks: [2, 8], dimMoments: dm }))
    const pooled = json(['--from', file('items.npy'), '--n', '1e5', '--k', '2,8', '--method', 'prop2'])
    expect(j.results[1].consistency).not.toBe(pooled.results[1].consistency)
  })

  it('writes --csv, --out and --plot', () => {
    const r = avgcon(['theory', '--d', '32', '--n', '1000', '--k', '2,3', '--method', 'prop2', '--csv'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.split('\n')[0]).toBe('k,consistency,pInOut')
    expect(r.stdout.trim().split('\n')).toHaveLength(3)
    const out = file('theory.json'),
      plot = file('theory.svg')
    expect(avgcon(['theory', '--k', '2..10', '--out', out, '--plot', plot]).code).toBe(0)
    expect(JSON.parse(readFileSync(out, 'utf8')).command).toBe('theory')
    expect(readFileSync(plot, 'utf8')).toMatch(/^<svg/)
  })

  it('prints help with examples', () => {
    const r = avgcon(['theory', '--help'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('Examples:')
    expect(r.stdout).toMatch(/exact: .*\n[\s\S]*prop2: /)
  })
})

describe('avgcon theory on moments: the exact method', () => {
  it('--moments and --from default to the exact method through a fitted law, named in the JSON', () => {
    const m = json(['--n', '5000', '--d', '16', '--k', '2,5', '--moments', '0.1,2,0.5,4', '--sets', '100'])
    expect(m.method).toBe('exact')
    expect(m.moments.fitted).toMatchObject({ family: 'variance-gamma', moments: { skewness: 0.5, kurtosis: 4 } })
    // The two-point bound: the nearest beta, with a note.
    const r = json(['--n', '5000', '--d', '16', '--k', '2,5', '--moments', '0,1,0,1', '--sets', '100'])
    expect(r.moments.fitted.family).toBe('beta')
    expect(r.note).toMatch(/two-point bound .* nearest admissible law, beta with kurtosis 1\.03/)
    const f = json(['--from', file('items.npy'), '--per-dim', '--k', '2,5', '--sets', '100'])
    expect(f.method).toBe('exact')
    const counts = f.moments.fitted.counts as Record<string, number>
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(12)
    for (const p of f.results) expect(p.consistency).toBeGreaterThan(0)
  })
})

const BAD: BadCase[] = [
  ['impossible --moments', ['--moments', '0,1,1,1.9'], /--moments.*below 1 \+ skewness\^2/],
  ['an unknown --method', ['--method', 'mc'], /--method: "mc" is not a method; use exact or prop2/],
  ['--sets with prop2', ['--method', 'prop2', '--sets', '100'], /--sets only applies to --method exact/],
  ['--sets below 2', ['--sets', '1'], /--sets: "1" must be a whole number/],
  ['non-integer N', ['--n', '1.5'], /--n: "1\.5" must be a whole number/],
  ['negative N', ['--n', '-3'], /--n: "-3" must be a whole number/],
  ['non-integer d', ['--d', '2.5'], /--d: "2\.5" must be a whole number/],
  ['d = 0', ['--d', '0'], /--d: "0" must be a whole number of at least 1/],
  ['non-integer k', ['--k', '2.5'], /--k: cannot read "2\.5"/],
  ['k = 0', ['--k', '0..3'], /k.*0.*(below 1|positive integer)/],
  ['k > N', ['--n', '10', '--k', '2..11'], /k = 11 exceeds N = 10/],
  ['an unknown law', ['--law', 'cauchy'], /unknown law "cauchy"/],
  ['kurtosis < 1', ['--moments', '0,1,0,0.5'], /kurtosis 0\.5 is below 1/],
  ['a negative std', ['--moments', '0,-1,0,3'], /--moments "0,-1,0,3": std must be positive, got -1\./],
  ['student-t with nu <= 4', ['--law', 'student-t(4)'], /student-t\(4\).*nu > 4/],
  ['malformed --moments', ['--moments', '0,1,0'], /--moments: "0,1,0" must be four numbers/],
  ['two sources of moments', ['--law', 'normal', '--moments', '0,1,0,3'], /one source of moments/],
  ['--per-dim without a file', ['--per-dim'], /--per-dim only applies/],
  ['a missing file', ['--from', 'nope.npy'], /nope\.npy/],
]
describeBadInput('theory', BAD, dir)
