import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveNpy } from '../../src/io/index.js'
import { interactionsFromRows } from '../../src/io/interactions.js'
import { trainAls } from '../../src/train/index.js'
import { avgcon, tempDir } from '../helpers/cli.js'
import { logText, plantedLog } from '../helpers/planted-log.js'

const { dir, cleanup } = tempDir()
const file = (name: string) => join(dir, name)
const log = plantedLog({ users: 120, clusters: 4, perCluster: 15, seed: 5 })

/** Output lines that are not the engine's fallback notice (present when the native kernel is not built). */
const messages = (stderr: string) => stderr.split('\n').filter((l) => l !== '' && !l.includes('native top-k kernel'))

beforeAll(async () => {
  const { itemFactors } = trainAls(interactionsFromRows(log.rows), { factors: 8, iterations: 6, seed: 1 })
  await saveNpy(file('items.npy'), itemFactors)
  await saveNpy(file('noids.npy'), { ...itemFactors, ids: undefined })
  writeFileSync(file('log.tsv'), logText(log))
  writeFileSync(file('log.csv'), 'user,item,rating\n' + log.rows.map((r) => r.join(',')).join('\n') + '\n')
  writeFileSync(
    file('names.item'),
    log.clusters
      .flat()
      .map((id) => `${id}|Film ${id} (1999)|01-Jan-1999||http://x|0|1`)
      .join('\n') + '\n',
  )
  writeFileSync(
    file('names.tsv'),
    log.clusters
      .flat()
      .map((id) => `${id}\tSong ${id}`)
      .join('\n') + '\n',
  )
  writeFileSync(file('lines.txt'), 'p1: c0i1 c0i2 c0i3 nope\np2: c1i4, c1i5\np3: gone missing\nc2i1 c2i2 c2i3 c2i4\n')
  writeFileSync(file('strangers.tsv'), 'u1\tx1\nu1\tx2\nu2\tx3\n')
  writeFileSync(file('malformed.tsv'), logText(plantedLog({ users: 3, seed: 1 })) + 'u9\n')
})
afterAll(cleanup)

