import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { checkOptionRanges, INT_RANGES, intOption } from '../../src/cli/options.js'
import type { CliRun } from '../helpers/cli.js'
import { avgconAll } from './spawn.js'

describe('intOption', () => {
  it('reads whole numbers exactly, with underscores and exact powers of ten', () => {
    expect(intOption('1_000', '--samples', 1)).toBe(1000)
    expect(intOption('1e6', '--samples', 1)).toBe(1_000_000)
    expect(intOption('9007199254740991', '--seed', 0)).toBe(2 ** 53 - 1)
  })

  it('refuses a seed past 2^53 instead of rounding it (three seeds would collide)', () => {
    for (const seed of ['9007199254740992', '18446744073709551616', '18446744073709551617']) {
      expect(() => intOption(seed, '--seed', 0)).toThrow(
        new InputError(
          `--seed: "${seed}" is out of range; it must be a whole number of at most 9,007,199,254,740,991 (allowed: 0 .. 9,007,199,254,740,991).`,
        ),
      )
    }
  })

  it('names the option and its range when out of it', () => {
    expect(() => intOption('1e12', '--samples', 1)).toThrow(/--samples: "1e12" is out of range.*1 \.\. 10,000,000/)
    expect(() => intOption('0', '--threads', 1)).toThrow(
      '--threads: "0" must be a whole number of at least 1 (allowed: 1 .. 1,024).',
    )
    expect(() => intOption('1.5', '--samples', 1)).toThrow(/--samples: "1\.5" must be a whole number/)
    expect(() => intOption('-1', '--seed', 0)).toThrow(/--seed: "-1" must be a whole number of at least 0/)
  })

  it('checks every ranged option and refuses empty values', () => {
    const opts = [
      { long: '--samples', flags: '--samples <n>' },
      { long: '--out', flags: '--out <file>' },
      { long: '--d', flags: '--d <list>' },
    ]
    expect(() => checkOptionRanges({ samples: '10', out: 'x.json', d: '2,10' }, opts)).not.toThrow()
    expect(() => checkOptionRanges({ out: '' }, opts)).toThrow(
      '--out: the value is empty; give a value or leave the option out.',
    )
    expect(() => checkOptionRanges({ samples: '20000000' }, opts)).toThrow(/--samples/)
    expect(Object.keys(INT_RANGES)).toContain('--max-samples')
  })
})

/**
 * Out-of-range options are refused before any work: the embeddings file named here does not
 * exist, so a run that reached loading would complain about the file, not about the option.
 */
describe('avgcon: out-of-range options exit 2 before any work, naming the option and its range', () => {
  const dir = mkdtempSync(join(tmpdir(), 'avgcon-ranges-'))
  const missing = join(dir, 'never-read.npy')
  const out = join(dir, 'out.json')
  const cases: [what: string, args: string[], message: RegExp][] = [
    [
      '--samples 1e12',
      ['estimate', missing, '--samples', '1e12'],
      /--samples: "1e12" is out of range.*1 \.\. 10,000,000/,
    ],
    ['--max-samples 1e9', ['estimate', missing, '--ci', '0.01', '--max-samples', '1e9'], /--max-samples:.*10,000,000/],
    ['--seed 2^64 + 1', ['estimate', missing, '--seed', '18446744073709551617'], /--seed:.*9,007,199,254,740,991/],
    ['--threads 0', ['estimate', missing, '--threads', '0'], /--threads: "0".*1 \.\. 1,024/],
    ['--ci 2', ['estimate', missing, '--ci', '2'], /--ci: "2" must be a number strictly between 0 and 1/],
    [
      '--k 2..1000000000',
      ['estimate', missing, '--k', '2..1000000000', '--quiet'],
      /--k:.*more than 100,000 set sizes; use a step/,
    ],
    ['--out empty', ['estimate', missing, '--out', ''], /--out: the value is empty/],
    ['--samples 1e12 (diagnose)', ['diagnose', missing, '--samples', '1e12'], /--samples:.*10,000,000/],
    [
      'train als --dim 100000',
      ['train', 'als', join(dir, 'never-read.tsv'), '--dim', '100000', '--out', out],
      /--dim:.*1 \.\. 4,096/,
    ],
    [
      '--synthetic too large',
      ['estimate', '--synthetic', 'normal', '--n', '1e9', '--d', '1000'],
      /--synthetic --n --d:.*GB/,
    ],
  ]
  let runs: CliRun[] = []
  beforeAll(async () => {
    runs = await avgconAll(cases.map(([, args]) => args))
  })
  cases.forEach(([what, , message], i) => {
    it(what, () => {
      const r = runs[i]!
      expect(r.code, r.stderr).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr).toMatch(message)
      expect(r.stderr).not.toMatch(/never-read|\n\s+at /)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(existsSync(out)).toBe(false)
    })
  })

  it('--help lists the ranges of the command', async () => {
    const [r] = await avgconAll([['estimate', '--help']])
    expect(r!.code).toBe(0)
    expect(r!.stdout).toMatch(/--samples\s+1 \.\. 10,000,000/)
    expect(r!.stdout).toMatch(/--seed\s+0 \.\. 9,007,199,254,740,991/)
  })
})
