/**
 * word2vec binary loader: files built byte by byte here, with and without the
 * newline after each vector, load to the same matrix and words bit for bit, at
 * any read size; bad files fail with one InputError naming the file and the row.
 */
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InputError, setWarnSink } from '../../src/errors.js'
import type { Embeddings } from '../../src/io/embeddings.js'
import { loadEmbeddings } from '../../src/io/index.js'
import { loadWord2vecBinary } from '../../src/io/word2vec-binary.js'
import { arbitraryEmbeddings, expectSameEmbeddings, makeTempDir } from './helpers.js'

let tmp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  tmp = makeTempDir()
  setWarnSink(() => undefined)
})
afterEach(() => tmp.cleanup())

/** How a word2vec binary file is laid out. */
interface BinaryLayout {
  /** "\n" after each vector (gensim, the C tool), or nothing. */
  newline?: boolean
  /** Header text to write instead of "N d". */
  header?: string
}

/** Builds a word2vec binary file: "N d\n", then per row "word " + d little-endian float32 (+ "\n"). */
function buildWord2vecBinary(e: Embeddings, layout: BinaryLayout = {}): Uint8Array {
  const { newline = true, header = `${e.n} ${e.d}` } = layout
  const parts: Uint8Array[] = [Buffer.from(`${header}\n`)]
  for (let i = 0; i < e.n; i++) {
    parts.push(Buffer.from(`${e.ids![i]} `, 'utf8'))
    const vector = new Uint8Array(4 * e.d)
    const view = new DataView(vector.buffer)
    for (let j = 0; j < e.d; j++) view.setFloat32(4 * j, e.data[i * e.d + j]!, true)
    parts.push(vector)
    if (newline) parts.push(Buffer.from('\n'))
  }
  return Buffer.concat(parts)
}

async function expectLoadError(name: string, bytes: Uint8Array, message: string): Promise<void> {
  const path = tmp.write(name, bytes)
  const error = await loadEmbeddings(path, { chunkSize: 5 }).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(InputError)
  expect((error as Error).message).toBe(message.replaceAll('{path}', path))
}

const words = (n: number): string[] => Array.from({ length: n }, (_, i) => (i % 2 ? `wörd_${i}` : `w${i}`))
const small: Embeddings = {
  n: 3,
  d: 2,
  data: Float32Array.from([1, -2.5, 0.1, 3e38, -0, 1e-45]),
  ids: ['the', 'Köln', '</s>'],
}

describe('loadWord2vecBinary round trips', () => {
  it('reads any matrix and its words bit for bit, with or without newlines, at any read size', async () => {
    const noSpaces = arbitraryEmbeddings({ ids: 'always', maxN: 15, maxD: 8 }).filter((e) =>
      e.ids!.every((id) => !/[\s\n\r]/.test(id)),
    )
    await fc.assert(
      fc.asyncProperty(noSpaces, fc.boolean(), fc.constantFrom(1, 2, 7, 64, 1 << 22), async (e, newline, chunkSize) => {
        const path = tmp.write('r.bin', buildWord2vecBinary(e, { newline }))
        expectSameEmbeddings(await loadWord2vecBinary(path, { chunkSize }), e)
      }),
      { numRuns: 300 },
    )
  })

  it('loads .bin through loadEmbeddings, with rows longer than a read', async () => {
    const e: Embeddings = {
      n: 50,
      d: 300,
      data: Float32Array.from({ length: 15000 }, (_, k) => Math.cos(k)),
      ids: words(50),
    }
    expectSameEmbeddings(await loadEmbeddings(tmp.write('big.bin', buildWord2vecBinary(e)), { chunkSize: 1000 }), e)
    expectSameEmbeddings(
      await loadEmbeddings(tmp.write('w.bin', buildWord2vecBinary(small, { newline: false }))),
      small,
    )
  })
})

