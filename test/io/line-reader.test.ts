import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { forEachLine } from '../../src/io/line-reader.js'
import { makeTempDir } from './helpers.js'

let tmp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  tmp = makeTempDir()
})
afterEach(() => tmp.cleanup())

async function readLines(path: string, chunkSize?: number): Promise<[string[], number[]]> {
  const lines: string[] = []
  const numbers: number[] = []
  await forEachLine(
    path,
    (line, lineNumber) => {
      lines.push(line)
      numbers.push(lineNumber)
    },
    { chunkSize },
  )
  return [lines, numbers]
}

/** What a reader should deliver: split on LF, one CR before it dropped, nothing after a final LF. */
function expectedLines(text: string): string[] {
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  return lines.map((line) => line.replace(/\r$/, ''))
}

describe('forEachLine', () => {
  it('splits LF and CRLF lines, with and without a final newline', async () => {
    const path = tmp.write('a.txt', 'one\r\ntwo\n\nthree')
    expect(await readLines(path)).toEqual([
      ['one', 'two', '', 'three'],
      [1, 2, 3, 4],
    ])
  })

  it('drops a UTF-8 byte-order mark on line 1 only', async () => {
    const path = tmp.write('bom.txt', '\uFEFFa,b\n\uFEFFc\n')
    expect((await readLines(path))[0]).toEqual(['a,b', '\uFEFFc'])
  })

  it('delivers lines longer than the chunk, and multi-byte characters cut by chunk edges', async () => {
    const text = 'αβγδεζηθ,1.5\n😀😀😀😀,2\nshort\n' + 'x'.repeat(100)
    const path = tmp.write('long.txt', text)
    for (const chunkSize of [1, 2, 3, 5, 7, 64]) {
      expect((await readLines(path, chunkSize))[0]).toEqual(expectedLines(text))
    }
  })

  it('matches splitting the whole text, for any text and chunk size', async () => {
    const piece = fc.constantFrom('a', 'é', '😀', ',', ' ', '\t', '\n', '\r\n', '\r', '1.5', '')
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 60 }),
        fc.integer({ min: 1, max: 40 }),
        async (pieces, chunkSize) => {
          const text = 'x' + pieces.join('') // never empty: an empty file is an error
          const path = tmp.write('p.txt', text)
          const [lines, numbers] = await readLines(path, chunkSize)
          expect(lines).toEqual(expectedLines(text))
          expect(numbers).toEqual(lines.map((_, i) => i + 1))
        },
      ),
      { numRuns: 200 },
    )
  })
})
