/**
 * Loader for delimited text (CSV, TSV, space-separated): streamed line by
 * line into a growing Float32Array, with the layout guessed from the first lines.
 */
import { InputError } from '../errors.js'
import { type Delimiter, splitCells } from './cells.js'
import { decideLayout, type Layout, type LayoutOptions } from './delimited-layout.js'
import type { Embeddings } from './embeddings.js'
import { forEachLine, type LineReaderOptions } from './line-reader.js'
import { MatrixBuilder } from './matrix-builder.js'

/** Options for {@link loadDelimited}: layout overrides plus the read chunk size. */
export interface DelimitedOptions extends LayoutOptions, LineReaderOptions {}

interface PendingLine {
  text: string
  lineNumber: number
}

/**
 * Reads a delimited text file. `delimiter` in options wins over `defaultDelimiter`
 * (the extension's), which wins over guessing from line 1.
 */
export async function loadDelimited(
  path: string,
  options: DelimitedOptions = {},
  defaultDelimiter?: Delimiter,
): Promise<Embeddings> {
  const layoutOptions = { ...options, delimiter: options.delimiter ?? defaultDelimiter }
  // The layout needs two non-blank lines; hold them until both are seen.
  const pending: PendingLine[] = []
  let rows: RowReader | undefined
  await forEachLine(
    path,
    (text, lineNumber) => {
      if (rows) return rows.read(text, lineNumber)
      if (text.trim() === '') return
      pending.push({ text, lineNumber })
      if (pending.length === 2) rows = startRows(path, pending, layoutOptions)
    },
    options,
  )
  if (!rows && pending.length > 0) rows = startRows(path, pending, layoutOptions)
  if (!rows || rows.builder === undefined || rows.builder.rows === 0) {
    throw new InputError(
      `${path}: no data rows found${rows?.layout.header ? ' below the header' : ''}; the file holds only blank lines or a header.`,
    )
  }
  const builder = rows.builder
  const e: Embeddings = { n: builder.rows, d: builder.d, data: builder.finish() }
  if (rows.layout.idColumn) e.ids = builder.ids
  return e
}

/** Decides the layout from the held lines, then feeds them to a new RowReader. */
function startRows(path: string, pending: readonly PendingLine[], options: LayoutOptions): RowReader {
  const layout = decideLayout(pending[0]!.text, pending[1]?.text, options)
  const rows = new RowReader(path, layout)
  pending.forEach((line, i) => {
    if (i > 0 || !layout.header) rows.read(line.text, line.lineNumber)
  })
  return rows
}

/** Parses data lines once the layout is known; the first data line fixes d. */
class RowReader {
  builder: MatrixBuilder | undefined
  private widthLine = 0

  constructor(
    readonly path: string,
    readonly layout: Layout,
  ) {}

  read(text: string, lineNumber: number): void {
    // trim() returns the same string when there is nothing to cut: no copy.
    if (text.trim() === '') return
    const cells = splitCells(text, this.layout.delimiter)
    if (cells === null) {
      throw new InputError(
        `${this.path}: line ${lineNumber} has a quote (") that is never closed; close it (a cell cannot span lines).`,
      )
    }
    const first = this.layout.idColumn ? 1 : 0
    const values = cells.length - first
    const builder = this.builder ?? this.start(values, lineNumber)
    if (values !== builder.d) {
      throw new InputError(
        `${this.path}: line ${lineNumber} has ${values} values, expected ${builder.d} (as on line ${this.widthLine}); every row must hold the same number of values.`,
      )
    }
    builder.appendCells(cells, first, lineNumber)
    if (first === 1) builder.addId(cells[0]!)
  }

  private start(values: number, lineNumber: number): MatrixBuilder {
    if (values < 1) {
      throw new InputError(
        `${this.path}: line ${lineNumber} holds an id but no values (d = 0); each row needs at least one number after the id.`,
      )
    }
    this.widthLine = lineNumber
    this.builder = new MatrixBuilder(this.path, values)
    return this.builder
  }
}
