/** The library's `train` returns exactly what `avgcon train --json` prints (golden files). */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { train } from '../../src/runs/train.js'
import { golden, inCaseDir, masked } from './cases.js'

// The envelope echoes the log's and the output's paths as given: run where the CLI cases ran,
// so `output.file` is the relative name the golden files record (als.npy, svd.csv).
const dir = inCaseDir('avgcon-run-train-')

describe('train() is `avgcon train --json`', () => {
  it('train-als, writing als.npy and its ids', async () => {
    const run = await train({ method: 'als', interactions: 'log.tsv', dim: 8, iterations: 4, out: 'als.npy' })
    expect(masked(run)).toEqual(golden('train-als'))
    expect(existsSync(join(dir, 'als.npy'))).toBe(true)
    expect(existsSync(join(dir, 'als.npy.ids.txt'))).toBe(true)
  })
  it('train-svd, writing svd.csv', async () => {
    const run = await train({
      method: 'svd',
      interactions: 'log.tsv',
      dim: 8,
      matrix: 'interactions',
      out: 'svd.csv',
    })
    expect(masked(run)).toEqual(golden('train-svd'))
    expect(existsSync(join(dir, 'svd.csv'))).toBe(true)
  })
  it.each([
    [{ dim: 0 }, 'dim'],
    [{ testFraction: 1 }, 'testFraction'],
    [{ seed: -1 }, 'seed'],
    [{ alpha: -2 }, 'alpha'],
    [{ method: 'svd' as const, alpha: 2 }, 'alpha'],
    [{ out: 'x.bin' }, 'out'],
    [{ saveUsers: 'u.bin' }, 'saveUsers'],
  ])('refuses %o naming the field, before reading the log, and writes nothing', async (bad, field) => {
    const o = { method: 'als' as const, interactions: 'missing.tsv', out: 'bad.npy', ...bad }
    await expect(train(o)).rejects.toThrow(expect.objectContaining({ name: 'InputError', field }))
    expect(existsSync(join(dir, 'bad.npy'))).toBe(false)
  })
})