describe('avgcon sets', () => {
  it('summarises real against random sets by size, with the worst and best sets by name', () => {
    const r = avgcon(['sets', file('items.npy'), '--sets', file('log.tsv'), '--names', file('names.item')])
    expect(messages(r.stderr)).toEqual([])
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines[0]).toBe(
      `120 sets from log.tsv (${log.rows.length.toLocaleString('en-US')} interactions, one set per user); items.npy: N=60, d=8, dot similarity.`,
    )
    expect(lines[2]).toMatch(
      /^\|U\|\s+sets\s+mean \|U\|\s+precision\s+95% CI\s+random\s+95% CI\s+real-random\s+95% CI\s+P@10\s+random P@10$/,
    )
    const rows = lines.slice(4, lines.indexOf('', 4)).map((l) => l.split(/\s+/))
    expect(rows.map((c) => c[0])).toEqual(['2-5', '6-10', '11-20', 'all']) // users hold 4 to 12 items
    expect(rows.map((c) => Number(c[1]))).toEqual([expect.any(Number), expect.any(Number), expect.any(Number), 120])
    expect(r.stdout).toContain('Real sets are more consistent than random ones here')
    expect(r.stdout).toMatch(
      /Worst 5 sets \(lowest precision\):\n {2}u\d+: \|U\|=\d+, precision \d\.\d{3} \(random \d\.\d{3}\), P@10 \d\.\d\d\n {6}items: Film c\di\d+ \(1999\)/,
    )
    expect(r.stdout).toContain('Best 5 sets (highest precision):')
    expect(r.stdout).toMatch(/its average points at: Film c\di\d+ \(1999\); Film/)
  })

  it('holds the summary, every set and the source in its JSON, the same with a header log or generic names', () => {
    const r = avgcon([
      'sets',
      file('items.npy'),
      '--sets',
      file('log.csv'),
      '--names',
      file('names.tsv'),
      '--at',
      '5',
      '--seed',
      '2',
      '--json',
    ])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j).toMatchObject({
      command: 'sets',
      settings: { at: 5, metric: 'dot', weights: false, seed: 2, setFormat: 'interactions' },
      input: { file: 'items.npy', n: 60, d: 8 },
    })
    expect(j.source).toEqual({
      file: 'log.csv',
      format: 'interactions',
      sets: 120,
      interactions: log.rows.length,
      skippedItems: 0,
      droppedSets: 0,
    })
    expect(j.sets).toHaveLength(120)
    expect(Object.keys(j.sets[0]).sort()).toEqual([
      'id',
      'nearest',
      'precision',
      'precisionAt',
      'random',
      'randomAt',
      'size',
    ])
    expect(j.sets[0].nearest).toHaveLength(3)
    expect(j.results.at(-1).label).toBe('all')
    const tsv = JSON.parse(
      avgcon(['sets', file('items.npy'), '--sets', file('log.tsv'), '--at', '5', '--seed', '2', '--json']).stdout,
    )
    expect(tsv.sets).toEqual(j.sets) // same log, two layouts: same numbers
  })

  it('weighs items by rating with --weights, and prints one row per set with --csv', () => {
    const w = avgcon(['sets', file('items.npy'), '--sets', file('log.tsv'), '--weights', '--json'])
    expect(JSON.parse(w.stdout).settings.weights).toBe(true)
    const csv = avgcon(['sets', file('items.npy'), '--sets', file('log.tsv'), '--csv'])
      .stdout.trim()
      .split('\n')
    expect(csv[0]).toBe('id,size,precision,precisionAt10,randomPrecision,randomPrecisionAt10')
    expect(csv).toHaveLength(121)
  })

  it('reads one set per line, skips unknown ids with one counted warning and drops emptied sets', () => {
    const r = avgcon(['sets', file('items.npy'), '--sets', file('lines.txt'), '--at', '3', '--json'])
    expect(r.code).toBe(0)
    expect(messages(r.stderr)).toEqual([
      'avgcon: warning: 3 item(s) of the sets in lines.txt name an item that items.npy lacks (e.g. "nope"); they were skipped; 1 set(s) left with no known item were dropped.',
    ])
    const j = JSON.parse(r.stdout)
    expect(j.settings.setFormat).toBe('lines')
    expect(j.sets.map((s: { id: string; size: number }) => [s.id, s.size])).toEqual([
      ['p1', 3],
      ['p2', 2],
      ['4', 4],
    ])
    expect(j.source).toMatchObject({ skippedItems: 3, droppedSets: 1 })
  })

  it('draws the real and random distributions with --plot', () => {
    const r = avgcon(['sets', file('items.npy'), '--sets', file('log.tsv'), '--plot', file('sets.svg'), '--quiet'])
    expect(r.code).toBe(0)
    const svg = readFileSync(file('sets.svg'), 'utf8')
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('random sets, same sizes')
  })

  it.each([
    [
      'a missing --sets file',
      ['--sets', 'nothere.txt'],
      'NOTHERE: no such file or directory; check the path (relative paths start from CWD).',
    ],
    [
      'ids that match nothing',
      ['--sets', 'strangers.tsv'],
      'none of the item ids in strangers.tsv (e.g. "x1") is among the 60 ids of items.npy (e.g. "ITEM0"); both files must name items the same way.',
    ],
    ['--at 0', ['--sets', 'log.tsv', '--at', '0'], '--at: "0" must be a whole number of at least 1.'],
    [
      '--at above N',
      ['--sets', 'log.tsv', '--at', '61'],
      '--at: n=61 exceeds the number of items N=60; use n <= 60 (e.g. 10).',
    ],
    [
      'a malformed log line',
      ['--sets', 'malformed.tsv'],
      'MALFORMED, line LAST: found 1 column, expected 3 (user, item[, weight][, timestamp]).',
    ],
    [
      '--weights on a set-per-line file',
      ['--sets', 'lines.txt', '--weights'],
      '--weights: an interaction log (user, item, weight) is needed to weigh items; lines.txt is read as one set per line, which has no weights.',
    ],
    [
      'no --sets',
      [],
      '--sets is required: name an interaction log (user item ...) or a file with one set of item ids per line.',
    ],
    [
      'a bad --set-format',
      ['--sets', 'log.tsv', '--set-format', 'csv'],
      '--set-format: unknown layout "csv"; use interactions, lines or auto.',
    ],
  ])('rejects %s in one sentence, exit 2, and writes no output', (_, args, message) => {
    const resolved = (args as string[]).map((a, i) => ((args as string[])[i - 1] === '--sets' ? file(a) : a))
    const r = avgcon(['sets', file('items.npy'), ...resolved, '--out', file('bad.json')])
    expect(r.code).toBe(2)
    const last = readFileSync(file('malformed.tsv'), 'utf8').trim().split('\n').length
    const expected = message
      .replace('NOTHERE', file('nothere.txt'))
      .replace('MALFORMED', file('malformed.tsv'))
      .replace('LAST', String(last))
      .replace('ITEM0', log.rows[0]![1])
      .replace('CWD', process.cwd())
    expect(r.stderr).toBe(`avgcon: ${expected}\n`)
    expect(existsSync(file('bad.json'))).toBe(false)
  })

  it('says how to give ids when the embeddings have none', () => {
    const r = avgcon(['sets', file('noids.npy'), '--sets', file('log.tsv')])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(
      'avgcon: noids.npy has no item ids (no noids.npy.ids.txt sidecar, no id column), so the items of log.tsv cannot be matched to its rows; write one id per row to noids.npy.ids.txt.\n',
    )
  })
})
