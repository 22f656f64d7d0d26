/** The library's `diagnose` returns exactly what `avgcon diagnose --json` prints (golden files). */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { diagnose, diagnoseOn } from '../../src/runs/diagnose.js'
import { loadRunInput } from '../../src/runs/input.js'
import { tempDir } from '../helpers/cli.js'
import { golden, inputs, masked } from './cases.js'

const { dir, cleanup } = tempDir('avgcon-run-diagnose-')
beforeAll(() => inputs(dir))
afterAll(cleanup)

describe('diagnose() is `avgcon diagnose --json`', () => {
  it('diagnose-file', async () => {
    const run = await diagnose({ file: join(dir, 'items.npy'), names: join(dir, 'names.item'), k: 5, samples: 300 })
    expect(masked(run)).toEqual(golden('diagnose-file'))
  })
  it('diagnose-synthetic', async () => {
    const run = await diagnose({ synthetic: 'normal', n: 2000, d: 16, itemHubness: 200, samples: 300 })
    expect(masked(run)).toEqual(golden('diagnose-synthetic'))
  })
  it("names label the hubs of a copy: the caller's matrix keeps its ids", async () => {
    const input = await loadRunInput({ file: join(dir, 'items.npy') })
    const before = input.embeddings.ids
    const run = await diagnoseOn(input, { names: join(dir, 'names.item'), k: 5, samples: 300 })
    expect(input.embeddings.ids).toBe(before)
    expect(run.diagnostics.hubness.averages.top.some((h) => h.id !== undefined && !/^\d+$/.test(h.id))).toBe(true)
  })
  it('refuses k above N, naming the option', async () => {
    await expect(diagnose({ file: join(dir, 'items.npy'), k: 101 })).rejects.toThrow(
      expect.objectContaining({
        field: 'k',
        message: 'diagnose: 101 exceeds the number of items N=100; use k <= 100.',
      }),
    )
  })
})
