import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveNpy } from '../../src/io/index.js'
import { rng } from '../../src/rng.js'
import { avgcon, tempDir } from '../helpers/cli.js'

const { dir, cleanup } = tempDir()
const file = (name: string) => join(dir, name)

function npyHeader(descr: string, shape: string): Buffer {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n'
  const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8])
  return Buffer.concat([pre, Buffer.from(header, 'latin1')])
}

beforeAll(async () => {
  const r = rng(5)
  const n = 300,
    d = 16
  await saveNpy(file('items.npy'), { n, d, data: Float32Array.from({ length: n * d }, () => r.normal()) })
  writeFileSync(file('items.csv'), 'id,a,b\nx,1,2\ny,3,4\nz,5,7\nw,1,1\n')
  writeFileSync(file('dup.csv'), 'x,1,2\ny,3,4\nx,5,7\n')
  writeFileSync(file('empty.csv'), '')
  writeFileSync(file('ragged.csv'), '1,2,3\n4,5,6\n7,8\n')
  writeFileSync(file('text.csv'), '1,2,3\n4,oops,6\n')
  writeFileSync(file('nan.csv'), '1,2,3\n4,NaN,6\n')
  writeFileSync(file('inf.csv'), '1,2,3\n4,5,inf\n')
  writeFileSync(file('items.xyz'), '1,2\n')
  writeFileSync(file('int64.npy'), Buffer.concat([npyHeader('<i8', '(2, 2)'), Buffer.alloc(32)]))
  writeFileSync(file('short.npy'), Buffer.concat([npyHeader('<f4', '(10, 4)'), Buffer.alloc(100)]))
  writeFileSync(file('d0.npy'), npyHeader('<f4', '(3, 0)'))
})
afterAll(cleanup)

describe('avgcon estimate', () => {
  it('prints a table of k, consistency, CI and sets', () => {
    const r = avgcon(['estimate', file('items.npy'), '--k', '2..4', '--samples', '100'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^k\s+consistency\s+95% CI\s+std\s+sets$/)
    expect(lines.slice(2).map((l) => l.trim().split(/\s+/)[0])).toEqual(['2', '3', '4'])
  })

  it('prints one results JSON with settings, input and per-k points', () => {
    const r = avgcon([
      'estimate',
      file('items.npy'),
      '--k',
      '2,5',
      '--samples',
      '50',
      '--seed',
      '4',
      '--metric',
      'cosine',
      '--json',
    ])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j).toMatchObject({
      command: 'estimate',
      settings: { k: [2, 5], metric: 'cosine', samples: 50, seed: 4 },
      input: { file: 'items.npy', format: 'npy', n: 300, d: 16 },
    })
    expect(j.results.map((p: { k: number }) => p.k)).toEqual([2, 5])
    for (const p of j.results) expect(Object.keys(p).sort()).toEqual(['ciHigh', 'ciLow', 'k', 'mean', 'n', 'std'])
    expect(j.engine).toMatch(/^native|typescript/)
    expect(typeof j.seconds).toBe('number')
  })

  it('gives the same numbers for the same seed, whatever the thread count', () => {
    const args = ['estimate', file('items.npy'), '--k', '2..6', '--samples', '200', '--csv']
    const one = avgcon([...args, '--threads', '1'])
    const two = avgcon([...args, '--threads', '2'])
    expect(one.code).toBe(0)
    expect(one.stdout).toBe(two.stdout)
    expect(avgcon([...args, '--seed', '1']).stdout).not.toBe(one.stdout)
  })

  it('writes --out atomically in the format its extension names', () => {
    const out = file('result.json')
    const r = avgcon(['estimate', file('items.csv'), '--k', '2', '--samples', '20', '--out', out])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('')
    expect(existsSync(out)).toBe(true)
  })

  it('warns about duplicate ids but runs', () => {
    const r = avgcon(['estimate', file('dup.csv'), '--k', '2', '--samples', '10'])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/warning: .*repeats an id/)
  })

  it('runs on generated embeddings with --synthetic', () => {
    const r = avgcon([
      'estimate',
      '--synthetic',
      'rademacher',
      '--n',
      '500',
      '--d',
      '8',
      '--k',
      '2',
      '--samples',
      '20',
      '--json',
    ])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).input).toMatchObject({ synthetic: expect.stringContaining('rademacher'), n: 500, d: 8 })
  })
})

describe('avgcon estimate on bad input: one sentence, exit 2, no stack trace, no output file', () => {
  const cases: [string, string[], RegExp][] = [
    ['missing file', ['missing.npy'], /missing\.npy.*no such file/i],
    ['unknown extension', ['items.xyz'], /items\.xyz.*(unknown|extension|format)/i],
    ['empty file', ['empty.csv'], /empty\.csv.*empty/i],
    ['ragged rows', ['ragged.csv'], /ragged\.csv.*line 3.*2 values.*expected 3/i],
    ['a non-numeric cell', ['text.csv'], /text\.csv.*line 2.*oops/i],
    ['NaN', ['nan.csv'], /nan\.csv.*line 2.*column 2.*NaN/i],
    ['Inf', ['inf.csv'], /inf\.csv.*line 2.*column 3.*Infinity/i],
    ['an unsupported npy dtype', ['int64.npy'], /int64\.npy.*<i8/i],
    ['truncated npy data', ['short.npy'], /short\.npy.*truncated/i],
    ['d = 0', ['d0.npy'], /d0\.npy.*(dimension|d = 0|0 columns)/i],
    ['k > N', ['items.csv', '--k', '5'], /k=5 exceeds the number of items N=4/],
    ['k < 1', ['items.csv', '--k', '0'], /k=0 is below 1/],
    ['--samples 0', ['items.csv', '--samples', '0'], /--samples: "0" must be a whole number of at least 1/],
    ['an unknown metric', ['items.csv', '--metric', 'l1'], /unknown similarity "l1"/],
  ]
  for (const [what, args, message] of cases) {
    it(what, () => {
      const out = file(`out-${what.replace(/\W+/g, '-')}.json`)
      const r = avgcon(['estimate', ...args.map((a, i) => (i === 0 ? file(a) : a)), '--out', out])
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr).toMatch(message)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).not.toMatch(/\n\s+at /)
      expect(existsSync(out)).toBe(false)
    })
  }
  it('left no temporary files behind', () => {
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([])
  })
})

describe('avgcon usage', () => {
  it('prints help with examples, exit 0', () => {
    const r = avgcon(['estimate', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Examples:')
  })
  it('rejects an unknown option or command with exit 2', () => {
    expect(avgcon(['estimate', '--bogus']).code).toBe(2)
    expect(avgcon(['frobnicate']).code).toBe(2)
  })
})
