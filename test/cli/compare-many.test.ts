import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveNpy } from '../../src/io/index.js'
import { generate } from '../../src/synthetic/index.js'
import { avgcon, tempDir } from '../helpers/cli.js'

const { dir, cleanup } = tempDir()
const files = ['als.npy', 'svd.npy', 'bpr.npy'].map((f) => join(dir, f))
const flags = ['--center', '--k', '2..10:4', '--samples', '120', '--seed', '2']

beforeAll(async () => {
  const laws = ['normal', 'uniform(-1,1)', 'laplace(0,1)']
  for (let i = 0; i < 3; i++) await saveNpy(files[i]!, generate(laws[i]!, 250, 6 + 5 * i, 40 + i))
})
afterAll(cleanup)

describe('avgcon compare a.npy b.npy c.npy', () => {
  it('gives each model the numbers of its own single compare, then a table, ranking, CSV and figure', () => {
    const r = avgcon(['compare', ...files, '--label', 'ALS', '--label', 'SVD', '--label', 'BPR', ...flags, '--json'])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j.command).toBe('compare')
    expect(j.models.map((m: { label: string }) => m.label)).toEqual(['ALS', 'SVD', 'BPR'])
    files.forEach((file, i) => {
      const single = JSON.parse(avgcon(['compare', file, ...flags, '--json']).stdout)
      expect(j.models[i].results).toEqual(single.results)
      expect(j.models[i].theory).toEqual(single.theory)
      expect(j.models[i].input).toEqual(single.input)
      expect(j.settings).toEqual(single.settings)
    })
    expect(j.ranking.map((e: { rank: number }) => e.rank)).toEqual([1, 2, 3])

    const table = avgcon(['compare', ...files, ...flags]).stdout
    expect(table.split('\n')[0]).toMatch(
      /^\s*k\s+als\.npy\s+95% CI\s+per-dim theory\s+svd\.npy\s+95% CI\s+per-dim theory\s+bpr\.npy/,
    )
    expect(table).toMatch(
      /Ranking by mean Consistency_k over the 3 k values: 1\. \S+ 0\.\d{3}, 2\. \S+ 0\.\d{3}, 3\. \S+ 0\.\d{3}\./,
    )

    const csv = avgcon(['compare', ...files, ...flags, '--csv'])
      .stdout.trim()
      .split('\n')
    expect(csv[0]).toBe('model,k,mean,ciLow,ciHigh,theory_iid,theory_pooled,theory_per_dim')
    expect(csv).toHaveLength(1 + 3 * 3)
    expect(csv[4]).toMatch(/^svd\.npy,2,/)

    expect(avgcon(['compare', ...files, ...flags, '--plot', join(dir, 'models.svg'), '--quiet']).code).toBe(0)
    const svg = readFileSync(join(dir, 'models.svg'), 'utf8')
    for (const name of ['als.npy', 'svd.npy', 'bpr.npy']) expect(svg).toContain(`>${name}</text>`)
  })

  it('refuses duplicate labels and a count mismatch with exit 2 and one sentence', () => {
    const few = avgcon(['compare', ...files, '--label', 'A', '--label', 'B', ...flags])
    expect(few.code).toBe(2)
    expect(few.stderr.trim()).toBe(
      'avgcon: --label: 2 labels for 3 files: give one --label per file, in order, or none.',
    )
    const twice = avgcon(['compare', ...files, '--label', 'A', '--label', 'B', '--label', 'A', ...flags])
    expect(twice.code).toBe(2)
    expect(twice.stderr.trim()).toBe('avgcon: --label: the label "A" names two models; give each file its own --label.')
    expect(avgcon(['compare', files[0]!, files[0]!, ...flags]).code).toBe(2)
  })
})
