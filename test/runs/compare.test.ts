/** The library's `compare` and `demo` return exactly what their commands print with --json (golden files). */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compare } from '../../src/runs/compare.js'
import { demo } from '../../src/runs/demo.js'
import { tempDir } from '../helpers/cli.js'
import { golden, inputs, masked } from './cases.js'

const { dir, cleanup } = tempDir('avgcon-run-compare-')
beforeAll(() => inputs(dir))
afterAll(cleanup)

describe('compare() is `avgcon compare --json`', () => {
  it('compare', async () => {
    const run = await compare({ file: join(dir, 'items.npy'), center: true, k: '2..20:6', samples: 300 })
    expect(masked(run)).toEqual(golden('compare'))
  })
  it('refuses a set size above N, naming the option', async () => {
    await expect(compare({ file: join(dir, 'items.npy'), k: [101] })).rejects.toThrow(
      expect.objectContaining({ field: 'ks' }),
    )
  })
})

describe('demo() is `avgcon demo --json`', () => {
  it('demo', async () => {
    const run = await demo({ k: [2, 5], samples: 200 })
    expect(masked(run)).toEqual(golden('demo'))
  })
})
