import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Embeddings } from '../../src/io/embeddings.js'
import { loadEmbeddings } from '../../src/io/registry.js'
import { saveDelimited } from '../../src/io/save-delimited.js'
import { arbitraryEmbeddings, arbitraryId, expectSameEmbeddings, makeTempDir } from './helpers.js'
import { arbitraryTextLayout, buildDelimited } from './text-builders.js'

let tmp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  tmp = makeTempDir()
})
afterEach(() => tmp.cleanup())

const extensionFor = { ',': 'csv', '\t': 'tsv', ' ': 'txt', '  ': 'txt' } as const

/** A first row 0, 1, 2, ... reads as pandas' integer column names, by design; keep it out of header-less data. */
function startsWithCountingRow(e: Embeddings): boolean {
  if (e.d < 2) return false
  const row = [...e.data.subarray(0, e.d)]
  return (row[0] === 0 || row[0] === 1) && row.every((v, j) => v === row[0]! + j)
}

describe('delimited text', () => {
  it('loads a CSV with header, ids, quotes, CRLF, blank lines and no final newline', async () => {
    const path = tmp.write('a.csv', 'id,x,y\r\n"item, 1",0.5,-1\r\n\r\nitem_2, 2e-3 ,3\r\n"say ""hi""",inf,1')
    await expect(loadEmbeddings(path)).rejects.toThrow(
      `${path}: line 5, column 2 is Infinity; every value must be finite: drop or repair that line.`,
    )
    tmp.write('a.csv', 'id,x,y\r\n"item, 1",0.5,-1\r\n\r\nitem_2, 2e-3 ,3\r\n"say ""hi""",4,1')
    expect(await loadEmbeddings(path)).toEqual({
      n: 3,
      d: 2,
      data: Float32Array.from([0.5, -1, 2e-3, 3, 4, 1]),
      ids: ['item, 1', 'item_2', 'say "hi"'],
    })
  })

  it('guesses the delimiter of a .txt from line 1', async () => {
    expect((await loadEmbeddings(tmp.write('t.txt', 'a\t1\t2\nb\t3\t4\n'))).data).toEqual(
      Float32Array.from([1, 2, 3, 4]),
    )
    expect((await loadEmbeddings(tmp.write('c.txt', 'a,1,2\nb,3,4\n'))).ids).toEqual(['a', 'b'])
    expect((await loadEmbeddings(tmp.write('s.txt', '  1   2 \n 3 4\n'))).data).toEqual(Float32Array.from([1, 2, 3, 4]))
  })

  it('honours the idColumn, header and delimiter options', async () => {
    const path = tmp.write('n.csv', '42,0.5\n43,1.5\n')
    expect(await loadEmbeddings(path)).toEqual({ n: 2, d: 2, data: Float32Array.from([42, 0.5, 43, 1.5]) })
    expect(await loadEmbeddings(path, { idColumn: true })).toEqual({
      n: 2,
      d: 1,
      data: Float32Array.from([0.5, 1.5]),
      ids: ['42', '43'],
    })
    expect((await loadEmbeddings(path, { header: true })).data).toEqual(Float32Array.from([43, 1.5]))
    expect((await loadEmbeddings(tmp.write('semi.csv', 'a;1;2\n'), { delimiter: ';' })).ids).toEqual(['a'])
  })

  it('reads a one-column file and a file whose ids are numbers under an "id" header', async () => {
    expect(await loadEmbeddings(tmp.write('one.csv', '1\n2\n3'))).toEqual({
      n: 3,
      d: 1,
      data: Float32Array.from([1, 2, 3]),
    })
    expect((await loadEmbeddings(tmp.write('num.csv', 'id,a,b\n7,1,2\n8,3,4\n'))).ids).toEqual(['7', '8'])
  })

  it('reads hand-built files of every layout back to the same matrix, with tiny chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryEmbeddings({ ids: 'maybe', maxN: 15 }),
        arbitraryTextLayout(),
        fc.integer({ min: 1, max: 50 }),
        async (generated, layout, chunkSize) => {
          // Without a header, ids must look like text to be recognised as ids.
          const e =
            generated.ids && !layout.header ? { ...generated, ids: generated.ids.map((id) => `w${id}`) } : generated
          fc.pre(layout.header || !startsWithCountingRow(e))
          const path = tmp.write(`h.${extensionFor[layout.delimiter]}`, buildDelimited(e, layout))
          expectSameEmbeddings(await loadEmbeddings(path, { chunkSize }), e)
        },
      ),
      { numRuns: 400 },
    )
  })

  it('round-trips saveDelimited output for CSV, TSV and space-separated text, bit for bit', async () => {
    const csvId = fc.oneof(arbitraryId(), fc.constantFrom('a,b', '"q"', 'x "y", z', ' padded ', ''))
    const withCsvIds = arbitraryEmbeddings({ ids: 'never' }).chain((e) =>
      fc
        .option(fc.array(csvId, { minLength: e.n, maxLength: e.n }), { nil: undefined })
        .map((ids) => (ids ? { ...e, ids } : e)),
    )
    await fc.assert(
      fc.asyncProperty(withCsvIds, fc.constantFrom('csv', 'tsv'), async (e, extension) => {
        fc.pre(e.ids !== undefined || !startsWithCountingRow(e))
        const path = tmp.path(`s.${extension}`)
        await saveDelimited(path, e)
        expectSameEmbeddings(await loadEmbeddings(path, { chunkSize: 16 }), e)
      }),
      { numRuns: 150 },
    )
    await fc.assert(
      fc.asyncProperty(arbitraryEmbeddings(), async (e) => {
        fc.pre(e.ids !== undefined || !startsWithCountingRow(e))
        const path = tmp.path('s.txt')
        await saveDelimited(path, e)
        expectSameEmbeddings(await loadEmbeddings(path), e)
      }),
      { numRuns: 100 },
    )
  })

  it('writes a header exactly when there are ids, unless told otherwise', async () => {
    const e: Embeddings = { n: 2, d: 2, data: Float32Array.from([0.1, 2, -0, 1e-7]) }
    await saveDelimited(tmp.path('a.csv'), e)
    expect(readFileSync(tmp.path('a.csv'), 'utf8')).toBe('0.1,2\n-0,1e-7\n')
    await saveDelimited(tmp.path('b.tsv'), { ...e, ids: ['7', 'x\ty'] })
    expect(readFileSync(tmp.path('b.tsv'), 'utf8')).toBe('id\tv1\tv2\n7\t0.1\t2\n"x\ty"\t-0\t1e-7\n')
    await saveDelimited(tmp.path('c.txt'), e, { header: true, delimiter: ',' })
    expect(readFileSync(tmp.path('c.txt'), 'utf8')).toBe('v1,v2\n0.1,2\n-0,1e-7\n')
  })

  it('refuses ids a format cannot store', async () => {
    const e: Embeddings = { n: 1, d: 1, data: Float32Array.from([1]), ids: ['a b'] }
    const path = tmp.path('x.txt')
    await expect(saveDelimited(path, e)).rejects.toThrow(
      `${path}: id 1 ("a b") is empty or holds a space, which space-separated text cannot store; save as CSV or TSV instead.`,
    )
    await expect(saveDelimited(tmp.path('x.csv'), { ...e, ids: ['a\nb'] })).rejects.toThrow(
      `${tmp.path('x.csv')}: id 1 ("a\\nb") contains a line break; remove it, rows are one per line.`,
    )
  })
})
