import { describe, expect, it } from 'vitest'
import type { Embeddings } from '../../src/io/embeddings.js'
import { detectFormat, listFormats, loadEmbeddings, registerFormat, warnDuplicateIds } from '../../src/io/registry.js'
import { type TempDir, useTempDirAndWarnings } from './helpers.js'

let tmp: TempDir
let warnings: string[]
useTempDirAndWarnings((dir, captured) => {
  tmp = dir
  warnings = captured
})

describe('format registry', () => {
  it('knows the built-in formats by name and extension', () => {
    expect(listFormats().map((format) => [format.name, format.extensions])).toEqual([
      ['npy', ['.npy']],
      ['csv', ['.csv']],
      ['tsv', ['.tsv', '.tab']],
      ['word2vec', ['.vec', '.txt']],
      ['txt', ['.txt', '.ssv']],
    ])
  })

  it('detects by extension, case-insensitively, and sniffs .txt', async () => {
    expect(await detectFormat('/nowhere/x.NPY')).toBe('npy')
    expect(await detectFormat('/nowhere/x.Csv')).toBe('csv')
    expect(await detectFormat('/nowhere/x.tab')).toBe('tsv')
    expect(await detectFormat('/nowhere/x.vec')).toBe('word2vec')
    expect(await detectFormat(tmp.write('w.txt', '1 2\na 0.5 1\n'))).toBe('word2vec')
    expect(await detectFormat(tmp.write('m.txt', '1 2\n3 4\n'))).toBe('txt')
  })

  it('loads with a named format whatever the extension', async () => {
    const path = tmp.write('data.dat', 'a 1 2\n')
    expect(await loadEmbeddings(path, { format: 'txt' })).toEqual({
      n: 1,
      d: 2,
      data: Float32Array.from([1, 2]),
      ids: ['a'],
    })
    const word2vec = tmp.write('w.txt', '2 2\na 1 2\nb 3 4\n')
    await expect(loadEmbeddings(word2vec, { format: 'txt' })).rejects.toThrow(
      `${word2vec}: line 2 has 3 values, expected 2 (as on line 1); every row must hold the same number of values.`,
    )
  })

  it('takes new formats, which then load by extension, and validates what they return', async () => {
    registerFormat({
      name: 'test-ones',
      extensions: ['.ONES', 'uno'],
      load: async (_path, options): Promise<Embeddings> => ({
        n: 1,
        d: 2,
        data: Float32Array.from([1, options.chunkSize ?? NaN]),
      }),
    })
    const path = tmp.write('x.ones', 'anything')
    expect(await detectFormat(path)).toBe('test-ones')
    expect(await detectFormat('/nowhere/x.UNO')).toBe('test-ones')
    expect((await loadEmbeddings(path, { chunkSize: 5 })).data).toEqual(Float32Array.from([1, 5]))
    await expect(loadEmbeddings(path)).rejects.toThrow(
      `${path}: row 1, column 2 is NaN; every value must be finite: drop or repair that row.`,
    )
  })

  it('warns once about repeated ids, naming the first repeat', async () => {
    const path = tmp.write('dup.csv', 'a,1\nb,2\na,3\nb,4\nc,5\n')
    expect((await loadEmbeddings(path)).ids).toEqual(['a', 'b', 'a', 'b', 'c'])
    expect(warnings).toEqual([
      `${path}: 2 rows repeat an id (first: "a" on rows 1 and 3); look-ups by id will find the first.`,
    ])
    warnDuplicateIds('x', ['q', 'q'])
    expect(warnings[1]).toBe('x: 1 row repeats an id (first: "q" on rows 1 and 2); look-ups by id will find the first.')
    warnDuplicateIds('y', ['p', 'q'])
    expect(warnings).toHaveLength(2)
  })
})
