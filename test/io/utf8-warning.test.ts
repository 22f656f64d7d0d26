/** Ids that are not valid UTF-8 give one warning with a count and the first line, not silent U+FFFD. */
import { describe, expect, it } from 'vitest'
import { loadEmbeddings } from '../../src/io/registry.js'
import { loadWord2vecBinary } from '../../src/io/word2vec-binary.js'
import { type TempDir, useTempDirAndWarnings } from './helpers.js'

let tmp: TempDir
let warnings: string[]
useTempDirAndWarnings((dir, list) => {
  tmp = dir
  warnings = list
})

describe('non-UTF-8 ids', () => {
  it('warns once with the count and the first (1-based) line', async () => {
    const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1')
    const bytes = Buffer.concat([
      Buffer.from('a\t1\t2\n'),
      latin1('caf\xe9\t3\t4\n'), // line 2: Latin-1 é, invalid as UTF-8
      Buffer.from('b\t5\t6\n'),
      latin1('na\xefve\t7\t8\n'), // line 4
    ])
    const path = tmp.write('e.tsv', bytes)
    const e = await loadEmbeddings(path)
    expect(e.n).toBe(4)
    expect(warnings.filter((w) => w.includes('UTF-8'))).toEqual([
      `${path}: 2 lines are not valid UTF-8 (first: line 2); those bytes were read as U+FFFD, so ids there may not match: re-save the file as UTF-8.`,
    ])
  })

  it('says nothing for valid UTF-8, including a real U+FFFD character', async () => {
    const path = tmp.write('ok.tsv', 'caf\u00e9\t1\t2\nx\ufffd\t3\t4\n')
    await loadEmbeddings(path)
    expect(warnings.filter((w) => w.includes('UTF-8'))).toEqual([])
  })

  it('warns for word2vec binary words too, naming the first (1-based) row', async () => {
    const row = (word: Buffer, values: number[]): Buffer => {
      const floats = Buffer.alloc(4 * values.length)
      values.forEach((v, j) => floats.writeFloatLE(v, 4 * j))
      return Buffer.concat([word, Buffer.from(' '), floats, Buffer.from('\n')])
    }
    const bytes = Buffer.concat([
      Buffer.from('3 2\n'),
      row(Buffer.from('ok'), [1, 2]),
      row(Buffer.from('caf\xe9', 'latin1'), [3, 4]), // row 2: Latin-1 é
      row(Buffer.from('x\ufffd'), [5, 6]), // a real U+FFFD is valid UTF-8
    ])
    const path = tmp.write('w.bin', bytes)
    const e = await loadWord2vecBinary(path)
    expect(e.n).toBe(3)
    expect(warnings.filter((w) => w.includes('UTF-8'))).toEqual([
      `${path}: word is not valid UTF-8 (first: row 2); those bytes were read as U+FFFD, so ids there may not match: re-save the file with UTF-8 words.`,
    ])
  })
})
