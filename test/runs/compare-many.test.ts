/** `runs.compareMany`: several models, each exactly as its own single `compare`, then ranked. */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveNpy } from '../../src/io/index.js'
import { runs } from '../../src/index.js'
import { compare, compareMany, overlapCount } from '../../src/runs/compare.js'
import { generate } from '../../src/synthetic/index.js'
import { tempDir } from '../helpers/cli.js'

const { dir, cleanup } = tempDir('avgcon-run-compare-many-')
const files = ['a.npy', 'b.npy', 'c.npy'].map((f) => join(dir, f))
const settings = { center: true, k: '2..12:5', samples: 150, seed: 4 }

beforeAll(async () => {
  const laws = ['normal', 'uniform(-1,1)', 'laplace(0,1)']
  for (let i = 0; i < 3; i++) await saveNpy(files[i]!, generate(laws[i]!, 300, 8 + 4 * i, 20 + i))
})
afterAll(cleanup)

describe('compareMany', () => {
  it('gives every file the numbers of its own single compare, bit for bit, and ranks them', async () => {
    const many = await compareMany(files, settings)
    expect(runs.compareMany).toBe(compareMany)
    expect(many.command).toBe('compare')
    expect(many.models.map((m) => m.label)).toEqual(['a.npy', 'b.npy', 'c.npy'])
    for (const [i, file] of files.entries()) {
      const single = await compare({ file, ...settings })
      const m = many.models[i]!
      expect(m.results).toEqual(single.results)
      expect(m.theory).toEqual(single.theory)
      expect(m.input).toEqual(single.input)
      expect(m.file).toBe(single.input!.file)
      expect([single.settings, single.engine, single.ties]).toEqual([many.settings, many.engine, many.ties])
    }
    expect(many.results).toHaveLength(3 * 3)
    expect(many.results[3]).toEqual({ model: 'b.npy', ...many.models[1]!.results[0] })
    // Ranking: by mean over the k values, highest first.
    const mean = (i: number) => many.models[i]!.results.reduce((s, p) => s + p.mean, 0) / 3
    const expected = [0, 1, 2].sort((a, b) => mean(b) - mean(a))
    expect(many.ranking.map((e) => e.label)).toEqual(expected.map((i) => many.models[i]!.label))
    expect(many.ranking.map((e) => e.rank)).toEqual([1, 2, 3])
    expect(many.ranking[0]!.mean).toBe(mean(expected[0]!))
    for (const e of many.ranking)
      for (const other of e.overlapsWith) {
        const [a, b] = [e.label, other].map((l) => many.models.find((m) => m.label === l)!.results)
        expect(overlapCount(a!, b!)).toBeGreaterThan(1.5)
      }
  })

  it('takes labels, one per file, and sources other than files', async () => {
    const many = await compareMany([files[0]!, { synthetic: 'normal', n: 300, d: 8 }], {
      ...settings,
      labels: ['ALS', 'iid'],
    })
    expect(many.models.map((m) => [m.label, m.file])).toEqual([
      ['ALS', 'a.npy'],
      ['iid', 'normal(0,1) seed=1'],
    ])
  })

  it('refuses duplicate labels and a count mismatch in one sentence', async () => {
    await expect(compareMany(files, { ...settings, labels: ['x', 'y'] })).rejects.toThrow(
      'compare: 2 labels for 3 files: give one --label per file, in order, or none.',
    )
    await expect(compareMany(files, { ...settings, labels: ['x', 'y', 'x'] })).rejects.toThrow(
      'compare: the label "x" names two models; give each file its own --label.',
    )
    await expect(compareMany([files[0]!, files[0]!], settings)).rejects.toThrow(
      expect.objectContaining({ field: 'label' }),
    )
  })
})
