/**
 * Loader for delimited text (CSV, TSV, space-separated): streamed line by
 * line into a growing Float32Array, with the layout guessed from the first lines.
 */
import { InputError, warn } from '../errors.js'
import { type Delimiter, splitCells } from './cells.js'
import { decideLayout, type Layout, type LayoutOptions } from './delimited-layout.js'
import type { Embeddings } from './embeddings.js'
import { forEachLine, type LineReaderOptions } from './line-reader.js'
import { MatrixBuilder } from './matrix-builder.js'

/** Options for {@link loadDelimited}: layout overrides plus the read chunk size. */
export interface DelimitedOptions extends LayoutOptions, LineReaderOptions {
  /**
   * The header name of the id column (the file must have a header, and the name must be
   * that of column 1); implies `idColumn: true`.
   */
  idColumnName?: string
}

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
  else if (options.idColumn === undefined && options.idColumnName === undefined) warnCountingColumn(path, e)
  return e
}

/**
 * Warns when column 1, read as a dimension, holds exactly the consecutive integers
 * 0..N-1 or 1..N (N >= 3, d >= 2): most likely row ids of a headerless file.
 */
export function warnCountingColumn(path: string, e: Embeddings): void {
  const { n, d, data } = e
  if (n < 3 || d < 2) return
  const start = data[0]!
  if (start !== 0 && start !== 1) return
  for (let i = 1; i < n; i++) if (data[i * d] !== start + i) return
  warn(
    `${path}: the first column counts ${start}..${start + n - 1} like an id, but was read as a dimension; ` +
      'set the idColumn option (--id-column on the command line) to true (--id-column 1) to read it as ids, ' +
      'or to false (--id-column none) to silence this.',
  )
}

/** Decides the layout from the held lines, then feeds them to a new RowReader. */
function startRows(path: string, pending: readonly PendingLine[], options: DelimitedOptions): RowReader {
  const name = options.idColumnName
  const layout = decideLayout(pending[0]!.text, pending[1]?.text, {
    ...options,
    idColumn: options.idColumn ?? (name === undefined ? undefined : true),
  })
  if (name !== undefined) checkIdColumnName(path, pending[0]!.text, layout, name)
  const rows = new RowReader(path, layout)
  pending.forEach((line, i) => {
    if (i > 0 || !layout.header) rows.read(line.text, line.lineNumber)
  })
  return rows
}

/** Checks that the header names column 1 `name` (ids are read from column 1 only). */
function checkIdColumnName(path: string, headerLine: string, layout: Layout, name: string): void {
  if (!layout.header)
    throw new InputError(
      `${path}: the id column is named ${JSON.stringify(name)} but the file has no header line; give its number (1) instead, or say that line 1 is a header (the header option, --header on the command line).`,
      { field: 'idColumn' },
    )
  const cells = (splitCells(headerLine, layout.delimiter) ?? [headerLine]).map((cell) => cell.trim())
  const at = cells.indexOf(name.trim())
  if (at === 0) return
  const shown =
    cells
      .slice(0, 6)
      .map((cell) => JSON.stringify(cell))
      .join(', ') + (cells.length > 6 ? ', ...' : '')
  throw new InputError(
    at < 0
      ? `${path}: no header column is named ${JSON.stringify(name)} (the header holds ${shown}).`
      : `${path}: the id column ${JSON.stringify(name)} is column ${at + 1}, but text files hold ids in column 1 only; move it first.`,
    { field: 'idColumn' },
  )
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
