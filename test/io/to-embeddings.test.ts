import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import {
  estimate,
  estimateConsistency,
  InputError,
  loadEngine,
  toEmbeddings,
  type Embeddings,
} from '../../src/index.js'

const CLI = join(import.meta.dirname, '../../dist/cli/main.js')

/** A little-endian float32 .npy (version 1.0) of `e`, written by hand: saveNpy refuses NaN. */
function npy(e: Embeddings): Buffer {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${e.n}, ${e.d}), }`
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n'
  const head = Buffer.alloc(10)
  head.write('\x93NUMPY', 0, 'latin1')
  head.writeUInt8(1, 6)
  head.writeUInt16LE(header.length, 8)
  return Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(e.data.buffer)])
}

describe("toEmbeddings: the explicit conversion of a caller's values", () => {
  it('takes rows, a Float64Array or a flat array with d, rounding to float32', () => {
    const rows = toEmbeddings([
      [0.1, 0.2],
      [0.3, -0.1],
    ])
    expect([rows.n, rows.d]).toEqual([2, 2])
    expect(Array.from(rows.data)).toEqual([0.1, 0.2, 0.3, -0.1].map(Math.fround))
    const flat = toEmbeddings(Float64Array.of(1, 2, 3, 4, 5, 6), { d: 3, ids: ['a', 'b'] })
    expect([flat.n, flat.d, flat.ids]).toEqual([2, 3, ['a', 'b']])
    expect(flat.data).toBeInstanceOf(Float32Array)
  })

  it('refuses ragged rows, a missing d, NaN, Infinity and values beyond float32, naming row and column', () => {
    expect(() => toEmbeddings([[1, 2], [3]])).toThrow('embeddings: row 2 holds 1 values, row 1 holds 2')
    expect(() => toEmbeddings([1, 2, 3])).toThrow(/pass \{ d \}/)
    expect(() => toEmbeddings([1, 2, 3], { d: 2 })).toThrow(/do not split into rows of d = 2/)
    expect(() => toEmbeddings([[1, NaN]])).toThrow(
      'embeddings: row 1, column 2 is NaN; every value must be finite: drop or repair that row.',
    )
    expect(() => toEmbeddings([[1], [-Infinity]])).toThrow('embeddings: row 2, column 1 is -Infinity')
    expect(() => toEmbeddings([[1e39]])).toThrow(/row 1, column 1 is 1e\+39, beyond float32/)
  })
})

describe("a caller's matrix is checked as a file is", () => {
  const nan: Embeddings = { n: 3, d: 2, data: Float32Array.of(1, 2, 3, NaN, 5, 6) }

  it('the run and the estimator refuse NaN with the sentence the CLI prints for a file', async () => {
    const sentence = 'row 2, column 2 is NaN; every value must be finite: drop or repair that row.'
    await expect(estimate({ embeddings: nan, k: '2' })).rejects.toThrow(`embeddings: ${sentence}`)
    await expect(estimateConsistency(nan, { ks: [2], engine: loadEngine('typescript') })).rejects.toThrow(sentence)
    const dir = mkdtempSync(join(tmpdir(), 'avgcon-nan-'))
    try {
      writeFileSync(join(dir, 'x.npy'), npy(nan))
      const r = spawnSync(process.execPath, [CLI, 'estimate', join(dir, 'x.npy'), '--k', '2'], { encoding: 'utf8' })
      expect(r.status).toBe(2)
      expect(r.stderr).toContain(sentence)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a Float64Array gets one sentence naming the conversion, not a native TypeError', async () => {
    const wide = { n: 2, d: 1, data: Float64Array.of(1, 2) } as unknown as Embeddings
    const err = await estimate({ embeddings: wide, k: '2' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as Error).message).toBe(
      'embeddings: data is a Float64Array; avgcon stores embeddings as one row-major Float32Array: convert with toEmbeddings(values, { d }).',
    )
  })
})
