/**
 * The word2vec text format, as gensim (`save_word2vec_format(binary=False)`)
 * and fastText (`.vec`) write it: a first line "N d", then "id v1 ... vd" per line.
 */
import { InputError } from '../errors.js'
import { splitWhitespace } from './cells.js'
import type { Embeddings } from './embeddings.js'
import { forEachLine, type LineReaderOptions } from './line-reader.js'
import { MatrixBuilder } from './matrix-builder.js'

const HEADER = /^[ \t]*(\d+)[ \t]+(\d+)[ \t]*$/

/**
 * True when the first line is exactly two integers "N d" and a second line
 * follows holding an id and d values (unless `head` cuts it off; `complete` says
 * `head` is the whole file): tells a word2vec `.txt` from a plain matrix whose
 * first row happens to be two integers.
 */
export function looksLikeWord2vecText(head: Uint8Array, complete = false): boolean {
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('utf8')
  const lines = text.split('\n', 3)
  const header = HEADER.exec(lines[0]!.replace(/^\uFEFF/, '').replace(/\r$/, ''))
  if (!header || Number(header[2]) < 1) return false
  if (lines.length < 2 || lines[1] === '') return false
  if (lines.length === 2 && !complete) return true
  return splitWhitespace(lines[1]!.replace(/\r$/, '')).length === Number(header[2]) + 1
}

/** Reads a word2vec text file; the row count must match the header's N. */
export async function loadWord2vecText(path: string, options: LineReaderOptions = {}): Promise<Embeddings> {
  let declaredRows = -1
  let headerLine = 0
  let builder: MatrixBuilder | undefined
  await forEachLine(
    path,
    (text, lineNumber) => {
      if (builder) return readRow(builder, text, lineNumber, headerLine)
      if (text.trim() === '') return
      ;[declaredRows, builder] = readHeader(path, text, lineNumber)
      headerLine = lineNumber
    },
    options,
  )
  if (!builder) throw new InputError(`${path}: holds only blank lines; a word2vec file starts with a line "N d".`)
  if (builder.rows !== declaredRows) {
    throw new InputError(
      `${path}: the header (line ${headerLine}) promises ${declaredRows} rows but the file holds ${builder.rows}; the file may be truncated: re-export it or fix the header.`,
    )
  }
  return { n: builder.rows, d: builder.d, data: builder.finish(), ids: builder.ids }
}

function readHeader(path: string, text: string, lineNumber: number): [number, MatrixBuilder] {
  const header = HEADER.exec(text)
  if (!header) {
    const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text)
    throw new InputError(
      `${path}: line ${lineNumber} is ${shown}, not a word2vec header "N d"; add that line or load the file as plain text (format txt).`,
    )
  }
  const [rows, d] = [Number(header[1]), Number(header[2])]
  if (d < 1)
    throw new InputError(
      `${path}: the header (line ${lineNumber}) declares d = 0; each vector needs at least one value.`,
    )
  if (rows < 1)
    throw new InputError(`${path}: the header (line ${lineNumber}) declares 0 rows; the file holds no vectors.`)
  // Trust the header for the first allocation, but not blindly: it may be corrupt.
  return [rows, new MatrixBuilder(path, d, Math.min(rows, 1 << 16))]
}

function readRow(builder: MatrixBuilder, text: string, lineNumber: number, headerLine: number): void {
  const cells = splitWhitespace(text)
  if (cells.length === 0) return
  if (cells.length - 1 !== builder.d) {
    throw new InputError(
      `${builder.path}: line ${lineNumber} has ${cells.length - 1} values after the id, expected ${builder.d} (from the header on line ${headerLine}); every row must be "id v1 ... vd" with no spaces in the id.`,
    )
  }
  builder.appendCells(cells, 1, lineNumber)
  builder.addId(cells[0]!)
}
