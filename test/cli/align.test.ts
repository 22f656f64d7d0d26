import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowNorms } from '../../src/estimate/metric.js'
import { loadEmbeddings, saveNpy } from '../../src/io/index.js'
import { rng } from '../../src/rng.js'
import { avgcon, tempDir } from '../helpers/cli.js'
import { logNormalNorms } from '../transform/helpers.js'

const { dir, cleanup } = tempDir()
const file = (name: string) => join(dir, name)

beforeAll(async () => {
  const e = logNormalNorms(400, 8, 1, 5)
  await saveNpy(file('items.npy'), { ...e, ids: Array.from({ length: e.n }, (_, i) => `i${i}`) })
  await saveNpy(file('noids.npy'), e)
  await saveNpy(file('one.npy'), { n: 1, d: 3, data: new Float32Array([1, 2, 3]) })
  const r = rng(3)
  const lines: string[] = []
  for (let u = 0; u < 60; u++) for (let t = 0; t < 12; t++) lines.push(`u${u}\ti${r.int(400)}`)
  writeFileSync(file('log.tsv'), lines.join('\n') + '\n')
  writeFileSync(file('other.tsv'), 'u1\tx1\nu1\tx2\nu2\tx3\n')
})
afterAll(cleanup)

describe('avgcon align', () => {
  it('writes the transformed embeddings with ids and prints a before/after table', async () => {
    const r = avgcon([
      'align',
      file('items.npy'),
      '--transform',
      'center,normalize',
      '--out',
      file('out.npy'),
      '--samples',
      '200',
      '--diagnose-samples',
      '200',
      '--k',
      '2,5',
    ])
    // One stderr line names what --out wrote (issue 13.3), nothing else.
    expect(r.stderr).toMatch(/^avgcon: wrote \S+out\.npy \([\d.]+ k?B\), \S+out\.npy\.ids\.txt \([\d.]+ k?B\)\n$/)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Transform: center -> normalize\n/)
    expect(r.stdout).toMatch(/Consistency_2 +\d\.\d+ \[/)
    expect(r.stdout).toMatch(/\nverdict +norms +\w+/)
    const out = await loadEmbeddings(file('out.npy'))
    expect(out.ids?.slice(0, 2)).toEqual(['i0', 'i1'])
    for (const v of rowNorms(out)) expect(v).toBeCloseTo(1, 5)
  })

  it('adds recall@10 and nDCG@10 of user averages with --interactions, and prints JSON', () => {
    const r = avgcon([
      'align',
      file('items.npy'),
      '--transform',
      'clip-norms=0.5',
      '--interactions',
      file('log.tsv'),
      '--samples',
      '100',
      '--diagnose-samples',
      '100',
      '--k',
      '5',
      '--json',
    ])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j.command).toBe('align')
    expect(j.steps[0].step).toBe('clip-norms=0.5')
    expect(j.results[0].k).toBe(5)
    for (const side of [j.before, j.after]) {
      expect(side.quality.k).toBe(10)
      expect(side.quality.users).toBe(60)
      expect(side.diagnosis.verdict.cause).toBeTypeOf('string')
    }
  })

  it('sweeps the ALS norm penalty on a log', () => {
    const r = avgcon([
      'align',
      '--sweep',
      '--interactions',
      file('log.tsv'),
      '--strengths',
      '0,10',
      '--dim',
      '4',
      '--iterations',
      '3',
      '--diagnose-samples',
      '100',
    ])
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^normPenalty +Consistency_10 \[95% CI\] +recall@10 avg/)
    expect(lines.slice(2).map((l) => l.trim().split(/\s+/)[0])).toEqual(['0', '10'])
  })

  const bad: [string, string[], string][] = [
    [
      'an unknown transform',
      ['align', file('items.npy'), '--transform', 'center,sharpen'],
      'avgcon: --transform: unknown transform "sharpen"; use center, whiten[=shrinkage], normalize, clip-norms[=q] or standardize, comma-separated.\n',
    ],
    [
      'whitening with N < 2',
      ['align', file('one.npy'), '--transform', 'whiten'],
      'avgcon: whiten: needs at least 2 items to estimate a covariance, got N=1.\n',
    ],
    [
      'a clip quantile above 1',
      ['align', file('items.npy'), '--transform', 'clip-norms=1.5'],
      'avgcon: --transform: clip-norms: quantile 1.5 must lie in (0, 1], e.g. clip-norms=0.9.\n',
    ],
    [
      'a clip quantile of 0',
      ['align', file('items.npy'), '--transform', 'clip-norms=0'],
      'avgcon: --transform: clip-norms: quantile 0 must lie in (0, 1], e.g. clip-norms=0.9.\n',
    ],
    [
      'a log whose ids do not match',
      ['align', file('items.npy'), '--transform', 'normalize', '--interactions', file('other.tsv')],
      'avgcon: --interactions: only 0 of the log\'s 3 items are among the embeddings\' ids (e.g. "x1" is not); the log and the embeddings must name items the same way.\n',
    ],
    [
      'embeddings without ids and a log',
      ['align', file('noids.npy'), '--transform', 'normalize', '--interactions', file('log.tsv')],
      'avgcon: --interactions: the embeddings carry no item ids, so the log cannot be matched to them; save them with ids (FILE.ids.txt beside a .npy, or an id column).\n',
    ],
    [
      'no transform',
      ['align', file('items.npy')],
      'avgcon: --transform is required (e.g. --transform center,whiten,normalize), or use --sweep.\n',
    ],
    [
      '--sweep without a log',
      ['align', '--sweep'],
      'avgcon: --sweep needs --interactions LOG to train on (e.g. --interactions u.data).\n',
    ],
  ]
  for (const [what, args, message] of bad) {
    it(`rejects ${what} in one sentence, exit 2`, () => {
      const r = avgcon(args)
      expect(r.stderr).toBe(message)
      expect(r.code).toBe(2)
    })
  }
})
