import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Embeddings } from '../../src/io/embeddings.js'
import { saveNpy } from '../../src/io/index.js'
import { rng } from '../../src/rng.js'
import { lawMoments, measureDimMoments, measureMoments, parseLaw, theoryCurve } from '../../src/theory/index.js'
import { center } from '../../src/transform/center.js'
import { avgcon, tempDir } from '../helpers/cli.js'

const { dir, cleanup } = tempDir()
const file = (name: string) => join(dir, name)
const N = 400,
  D = 12

/** Skewed, heavy-tailed and unequal columns (exponential draws, scale 1 + j/4) plus an offset, so all three theories differ. */
function skewed(): Embeddings {
  const r = rng(11)
  const data = new Float32Array(N * D)
  for (let i = 0; i < N; i++) for (let j = 0; j < D; j++) data[i * D + j] = 0.3 - Math.log(1 - r.next()) * (1 + j / 4)
  return { n: N, d: D, data }
}

beforeAll(async () => {
  await saveNpy(file('items.npy'), skewed())
})
afterAll(cleanup)

describe('avgcon compare', () => {
  it('puts the estimate beside the i.i.d. N(0,1), pooled and per-dimension theories in its JSON', () => {
    const r = avgcon([
      'compare',
      file('items.npy'),
      '--center',
      '--k',
      '2..10:2',
      '--samples',
      '200',
      '--seed',
      '3',
      '--json',
    ])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    const ks = [2, 4, 6, 8, 10]
    expect(j).toMatchObject({
      command: 'compare',
      settings: { k: ks, center: true, seed: 3, samples: 200 },
      input: { file: 'items.npy', n: N, d: D },
    })
    expect(j.results.map((p: { k: number }) => p.k)).toEqual(ks)
    const centred = center(skewed())
    expect(j.theory.iid).toEqual(theoryCurve({ n: N, d: D, ks, moments: lawMoments(parseLaw('normal')) }))
    expect(j.theory.pooled).toEqual(theoryCurve({ n: N, d: D, ks, moments: measureMoments(centred) }))
    expect(j.theory.perDimension).toEqual(theoryCurve({ n: N, d: D, ks, dimMoments: measureDimMoments(centred) }))
    expect(j.theory.moments.pooled).toEqual(measureMoments(centred))
    expect(j.theory.moments.perDimension.std).toEqual(Array.from(measureDimMoments(centred).std))
    // The data is far from i.i.d. normal: the references must not coincide.
    expect(j.theory.pooled[0].consistency).not.toBeCloseTo(j.theory.iid[0].consistency, 3)
    expect(j.theory.perDimension[0].consistency).not.toBeCloseTo(j.theory.pooled[0].consistency, 3)
  })

  it('prints the per-k table with all four columns, the pooled moments and one summary sentence', () => {
    const r = avgcon(['compare', file('items.npy'), '--k', '2,5', '--samples', '100'])
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines[0]).toMatch(/^k\s+real\s+95% CI\s+iid N\(0,1\)\s+pooled moments\s+per-dim moments$/)
    expect(lines[2]).toMatch(/^2\s+0\.\d+\s+\[0\.\d+, [01]\.\d+\]\s+0\.\d{4}\s+0\.\d{4}\s+0\.\d{4}$/)
    expect(r.stdout).toMatch(
      /Pooled moments of the file: mean [\d.e+-]+, std [\d.e+-]+, skewness [\d.e+-]+, kurtosis [\d.e+-]+ \(normal: 0, -, 0, 3\)\./,
    )
    expect(r.stdout).toMatch(
      /At k=5 the real embeddings reach 0\.\d{3}; i\.i\.d\. N\(0,1\) vectors would reach 0\.\d{3}/,
    )
  })

  it('writes CSV with one column per curve and draws Figure 3', () => {
    const csv = avgcon(['compare', file('items.npy'), '--k', '2..4', '--samples', '50', '--csv'])
      .stdout.trim()
      .split('\n')
    expect(csv[0]).toBe('k,mean,std,n,ciLow,ciHigh,iidNormal,pooledMoments,perDimMoments')
    expect(csv).toHaveLength(4)
    const r = avgcon([
      'compare',
      file('items.npy'),
      '--center',
      '--k',
      '2..6',
      '--samples',
      '50',
      '--plot',
      file('fig3.svg'),
      '--quiet',
    ])
    expect(r.code).toBe(0)
    const svg = readFileSync(file('fig3.svg'), 'utf8')
    for (const name of ['real (95% CI)', 'i.i.d. N(0,1)', 'moment-matched (pooled)', 'per-dimension moments'])
      expect(svg).toContain(name)
  })
})
