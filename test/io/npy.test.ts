import fc from 'fast-check'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Embeddings } from '../../src/io/embeddings.js'
import { loadNpy, saveNpy } from '../../src/io/npy.js'
import { arbitraryEmbeddings, buildNpy, expectSameEmbeddings, floatToHalfBits, makeTempDir } from './helpers.js'

let tmp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  tmp = makeTempDir()
})
afterEach(() => tmp.cleanup())

const small: Embeddings = { n: 2, d: 3, data: Float32Array.from([1, -2.5, 0.1, 3e38, -0, 1e-45]) }

describe('saveNpy', () => {
  it('writes a v1.0 little-endian float32 C-order header padded to 64 bytes', async () => {
    const path = tmp.path('x.npy')
    await saveNpy(path, small)
    const bytes = readFileSync(path)
    expect([...bytes.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0])
    const headerLength = bytes.readUInt16LE(8)
    expect((10 + headerLength) % 64).toBe(0)
    const header = bytes.toString('latin1', 10, 10 + headerLength)
    expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} +\n$/)
    expect(bytes.length).toBe(10 + headerLength + 6 * 4)
    expect(bytes.subarray(10 + headerLength)).toEqual(Buffer.from(small.data.buffer))
  })

  it('writes ids to <file>.ids.txt and reads them back', async () => {
    const path = tmp.path('x.npy')
    await saveNpy(path, { ...small, ids: ['a', 'b b'] })
    expect(readFileSync(`${path}.ids.txt`, 'utf8')).toBe('a\nb b\n')
    expect((await loadNpy(path)).ids).toEqual(['a', 'b b'])
  })

  it('removes an old sidecar when saving without ids, so stale ids are never read back', async () => {
    const path = tmp.path('x.npy')
    await saveNpy(path, { ...small, ids: ['a', 'b'] })
    await saveNpy(path, small)
    expect(existsSync(`${path}.ids.txt`)).toBe(false)
    expect((await loadNpy(path)).ids).toBeUndefined()
  })

  it('round-trips any float32 matrix bit for bit, ids included', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryEmbeddings({ ids: 'maybe', maxN: 20, maxD: 9 }), async (e) => {
        const path = tmp.path('r.npy')
        await saveNpy(path, e)
        expectSameEmbeddings(await loadNpy(path), e)
      }),
      { numRuns: 150 },
    )
  })
})

describe('loadNpy', () => {
  const layouts = [
    { descr: '<f4' },
    { descr: '>f4' },
    { descr: '<f8' },
    { descr: '>f8' },
    { descr: '<f4', fortran: true },
    { descr: '>f8', fortran: true },
    { descr: '<f4', version: 2 as const },
    { descr: '>f4', version: 3 as const, fortran: true },
    { descr: '<f4', align: 16 },
    { descr: '=f4' },
  ]

  it('reads every byte order, storage order, width and header version to the same matrix', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryEmbeddings({ ids: 'never', maxN: 15, maxD: 7 }),
        fc.constantFrom(...layouts),
        fc.integer({ min: 1, max: 64 }),
        async (e, layout, chunkSize) => {
          const path = tmp.path('h.npy')
          writeFileSync(path, buildNpy(e, layout))
          // Tiny chunks make conversions and transposition cross chunk edges.
          expectSameEmbeddings(await loadNpy(path, { chunkSize }), e)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('reads float16, exactly', async () => {
    const halves = [1, -2, 65504, 2 ** -24, 0.333251953125, -0, 2 ** -14, 1000.5]
    const e: Embeddings = { n: 4, d: 2, data: Float32Array.from(halves) }
    expect(floatToHalfBits(1)).toBe(0x3c00)
    for (const descr of ['<f2', '>f2']) {
      for (const fortran of [false, true]) {
        const path = tmp.write(`f16-${descr[0] === '<' ? 'le' : 'be'}-${fortran}.npy`, buildNpy(e, { descr, fortran }))
        expectSameEmbeddings(await loadNpy(path, { chunkSize: 3 }), e)
      }
    }
  })

  it('reads float16 bit patterns as the values they encode', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.integer({ min: 0, max: 0xffff }).filter((h) => (h & 0x7c00) !== 0x7c00),
          { minLength: 1, maxLength: 40 },
        ),
        async (bits) => {
          const bytes = buildNpy({ n: bits.length, d: 1, data: new Float32Array(bits.length) }, { descr: '<f2' })
          const dataStart = bytes.length - bits.length * 2
          bits.forEach((h, i) => new DataView(bytes.buffer).setUint16(dataStart + i * 2, h, true))
          const path = tmp.write('bits.npy', bytes)
          const loaded = await loadNpy(path)
          bits.forEach((h, i) => {
            const sign = h & 0x8000 ? -1 : 1
            const exponent = (h >> 10) & 0x1f
            const mantissa = h & 0x3ff
            const expected =
              exponent === 0
                ? ((sign * mantissa) / 1024) * 2 ** -14
                : sign * 2 ** (exponent - 15) * (1 + mantissa / 1024)
            expect(Object.is(loaded.data[i], expected)).toBe(true)
          })
        },
      ),
      { numRuns: 50 },
    )
  })

  it('rounds float64 to the nearest float32', async () => {
    const e = { n: 1, d: 3, data: Float32Array.from([0.1, 1 / 3, -2.5]) }
    const bytes = buildNpy(e, { descr: '<f8' })
    const view = new DataView(bytes.buffer)
    const start = bytes.length - 24
    ;[0.1, 1 / 3, -2.5].forEach((v, i) => view.setFloat64(start + 8 * i, v, true))
    const loaded = await loadNpy(tmp.write('f8.npy', bytes))
    expect([...loaded.data]).toEqual([Math.fround(0.1), Math.fround(1 / 3), -2.5])
  })

  it('treats Fortran order with one row or one column like C order (the fast path)', async () => {
    for (const [n, d] of [
      [1, 5],
      [5, 1],
    ]) {
      const e = { n, d, data: Float32Array.from({ length: 5 }, (_, i) => i + 0.5) }
      expectSameEmbeddings(await loadNpy(tmp.write(`f${n}.npy`, buildNpy(e, { fortran: true }))), e)
    }
  })
})
