/** The library's `sets` returns exactly what `avgcon sets --json` prints (golden.test.ts pins the CLI). */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sets } from '../../src/runs/sets.js'
import { setWarnSink } from '../../src/errors.js'
import { tempDir } from '../helpers/cli.js'
import { golden, inputs, masked } from './cases.js'

const { dir, cleanup } = tempDir('avgcon-run-sets-')
beforeAll(() => inputs(dir))
afterAll(cleanup)

describe('sets() is `avgcon sets --json`', () => {
  it('on an interaction log with names', async () => {
    const run = await sets({ file: join(dir, 'items.npy'), sets: join(dir, 'log.tsv'), names: join(dir, 'names.item') })
    expect(masked(run)).toEqual(golden('sets-log'))
  })

  it('on one set per line, cosine, Precision@5', async () => {
    const previous = setWarnSink(() => {})
    try {
      const run = await sets({
        file: join(dir, 'items.npy'),
        sets: join(dir, 'lines.txt'),
        setFormat: 'lines',
        metric: 'cosine',
        at: 5,
      })
      expect(masked(run)).toEqual(golden('sets-lines'))
    } finally {
      setWarnSink(previous)
    }
  })

  it('refuses n = 0 before reading any file', async () => {
    await expect(sets({ file: 'missing.npy', sets: 'missing.tsv', at: 0 })).rejects.toThrow(
      expect.objectContaining({ field: 'at' }),
    )
  })
})
