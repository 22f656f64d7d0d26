import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { detectFormat, loadEmbeddings } from '../../src/io/registry.js'
import { looksLikeWord2vecText } from '../../src/io/word2vec-text.js'
import { arbitraryEmbeddings, expectSameEmbeddings, makeTempDir } from './helpers.js'
import { buildWord2vec, formatters } from './text-builders.js'

let tmp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  tmp = makeTempDir()
})
afterEach(() => tmp.cleanup())

const sniff = (text: string, complete = true): boolean => looksLikeWord2vecText(Buffer.from(text), complete)

describe('word2vec text', () => {
  it('loads gensim output (.txt) and fastText output (.vec, trailing spaces)', async () => {
    const gensim = tmp.write('g.txt', '2 3\nthe 0.1 -0.2 0.3\nnew\u00a0york 1 2 3\n')
    expect(await detectFormat(gensim)).toBe('word2vec')
    expect(await loadEmbeddings(gensim)).toEqual({
      n: 2,
      d: 3,
      data: Float32Array.from([0.1, -0.2, 0.3, 1, 2, 3]),
      ids: ['the', 'new\u00a0york'],
    })
    const fasttext = tmp.write('f.vec', '2 2\r\n, 1 2 \r\n</s> 3 4 \r\n')
    expect((await loadEmbeddings(fasttext)).ids).toEqual([',', '</s>'])
  })

  it('sniffs "N d" over a row of an id and d values, and nothing else', () => {
    expect(sniff('2 3\nthe 1 2 3\n')).toBe(true)
    expect(sniff('\uFEFF2 3\r\nthe 1 2 3\r\n')).toBe(true)
    expect(sniff('2 3\nthe 1 2', false)).toBe(true) // second line cut off by the sniff window
    expect(sniff('2 3\nthe 1 2')).toBe(false)
    expect(sniff('3 4\n5 6\n')).toBe(false) // a two-column integer matrix
    expect(sniff('3 4\n')).toBe(false) // one row of two integers
    expect(sniff('3 4 5\na 1 2 3 4 5\n')).toBe(false)
    expect(sniff('3 0\na\n')).toBe(false)
    expect(sniff('3.0 4\na 1 2 3 4\n')).toBe(false)
  })

  it('loads any matrix written by gensim or fastText conventions, with tiny chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryEmbeddings({ ids: 'always', maxN: 15, maxD: 6 }),
        fc.record({
          trailingSpace: fc.boolean(),
          crlf: fc.boolean(),
          numbers: fc.constantFrom(...(Object.keys(formatters) as (keyof typeof formatters)[])),
        }),
        fc.constantFrom('vec', 'txt'),
        fc.integer({ min: 1, max: 40 }),
        async (e, options, extension, chunkSize) => {
          const path = tmp.write(`w.${extension}`, buildWord2vec(e, options))
          expectSameEmbeddings(await loadEmbeddings(path, { chunkSize }), e)
        },
      ),
      { numRuns: 300 },
    )
  })
})
