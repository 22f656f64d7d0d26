/**
 * The library's `estimate` returns exactly what `avgcon estimate --json` prints for the
 * same options: each call is compared with its case's golden file, which golden.test.ts
 * holds equal to the CLI's output.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { estimate } from '../../src/runs/estimate.js'
import { generate } from '../../src/synthetic/index.js'
import { tempDir } from '../helpers/cli.js'
import { golden, inputs, masked } from './cases.js'

const { dir, cleanup } = tempDir('avgcon-run-estimate-')
beforeAll(() => inputs(dir))
afterAll(cleanup)

describe('estimate() is `avgcon estimate --json`', () => {
  it('on generated embeddings', async () => {
    const run = await estimate({ synthetic: 'normal', n: 2000, d: 32, k: '2..20:3', center: true })
    expect(masked(run)).toEqual(golden('estimate-synthetic'))
  })

  it('on a file, adaptive, cosine', async () => {
    const run = await estimate({ file: join(dir, 'items.npy'), k: [2, 5], metric: 'cosine', ci: 0.05 })
    expect(masked(run)).toEqual(golden('estimate-file-ci'))
  })

  it('on a matrix the caller holds, which it leaves unchanged', async () => {
    const e = generate('normal', 2000, 32, 1)
    const before = e.data.slice()
    const info = { synthetic: 'normal(0,1) seed=1', n: 2000, d: 32 }
    const run = await estimate({ embeddings: e, info, k: '2..20:3', center: true })
    expect(masked(run)).toEqual(golden('estimate-synthetic'))
    expect(e.data).toEqual(before)
  })

  it('refuses bad settings naming the option', async () => {
    const e = generate('normal', 10, 4, 1)
    await expect(estimate({ embeddings: e, k: [11] })).rejects.toThrow(
      'estimate: set size k=11 exceeds the number of items N=10; use k <= 10.',
    )
    await expect(estimate({ embeddings: e, k: [2], seed: -1 })).rejects.toThrow(
      expect.objectContaining({ field: 'seed' }),
    )
  })
})
