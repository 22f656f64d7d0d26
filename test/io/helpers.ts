/**
 * Shared test helpers for src/io: temporary directories, random matrices, and
 * hand-built npy files (independent of the writer under test).
 */
import fc from 'fast-check'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect } from 'vitest'
import { setWarnSink } from '../../src/errors.js'
import type { Embeddings } from '../../src/io/embeddings.js'

/**
 * Property tests repeat exactly from run to run; AVGCON_FC_SEED=<n> explores other
 * cases (a failure prints its seed, so it can be replayed).
 */
fc.configureGlobal({ seed: Number(process.env.AVGCON_FC_SEED ?? 20230918) })

/** A temporary directory for one test. */
export interface TempDir {
  dir: string
  path(name: string): string
  write(name: string, data: string | Uint8Array): string
  cleanup(): void
}

/** A fresh directory under the OS temp dir; `cleanup()` removes it. */
export function makeTempDir(): TempDir {
  const dir = mkdtempSync(join(tmpdir(), 'avgcon-io-'))
  const path = (name: string): string => join(dir, name)
  return {
    dir,
    path,
    write(name, data) {
      writeFileSync(path(name), data)
      return path(name)
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** Random finite float32 matrices (including -0, subnormals and the extremes) with optional ids. */
export function arbitraryEmbeddings(
  options: { ids?: 'never' | 'always' | 'maybe'; maxN?: number; maxD?: number } = {},
): fc.Arbitrary<Embeddings> {
  const { ids = 'maybe', maxN = 12, maxD = 6 } = options
  return fc.record({ n: fc.integer({ min: 1, max: maxN }), d: fc.integer({ min: 1, max: maxD }) }).chain(({ n, d }) =>
    fc
      .record({
        values: fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: n * d, maxLength: n * d }),
        withIds: ids === 'maybe' ? fc.boolean() : fc.constant(ids === 'always'),
        idList: fc.array(arbitraryId(), { minLength: n, maxLength: n }),
      })
      .map(({ values, withIds, idList }) => {
        const e: Embeddings = { n, d, data: Float32Array.from(values) }
        if (withIds) e.ids = idList
        return e
      }),
  )
}

/** Ids such as word2vec and CSV files hold: non-empty, no whitespace or line breaks, some numeric-looking. */
export function arbitraryId(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.integer({ min: 0, max: 1e6 }).map((i) => `item_${i}`),
    fc.integer({ min: 0, max: 1e6 }).map(String),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).filter((s) => !/[\s"]/.test(s) && s.trim() === s),
  )
}

/** Asserts two embeddings are identical, bit for bit (so -0 and 0 differ). */
export function expectSameEmbeddings(actual: Embeddings, expected: Embeddings): void {
  expect(actual.n).toBe(expected.n)
  expect(actual.d).toBe(expected.d)
  expect(actual.ids).toEqual(expected.ids)
  expect(new Uint32Array(actual.data.buffer, actual.data.byteOffset, actual.data.length)).toEqual(
    new Uint32Array(expected.data.buffer, expected.data.byteOffset, expected.data.length),
  )
}

/** How a hand-built npy file stores its array. */
export interface NpyLayout {
  descr?: string
  fortran?: boolean
  version?: 1 | 2 | 3
  shape?: number[]
  /** Header padding multiple; numpy uses 64 (16 in old versions). */
  align?: number
  /** Header dict text to write instead of the one built from the other fields. */
  dict?: string
}

/**
 * Builds a .npy file byte by byte with DataView, independent of saveNpy:
 * any float dtype and byte order, C or Fortran order, header version 1 to 3.
 */
export function buildNpy(e: Embeddings, layout: NpyLayout = {}): Uint8Array {
  const { descr = '<f4', fortran = false, version = 1, shape = [e.n, e.d], align = 64 } = layout
  const dict =
    layout.dict ??
    `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`
  const preamble = version === 1 ? 10 : 12
  const headerText = Buffer.from(dict, version === 3 ? 'utf8' : 'latin1')
  const total = Math.ceil((preamble + headerText.length + 1) / align) * align
  const itemBytes = Number(descr.slice(2))
  const out = new Uint8Array(total + e.n * e.d * itemBytes)
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0])
  const view = new DataView(out.buffer)
  if (version === 1) view.setUint16(8, total - preamble, true)
  else view.setUint32(8, total - preamble, true)
  out.fill(0x20, preamble, total - 1)
  out.set(headerText, preamble)
  out[total - 1] = 0x0a
  const little = descr[0] !== '>'
  for (let k = 0; k < e.n * e.d; k++) {
    // File order k maps to (row, column) by the storage order.
    const [i, j] = fortran ? [k % e.n, Math.floor(k / e.n)] : [Math.floor(k / e.d), k % e.d]
    const value = e.data[i * e.d + j]!
    const at = total + k * itemBytes
    if (itemBytes === 4) view.setFloat32(at, value, little)
    else if (itemBytes === 8) view.setFloat64(at, value, little)
    else view.setUint16(at, floatToHalfBits(value), little)
  }
  return out
}

/** float16 bits of a value that float16 represents exactly (tests only use such values). */
export function floatToHalfBits(value: number): number {
  if (value === 0) return Object.is(value, -0) ? 0x8000 : 0
  const sign = value < 0 ? 0x8000 : 0
  const magnitude = Math.abs(value)
  if (magnitude === Infinity) return sign | 0x7c00
  if (magnitude < 2 ** -14) return sign | Math.round(magnitude / 2 ** -24)
  let exponent = Math.floor(Math.log2(magnitude))
  // log2 may be off by one ulp near powers of two: settle the exponent exactly.
  while (magnitude / 2 ** exponent >= 2) exponent++
  while (magnitude / 2 ** exponent < 1) exponent--
  const fraction = Math.round((magnitude / 2 ** exponent - 1) * 1024)
  return sign | ((exponent + 15) << 10) | fraction
}

/** Writes `bytes` to `path` (a convenience for readability). */
export function writeBytes(path: string, bytes: Uint8Array | string): string {
  writeFileSync(path, bytes)
  return path
}

/**
 * Gives every test of the calling file a fresh temporary directory and the list of
 * warnings it raised (warn() is redirected into it), both undone after the test.
 */
export function useTempDirAndWarnings(set: (dir: TempDir, warnings: string[]) => void): void {
  let dir: TempDir
  let previousSink: (message: string) => void
  beforeEach(() => {
    dir = makeTempDir()
    const warnings: string[] = []
    previousSink = setWarnSink((message) => warnings.push(message))
    set(dir, warnings)
  })
  afterEach(() => {
    dir.cleanup()
    setWarnSink(previousSink)
  })
}
