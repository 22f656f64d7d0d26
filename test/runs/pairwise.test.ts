/** The library's `pairwise` returns exactly what `avgcon pairwise --json` prints (golden files). */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pairwise } from '../../src/runs/pairwise.js'
import { generate } from '../../src/synthetic/index.js'
import { tempDir } from '../helpers/cli.js'
import { golden, inputs, masked } from './cases.js'

const { dir, cleanup } = tempDir('avgcon-run-pairwise-')
beforeAll(() => inputs(dir))
afterAll(cleanup)

describe('pairwise() is `avgcon pairwise --json`', () => {
  it('pairwise-synthetic: the law moments', async () => {
    const run = await pairwise({ synthetic: 'normal', n: 2000, d: 32, k: '2..20:6', pairs: 2000 })
    expect(masked(run)).toEqual(golden('pairwise-synthetic'))
  })
  it('pairwise-file: centred, measured moments', async () => {
    const run = await pairwise({ file: join(dir, 'items.npy'), center: true, k: [2, 5], pairs: 1000 })
    expect(masked(run)).toEqual(golden('pairwise-file'))
  })
  it('refuses k = N naming the field', async () => {
    const e = generate('normal', 10, 2, 1)
    await expect(pairwise({ embeddings: e, k: [2, 10] })).rejects.toThrow(
      'pairwise: set size k=10 leaves no item outside the set (N=10); use k < 10.',
    )
    await expect(pairwise({ embeddings: e, k: [2], pairs: 0 })).rejects.toThrow(
      expect.objectContaining({ field: 'pairs' }),
    )
  })
})
