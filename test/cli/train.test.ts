import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { avgcon, tempDir } from '../helpers/cli.js'
import { logText, plantedLog } from '../helpers/planted-log.js'

const { dir, cleanup } = tempDir()
const file = (name: string) => join(dir, name)
const SMALL = ['--dim', '8', '--iterations', '5']

beforeAll(() => {
  writeFileSync(file('log.tsv'), logText(plantedLog({ users: 160, clusters: 4, perCluster: 20, seed: 3 })))
  writeFileSync(file('malformed.tsv'), 'u1\ti1\t5\nu1\ti2\tfive\n')
  // Confidence 1 + alpha * w overflows: the factors come out NaN.
  writeFileSync(file('huge.tsv'), 'u1\ti1\t3e38\nu1\ti2\t1\nu2\ti2\t3e38\nu2\ti3\t1\nu3\ti1\t1\nu3\ti3\t1\n')
})
afterAll(cleanup)

describe('avgcon train', () => {
  it('trains ALS, reports held-out recall@10, and writes an npy + ids that estimate and sets read', () => {
    const r = avgcon(['train', 'als', file('log.tsv'), ...SMALL, '--out', file('als.npy')])
    // One stderr line names what --out wrote (issue 13.3), nothing else.
    expect(r.stderr).toMatch(/^avgcon: wrote \S+als\.npy \([\d.]+ k?B\), \S+als\.npy\.ids\.txt \([\d.]+ k?B\)\n$/)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(
      /^ALS d=8 trained in [\d.]+ s on [\d,]+ of [\d,]+ interactions of log\.tsv \(160 users, 80 items\)\./,
    )
    expect(r.stdout).toMatch(/recall@10\s+0\.\d{4}\s+0\.\d{4}/)
    expect(r.stdout).toContain(
      `Wrote 80 x 8 item embeddings to ${file('als.npy')} and its ids to ${file('als.npy')}.ids.txt.`,
    )
    const ids = readFileSync(file('als.npy.ids.txt'), 'utf8').trim().split('\n')
    expect(ids).toHaveLength(80)
    expect(new Set(ids)).toEqual(
      new Set(Array.from({ length: 4 }, (_, c) => Array.from({ length: 20 }, (_, j) => `c${c}i${j}`)).flat()),
    )

    const est = avgcon(['estimate', file('als.npy'), '--k', '2..4', '--samples', '50', '--json'])
    expect(est.code).toBe(0)
    expect(JSON.parse(est.stdout).input).toMatchObject({ n: 80, d: 8 })
    const sets = avgcon(['sets', file('als.npy'), '--sets', file('log.tsv'), '--json'])
    expect(sets.code).toBe(0)
    const all = JSON.parse(sets.stdout).results.at(-1)
    expect(all).toMatchObject({ label: 'all', sets: 160 })
    expect(all.difference.ciLow).toBeGreaterThan(0) // planted clusters: real sets beat random ones
  })

  it('trains SVD and prints the metrics as JSON', () => {
    const r = avgcon([
      'train',
      'svd',
      file('log.tsv'),
      '--dim',
      '6',
      '--matrix',
      'interactions',
      '--out',
      file('svd.csv'),
      '--json',
    ])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j).toMatchObject({
      command: 'train',
      settings: { model: 'svd', dim: 6, matrix: 'interactions', testFraction: 0.2, seed: 0 },
      scoring: 'user factors',
      output: { n: 80, d: 6, ids: null },
    })
    expect(j.log).toMatchObject({ file: 'log.tsv', users: 160, items: 80 })
    expect(Object.keys(j.results[0]).sort()).toEqual([
      'k',
      'ndcg',
      'popularityRecall',
      'randomRecall',
      'recall',
      'users',
    ])
    expect(j.results[0].recall).toBeGreaterThan(j.results[0].randomRecall)
    expect(readFileSync(file('svd.csv'), 'utf8').split('\n')[0]).toMatch(/^id,/)
  })

  it.each([
    ['als', SMALL],
    ['svd', ['--dim', '8']],
  ])('writes identical bytes for the same seed (%s), other bytes for another', (model, opts) => {
    const out = (name: string, seed: string) =>
      avgcon(['train', model!, file('log.tsv'), ...opts!, '--seed', seed, '--out', file(name)])
    for (const [name, seed] of [
      ['a.npy', '3'],
      ['b.npy', '3'],
      ['c.npy', '4'],
    ] as const)
      expect(out(`${model}-${name}`, seed).code).toBe(0)
    const bytes = (name: string) => readFileSync(file(`${model}-${name}`))
    expect(bytes('a.npy').equals(bytes('b.npy'))).toBe(true)
    expect(bytes('a.npy.ids.txt').equals(bytes('b.npy.ids.txt'))).toBe(true)
    expect(bytes('a.npy').equals(bytes('c.npy'))).toBe(false)
  })

  it('trains on everything with --test-fraction 0 and says there is no evaluation', () => {
    const r = avgcon(['train', 'als', file('log.tsv'), ...SMALL, '--test-fraction', '0', '--out', file('all.npy')])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/ on ([\d,]+) of \1 interactions /)
    expect(r.stdout).toContain('No evaluation (--test-fraction 0): the model saw every interaction.')
  })

  it.each([
    [
      '--dim 0',
      ['als', 'log.tsv', '--dim', '0'],
      'avgcon: --dim: "0" must be a whole number of at least 1 (allowed: 1 .. 4,096).',
    ],
    ['a malformed line', ['als', 'malformed.tsv'], 'avgcon: ' + 'MALFORMED, line 2: weight "five" is not a number.'],
    [
      'an unknown model',
      ['bpr', 'log.tsv'],
      'avgcon: unknown model "bpr"; use als or svd (e.g. avgcon train als u.data --out items.npy).',
    ],
    [
      'an option of the other model',
      ['svd', 'log.tsv', '--alpha', '2'],
      'avgcon: --alpha does not apply to svd; it is an option of als.',
    ],
    [
      'a missing log',
      ['als', 'nothere.tsv'],
      'avgcon: NOTHERE: no such file or directory; check the path (relative paths start from CWD).',
    ],
    [
      '--test-fraction 1',
      ['als', 'log.tsv', '--test-fraction', '1'],
      'avgcon: --test-fraction: "1" must be a number in [0, 1), e.g. 0.2 (0 trains on everything).',
    ],
  ])('rejects %s in one sentence, exit 2, and writes no file', (_, args, message) => {
    const [model, log, ...rest] = args as string[]
    const r = avgcon(['train', model!, file(log!), ...rest, '--out', file('bad.npy')])
    expect(r.code).toBe(2)
    const expected = message
      .replace('MALFORMED', file('malformed.tsv'))
      .replace('NOTHERE', file('nothere.tsv'))
      .replace('CWD', process.cwd())
    expect(r.stderr).toBe(expected + '\n')
    expect(readdirSync(dir).filter((f) => f.startsWith('bad') || f.startsWith('.bad'))).toEqual([])
  })

  it('refuses a negative weight for every model and seed, at its line, before the split', () => {
    // Line 6 holds the bad weight; which side of the split it would fall on depends on the seed.
    const rows = ['u1\ti1\t1', 'u1\ti2\t2', 'u2\ti1\t1', 'u2\ti3\t1', 'u3\ti2\t-3', 'u3\ti3\t1']
    writeFileSync(file('negative.tsv'), '# user item weight\n' + rows.join('\n') + '\n')
    const message = `avgcon: ${file('negative.tsv')}, line 6: weight -3 is negative; weights must be finite and >= 0.\n`
    for (const model of ['als', 'svd'])
      for (const seed of ['0', '1', '5']) {
        const r = avgcon(['train', model, file('negative.tsv'), '--dim', '2', '--seed', seed, '--out', file('neg.npy')])
        expect([model, seed, r.code, r.stderr]).toEqual([model, seed, 2, message])
      }
    expect(existsSync(file('neg.npy'))).toBe(false)
  })

  it('takes --factors as an alias of --dim and --weighting bm25, and records both', () => {
    const r = avgcon([
      'train',
      'als',
      file('log.tsv'),
      '--factors',
      '6',
      '--iterations',
      '3',
      '--weighting',
      'bm25',
      '--out',
      file('w.npy'),
      '--json',
    ])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as { settings: Record<string, unknown>; output: { d: number } }
    expect(out.output.d).toBe(6)
    expect(out.settings.weighting).toBe('bm25')
    expect(out.settings.dim).toBe(6)
  })

  it('writes the user factors with --save-users', () => {
    const r = avgcon([
      'train',
      'als',
      file('log.tsv'),
      ...SMALL,
      '--out',
      file('it.npy'),
      '--save-users',
      file('us.npy'),
    ])
    expect(r.code).toBe(0)
    const ids = readFileSync(file('us.npy.ids.txt'), 'utf8').trim().split('\n')
    expect(ids.length).toBe(160)
    expect(readFileSync(file('us.npy')).length).toBeGreaterThan(160 * 8 * 4)
  })

  it('counts items without train interactions: none when training on everything', () => {
    const r = avgcon([
      'train',
      'als',
      file('log.tsv'),
      ...SMALL,
      '--test-fraction',
      '0',
      '--out',
      file('all.npy'),
      '--json',
    ])
    expect((JSON.parse(r.stdout) as { untrainedItems: number }).untrainedItems).toBe(0)
  })

  it('refuses an unknown --weighting and conflicting --factors / --dim before training', () => {
    const a = avgcon(['train', 'als', file('log.tsv'), '--weighting', 'idf', '--out', file('x.npy')])
    expect([a.code, a.stderr]).toEqual([
      2,
      'avgcon: --weighting: unknown weighting "idf"; use none, log, bm25, tfidf.\n',
    ])
    const b = avgcon(['train', 'als', file('log.tsv'), '--factors', '6', '--dim', '8', '--out', file('x.npy')])
    expect([b.code, b.stderr]).toEqual([
      2,
      'avgcon: --factors 6 and --dim 8 name the same setting; give one of them.\n',
    ])
    expect(existsSync(file('x.npy'))).toBe(false)
  })

  it('requires --out before training', () => {
    const r = avgcon(['train', 'als', file('log.tsv')])
    expect([r.code, r.stderr]).toEqual([
      2,
      'avgcon: --out is required: name the embeddings file to write, e.g. --out items.npy.\n',
    ])
  })

  it('stops with exit 1 and no file when a factor is not finite', () => {
    const r = avgcon(['train', 'als', file('huge.tsv'), '--dim', '2', '--alpha', '1e300', '--out', file('nan.npy')])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /^avgcon: training failed: als: (user|item) factors: row \d+ \(id "\w+"\), column \d+ is (NaN|-?Infinity) after fitting; lower alpha or the weights, or raise regularization\. No file was written\.\n$/,
    )
    expect(existsSync(file('nan.npy'))).toBe(false)
    expect(existsSync(file('nan.npy.ids.txt'))).toBe(false)
  })
})
