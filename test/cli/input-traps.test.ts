/**
 * The input traps of issue 13 (item 3) end to end: --header/--no-header and --id-column
 * on text files, the warning about a column 1 counting 1..N, and --names-column with a
 * Last.fm-style names file. Bad flag values exit 2 with one sentence.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { rng } from '../../src/rng.js'
import { avgcon, tempDir } from '../helpers/cli.js'
import { type BadCase, describeBadInput } from './spawn.js'

const { dir, cleanup } = tempDir('avgcon-cli-traps-')
afterAll(cleanup)
const file = (name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
const n = 60,
  d = 6
const r = rng(3)
const rows = Array.from({ length: n }, (_, i) => [i + 1, ...Array.from({ length: d }, () => r.normal().toFixed(4))])
/** Headerless, column 1 the ids 1..n: the trap. */
const ids = file('ids.csv', rows.map((row) => row.join(',')).join('\n') + '\n')
/** Line 1 "0,1,...,d-1" over real numbers: guessed to be pandas' header unless --no-header. */
const counting = file(
  'counting.csv',
  [Array.from({ length: d }, (_, j) => j).join(','), ...rows.map((row) => row.slice(1).join(','))].join('\n') + '\n',
)
const artists = file(
  'artists.dat',
  'id\tname\turl\tpictureURL\n' +
    rows
      .map((_, i) => `${i + 1}\tArtist ${i + 1}\thttp://www.last.fm/music/a${i + 1}\thttp://img/${i + 1}.jpg`)
      .join('\n') +
    '\n',
)
const log = file(
  'log.tsv',
  Array.from({ length: 40 }, (_, t) => `u${t % 8}\t${((t * 7) % n) + 1}\t1`).join('\n') + '\n',
)

const quick = ['--k', '3', '--samples', '40', '--seed', '1']
const inputOf = (stdout: string): { n: number; d: number } =>
  (JSON.parse(stdout) as { input: { n: number; d: number } }).input

describe('--id-column and --header on text files', () => {
  it('--id-column 1 reads a numeric column 1 as ids; without it, column 1 is a dimension and a warning says so', () => {
    const withIds = avgcon(['estimate', ids, ...quick, '--id-column', '1', '--json'])
    expect(withIds.code, withIds.stderr).toBe(0)
    expect(inputOf(withIds.stdout)).toMatchObject({ n, d })
    expect(withIds.stderr).not.toContain('warning')
    const guessed = avgcon(['estimate', ids, ...quick, '--json'])
    expect(guessed.code, guessed.stderr).toBe(0)
    expect(inputOf(guessed.stdout)).toMatchObject({ n, d: d + 1 })
    expect(guessed.stderr).toContain(`warning: ${ids}: the first column counts 1..${n} like an id`)
    expect(guessed.stderr).toMatch(/--id-column 1\b.*--id-column none\b/)
    const none = avgcon(['estimate', ids, ...quick, '--id-column', 'none', '--json'])
    expect(inputOf(none.stdout)).toMatchObject({ n, d: d + 1 })
    expect(none.stderr).not.toContain('warning')
  })

  it('--no-header reads a counting line 1 as data, --header as a header', () => {
    const header = avgcon(['estimate', counting, ...quick, '--header', '--json'])
    expect(header.code, header.stderr).toBe(0)
    expect(inputOf(header.stdout)).toMatchObject({ n, d })
    const data = avgcon(['estimate', counting, ...quick, '--no-header', '--json'])
    expect(data.code, data.stderr).toBe(0)
    expect(inputOf(data.stdout)).toMatchObject({ n: n + 1, d })
  })

  it('--help of the commands that read an embeddings file lists --header, --no-header and --id-column for text', () => {
    for (const command of ['estimate', 'sets', 'diagnose', 'report', 'compare', 'pairwise', 'align', 'theory']) {
      const help = avgcon([command, '--help']).stdout.replace(/\s+/g, ' ')
      expect(help, command).toContain('--header')
      expect(help, command).toContain('--no-header')
      expect(help, command).toMatch(/--id-column <col> the column holding the item ids\. Text files: 1/)
      if (['sets', 'diagnose', 'report'].includes(command)) expect(help, command).toContain('--names-column <n>')
    }
  })
})

describe('--names with a tab-separated file of more than two columns', () => {
  it('takes column 2 as the name (not the urls after it), or the column --names-column names', () => {
    const base = ['sets', ids, '--id-column', '1', '--sets', log, '--names', artists, '--quiet']
    const named = avgcon(base)
    expect(named.code, named.stderr).toBe(0)
    expect(named.stdout).toMatch(/items: Artist \d+; Artist \d+/)
    expect(named.stdout).not.toContain('http://')
    const urls = avgcon([...base, '--names-column', '3'])
    expect(urls.code, urls.stderr).toBe(0)
    expect(urls.stdout).toMatch(/items: http:\/\/www\.last\.fm\/music\/a\d+; /)
    expect(urls.stdout).not.toContain('.jpg')
  })
})

const BAD: BadCase[] = [
  [
    '--id-column 0',
    [ids, '--id-column', '0'],
    /^avgcon: --id-column: "0" is not a column number; columns count from 1/,
  ],
  ['--id-column 2', [ids, '--id-column', '2'], /^avgcon: --id-column: "2": csv files hold ids in column 1 only/],
  ['--id-column name, no header', [ids, '--id-column', 'id'], /^avgcon: --id-column: .*has no header line/],
]
describeBadInput('estimate', BAD, dir)

const BAD_NAMES: BadCase[] = [
  [
    '--names-column x',
    [ids, '--sets', log, '--names', artists, '--names-column', 'x'],
    /^avgcon: --names-column: "x" must be a whole number of at least 2/,
  ],
  [
    '--names-column 1',
    [ids, '--sets', log, '--names', artists, '--names-column', '1'],
    /^avgcon: --names-column: "1" must be a whole number of at least 2/,
  ],
  [
    '--names-column 9',
    [ids, '--id-column', '1', '--sets', log, '--names', artists, '--names-column', '9'],
    /^avgcon: --names-column: .*artists\.dat, line 1: has 4 columns, so no name in column 9/,
  ],
  [
    '--names-column without --names',
    [ids, '--sets', log, '--names-column', '3'],
    /^avgcon: --names-column only applies with --names FILE\./,
  ],
]
describeBadInput('sets', BAD_NAMES, dir)

// diagnose reads its flags before the file: no warning about the file precedes the usage error.
describeBadInput(
  'diagnose',
  [
    [
      '--names-column without --names',
      [ids, '--names-column', '3'],
      /^avgcon: --names-column only applies with --names/,
    ],
  ],
  dir,
)
