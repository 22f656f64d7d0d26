/** The library's `align` returns exactly what `avgcon align --json` prints (golden files). */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { align } from '../../src/runs/align.js'
import { golden, inCaseDir, masked } from './cases.js'

// The envelope echoes the log's path as given: run where the CLI cases ran.
const dir = inCaseDir('avgcon-run-align-')

describe('align() is `avgcon align --json`', () => {
  it('align-transform, writing --out', async () => {
    const run = await align({
      file: 'items.npy',
      transform: 'clip-norms=0.5',
      interactions: 'log.tsv',
      k: [2, 5],
      samples: 200,
      diagnoseSamples: 300,
      out: 'clip.npy',
    })
    expect(masked(run)).toEqual(golden('align-transform'))
    expect(existsSync(join(dir, 'clip.npy'))).toBe(true)
  })
  it('align-sweep', async () => {
    const run = await align({
      sweep: true,
      interactions: 'log.tsv',
      strengths: [0, 10],
      dim: 8,
      iterations: 3,
      diagnoseSamples: 200,
    })
    expect(masked(run)).toEqual(golden('align-sweep'))
  })
  it('refuses an --out name of unknown format, naming the option', async () => {
    await expect(align({ file: 'items.npy', transform: 'normalize', out: 'x.bin' })).rejects.toThrow(
      expect.objectContaining({ field: 'out' }),
    )
  })
})
