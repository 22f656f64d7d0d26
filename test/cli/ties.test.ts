import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { avgcon, tempDir } from '../helpers/cli.js'

const { dir, cleanup } = tempDir()
const file = (name: string) => join(dir, name)

beforeAll(() => {
  // Four identical rows: every score ties, so fractional credit gives each 2-set exactly 2 * 2/4 / 2 = 1/2.
  writeFileSync(file('same.csv'), 'a,b\n1,2\n1,2\n1,2\n1,2\n')
  // y is the higher-index copy of x: lower-index ranks x first, a random tie-break half the time.
  writeFileSync(file('copies.csv'), 'id,a,b\nx,2,0\ny,2,0\nz,0,1\n')
  writeFileSync(file('sets.txt'), 'y\n')
})
afterAll(cleanup)

interface Point {
  k: number
  mean: number
  std: number
}

describe('--ties', () => {
  it('estimate: fractional by default, lower-index on request, and the JSON says which', () => {
    const run = (extra: string[]) => {
      const r = avgcon(['estimate', file('same.csv'), '--k', '2', '--samples', '50', '--json', ...extra])
      expect(r.code).toBe(0)
      return JSON.parse(r.stdout) as { ties: string; results: Point[] }
    }
    const fair = run([])
    expect(fair.ties).toBe('fractional')
    expect(fair.results[0]!.mean).toBe(0.5)
    expect(fair.results[0]!.std).toBe(0)
    const lower = run(['--ties', 'lower-index'])
    expect(lower.ties).toBe('lower-index')
    // Lower-index gives {0,1} 1, {2,3} 0 and the rest 1/2: 50 seeded sets are never all of the latter.
    expect(lower.results[0]!.std).toBeGreaterThan(0)
  })

  it('sets: the higher-index copy of a duplicated item gets 1/2 instead of 0', () => {
    const run = (extra: string[]) => {
      const r = avgcon([
        'sets',
        file('copies.csv'),
        '--sets',
        file('sets.txt'),
        '--set-format',
        'lines',
        '--at',
        '1',
        '--json',
        ...extra,
      ])
      expect(r.code).toBe(0)
      return JSON.parse(r.stdout) as { ties: string; sets: { precision: number; precisionAt: number }[] }
    }
    const fair = run([])
    expect(fair.ties).toBe('fractional')
    expect(fair.sets[0]).toMatchObject({ precision: 0.5, precisionAt: 0.5 })
    const lower = run(['--ties', 'lower-index'])
    expect(lower.ties).toBe('lower-index')
    expect(lower.sets[0]).toMatchObject({ precision: 0, precisionAt: 0 })
  })

  it('rejects an unknown rule with exit code 2 and one sentence naming --ties', () => {
    for (const args of [
      ['estimate', file('same.csv'), '--k', '2', '--ties', 'random'],
      ['sets', file('copies.csv'), '--sets', file('sets.txt'), '--ties', 'upper-index'],
    ]) {
      const r = avgcon(args)
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr).toMatch(/^avgcon: --ties: unknown tie rule "[a-z-]+"; use fractional or lower-index\.\n$/)
    }
  })

  it('is documented in one line of --help', () => {
    for (const command of ['estimate', 'sets']) {
      const lines = avgcon([command, '--help'])
        .stdout.split('\n')
        .filter((l) => l.includes('--ties'))
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(/fractional.*lower-index/)
    }
  })
})