describe('loadWord2vecBinary errors', () => {
  const valid = buildWord2vecBinary(small)

  it('says where a truncated file ends', async () => {
    await expectLoadError(
      'a.bin',
      valid.subarray(0, valid.length - 4),
      '{path}: row 3 (word "</s>") has 5 of its 8 vector bytes; the file is truncated: re-create it.',
    )
    // Checked before allocating N x d floats: a corrupt header must not ask for GiBs.
    await expectLoadError(
      'z.bin',
      buildWord2vecBinary(small, { header: '1000000000 300' }),
      `{path}: the header promises 1000000000 rows of 300 float32 values, at least ${1e9 * 1202} bytes, but ${valid.length - 4} bytes follow it; the file is truncated or the header is wrong.`,
    )
    const e: Embeddings = { n: 3, d: 2, data: new Float32Array(6), ids: ['a_long_word', 'b', 'c'] }
    const file = buildWord2vecBinary(e)
    await expectLoadError(
      'b.bin',
      file.subarray(0, file.length - 3),
      '{path}: row 3 (word "c") has 6 of its 8 vector bytes; the file is truncated: re-create it.',
    )
    await expectLoadError(
      'c.bin',
      file.subarray(0, file.length - 10),
      '{path}: row 3 ends inside its word (no space before the end of the file); the file is truncated: re-create it.',
    )
  })

  it('says when the header is missing or its N or d disagree with the rows', async () => {
    await expectLoadError(
      'h.bin',
      Buffer.from('\x93NUMPY garbage\n'),
      '{path}: does not start with a word2vec header line "N d"; it is not a word2vec binary file (a fastText .bin model is not one either: save its vectors with save_word2vec_format).',
    )
    const fewer: Embeddings = { n: 3, d: 2, data: new Float32Array(6), ids: ['a_long_word', 'b', 'c'] }
    await expectLoadError(
      'n.bin',
      buildWord2vecBinary(fewer, { header: '4 2' }).subarray(0),
      '{path}: the header promises 4 rows but the file holds 3; the file may be truncated: re-export it or fix the header.',
    )
    const more = buildWord2vecBinary(small, { header: '2 2' })
    await expectLoadError(
      'm.bin',
      more,
      `{path}: the file continues after the 2 rows its header promises (at byte ${more.length - 14}); the header's N may be wrong: fix it or re-export the file.`,
    )
    const ones: Embeddings = { n: 2, d: 2, data: Float32Array.from([1, 1, 1, 1]), ids: ['ab', 'cd'] }
    await expectLoadError(
      'd.bin',
      buildWord2vecBinary(ones, { header: '2 1' }),
      "{path}: row 2's word holds control byte 0 (file byte 11); the header's d may be wrong, or the file is damaged.",
    )
  })

  it('points a text word2vec file saved as .bin at the text loader, and reports NaN through validation', async () => {
    await expectLoadError(
      't.bin',
      Buffer.from('2 3\nthe 0.1 0.2 0.3\nof 0.4 0.5 0.6\n'),
      '{path}: the values after the first word "the" are text, so this is a word2vec text file; name it .txt or .vec, or pass --format word2vec.',
    )
    const nan: Embeddings = { n: 2, d: 2, data: Float32Array.from([1, 2, 3, NaN]), ids: ['a', 'b'] }
    await expectLoadError(
      'nan.bin',
      buildWord2vecBinary(nan),
      '{path}: row 2 (id "b"), column 2 is NaN; every value must be finite: drop or repair that row.',
    )
  })

  it('fails only with one-line InputErrors naming the file, however the file is cut or overwritten', async () => {
    const file = buildWord2vecBinary({
      n: 6,
      d: 3,
      data: Float32Array.from({ length: 18 }, (_, k) => k - 4.5),
      ids: words(6),
    })
    const writes = fc.array(fc.tuple(fc.nat(file.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 3 })
    await fc.assert(
      fc.asyncProperty(
        fc.nat(file.length),
        writes,
        fc.constantFrom(1, 3, 1 << 20),
        async (cut, overwrites, chunkSize) => {
          const bytes = Uint8Array.from(file)
          for (const [at, byte] of overwrites) bytes[at] = byte
          const path = tmp.write('f.bin', bytes.subarray(0, cut))
          try {
            const e = await loadEmbeddings(path, { chunkSize })
            expect(e.data.length).toBe(e.n * e.d)
          } catch (error) {
            if (!(error instanceof InputError)) throw error
            expect(error.message.startsWith(path)).toBe(true)
            expect(error.message).not.toMatch(/\n/)
          }
        },
      ),
      { numRuns: 800 },
    )
  })
})
