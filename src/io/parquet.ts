/**
 * Apache Parquet embeddings, read with hyparquet (codecs from hyparquet-compressors).
 * The vectors are one list column (list<float>, list<double>; a pyarrow
 * fixed_size_list is stored as a Parquet LIST too) or, when the file has no list
 * column, d numeric columns. Ids come from a string or integer column. Row groups
 * are read one at a time and copied into one row-major Float32Array.
 */
import {
  type AsyncBuffer,
  type DecodedArray,
  type FileMetaData,
  type ParquetScan,
  parquetMetadataAsync,
  parquetScan,
} from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { type promises as fsp } from 'node:fs'
import { InputError } from '../errors.js'
import { allocateMatrix, type Embeddings } from './embeddings.js'
import { openReadableFile, readFully } from './file-access.js'
import { limitsForSize, runSandboxed } from './sandbox.js'
import { describeColumns, planColumns, type ColumnPlan } from './parquet-columns.js'

declare module './registry.js' {
  interface LoadOptions {
    /** Parquet: the list column holding the vectors; default: the only list column, else every numeric column. */
    column?: string
    /** Parquet: the column holding the ids (strings or integers); default: the only string column, else one named like an id. */
    idColumnName?: string
    /** Parquet: cancels the decode (the child process that decodes is killed). */
    signal?: AbortSignal
    /** Parquet: milliseconds after which an unfinished decode is reported as a damaged file. */
    decodeTimeoutMs?: number
  }
}

/** Options for {@link loadParquet}. */
export interface ParquetLoadOptions {
  /** The list column holding the vectors; default: the only list column of numbers, else every numeric column. */
  column?: string
  /** The column holding the ids (strings or integers, kept as strings); default: guessed (see {@link loadParquet}). */
  idColumnName?: string
  /** Cancels the decode (the child process is killed); the promise rejects with the signal's reason. */
  signal?: AbortSignal
  /** Milliseconds after which a decode that has not finished is reported as a damaged file (default 20 s + 0.4 s per MiB). */
  decodeTimeoutMs?: number
}

const MAGIC = 'PAR1'

/**
 * Reads an (N, d) embeddings matrix from a Parquet file. The vectors are the
 * `column` list column; by default the only list column of numbers, or, without
 * any, every numeric column in schema order except the id column. Ids are the
 * `idColumnName` column; by default the only string column, else the only column
 * named like an id (id, item_id, word, ...), else a pandas index column
 * (`__index_level_0__`), else none. Every problem is an
 * InputError naming the file and the column.
 */
export async function loadParquet(path: string, options: ParquetLoadOptions = {}): Promise<Embeddings> {
  // hyparquet can loop forever or grow an array until V8 aborts on damaged pages
  // (its RLE reader never advances on a zero-length run): decode in a worker.
  const { handle, size } = await openReadableFile(path)
  await handle.close()
  const { signal, decodeTimeoutMs, ...plain } = options
  const limits = limitsForSize(size)
  return runSandboxed<Embeddings>(path, 'parquet', 'decodeParquet', [path, plain], {
    ...limits,
    timeoutMs: decodeTimeoutMs ?? limits.timeoutMs,
    signal,
  })
}

/** Decodes in this thread; {@link loadParquet} runs it in a worker. Exported for the worker only. */
export async function decodeParquet(path: string, options: ParquetLoadOptions = {}): Promise<Embeddings> {
  const { handle, size } = await openReadableFile(path)
  try {
    const file = fileBuffer(path, handle, size)
    await checkMagic(path, file)
    const metadata = await guard(path, 'metadata', () => parquetMetadataAsync(file))
    const columns = describeColumns(path, metadata)
    const plan = planColumns(path, columns, options)
    const needed = 'list' in plan.vectors ? [plan.vectors.list] : [...plan.vectors.columns]
    if (plan.ids) needed.push(plan.ids.name)
    const scan = await guard(path, 'schema', () => parquetScan({ file, metadata, compressors, columns: needed }))
    return await readRows(path, scan, Number(metadata.num_rows), plan)
  } finally {
    await handle.close()
  }
}

/** An AsyncBuffer over an open file; reads past the end come back short, for hyparquet to report. */
function fileBuffer(path: string, handle: fsp.FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const from = Math.min(Math.max(0, start), size)
      const to = Math.min(Math.max(from, end ?? size), size)
      const bytes = new Uint8Array(to - from)
      const got = await readFully(path, handle, bytes, from)
      return got === bytes.length ? bytes.buffer : bytes.buffer.slice(0, got)
    },
  }
}

/** Both ends of a Parquet file read "PAR1": says "not Parquet" or "truncated" before hyparquet would. */
async function checkMagic(path: string, file: AsyncBuffer): Promise<void> {
  if (file.byteLength < 12)
    throw new InputError(
      `${path}: ${file.byteLength} bytes is too short for a Parquet file (at least 12); the file is truncated or not Parquet.`,
    )
  const ascii = async (at: number): Promise<string> => Buffer.from(await file.slice(at, at + 4)).toString('latin1')
  if ((await ascii(0)) !== MAGIC)
    throw new InputError(
      `${path}: does not start with the Parquet magic "PAR1"; it is not a Parquet file (name the format if the extension is wrong).`,
    )
  if ((await ascii(file.byteLength - 4)) !== MAGIC)
    throw new InputError(
      `${path}: does not end with the Parquet magic "PAR1"; the file is truncated (an interrupted copy or write): re-create it.`,
    )
}

/** Runs a hyparquet call; its errors (damaged bytes) become one InputError naming the file. */
async function guard<T>(path: string, what: string, action: () => T | Promise<T>, place = ''): Promise<T> {
  try {
    return await action()
  } catch (error) {
    if (error instanceof InputError) throw error
    const message = error instanceof Error ? error.message : String(error)
    throw new InputError(
      `${path}: cannot read the Parquet ${what} (${message.replace(/\s+/g, ' ').replace(/\.$/, '')})${place}; the file is damaged or truncated: re-create it.`,
    )
  }
}

/**
 * Where a column's chunk for the row group holding `rowStart` lies: " in row group 2,
 * rows 501-1000, file bytes 4711-9122", so a damaged page can be located with a hex
 * viewer or parquet-tools. Empty when the (possibly damaged) metadata does not say.
 */
function chunkPlace(metadata: FileMetaData, column: string, rowStart: number): string {
  try {
    let first = 0
    for (const [g, group] of metadata.row_groups.entries()) {
      const rows = Number(group.num_rows)
      if (rowStart < first + rows) {
        const chunk = group.columns.find((c) => c.meta_data?.path_in_schema[0] === column)?.meta_data
        if (!chunk) return ''
        const start = Number(chunk.dictionary_page_offset ?? chunk.data_page_offset)
        const end = start + Number(chunk.total_compressed_size) - 1
        const bytes = Number.isSafeInteger(start) && end >= start ? `, file bytes ${start}-${end}` : ''
        return ` in row group ${g + 1}, rows ${first + 1}-${first + rows}${bytes}`
      }
      first += rows
    }
  } catch {
    // Damaged metadata: the message goes without the place.
  }
  return ''
}

/** Reads the row groups in order into one row-major matrix, with the ids when planned. */
async function readRows(path: string, scan: ParquetScan, rows: number, plan: ColumnPlan): Promise<Embeddings> {
  if (rows === 0)
    throw new InputError(`${path}: the Parquet file holds no rows; the file must hold at least one vector.`)
  const read = (column: string, rowStart: number, rowEnd: number): Promise<DecodedArray> =>
    guard(
      path,
      `column ${column}`,
      () => scan.readColumn({ column, rowStart, rowEnd }),
      chunkPlace(scan.metadata, column, rowStart),
    )
  const ids: string[] | undefined = plan.ids ? [] : undefined
  let data: Float32Array | undefined
  let d = 0
  let done = 0
  for (const { rowStart, rowEnd } of scan.ranges) {
    if (rowStart !== done)
      throw new InputError(
        `${path}: the Parquet row groups skip rows ${done + 1} to ${rowStart}; the metadata is damaged: re-create the file.`,
      )
    if ('list' in plan.vectors) {
      const lists = await read(plan.vectors.list, rowStart, rowEnd)
      if (!data) {
        d = firstListLength(path, plan.vectors.list, lists[0])
        data = allocateMatrix(path, rows, d)
      }
      copyLists(path, plan.vectors.list, lists, rowStart, data, d)
    } else {
      d = plan.vectors.columns.length
      data ??= allocateMatrix(path, rows, d)
      for (const [j, column] of plan.vectors.columns.entries())
        copyColumn(path, column, await read(column, rowStart, rowEnd), rowStart, data, d, j)
    }
    if (ids && plan.ids) appendIds(path, plan.ids.name, await read(plan.ids.name, rowStart, rowEnd), rowStart, ids)
    done = rowEnd
  }
  if (done !== rows || !data)
    throw new InputError(
      `${path}: the Parquet metadata promises ${rows} rows but the row groups hold ${done}; the file is damaged: re-create it.`,
    )
  const e: Embeddings = { n: rows, d, data }
  if (ids) e.ids = ids
  return e
}

function firstListLength(path: string, column: string, first: unknown): number {
  if (first === null || first === undefined)
    throw new InputError(
      `${path}: row 1 of column ${column} is null; every row needs a vector: drop or fill the missing rows.`,
    )
  if (!Array.isArray(first) || first.length === 0)
    throw new InputError(`${path}: row 1 of column ${column} is an empty list; each vector needs at least one value.`)
  return first.length
}

/** Copies one row group of lists (row `rowStart` on) into `data`, checking length, nulls and types. */
function copyLists(
  path: string,
  column: string,
  lists: DecodedArray,
  rowStart: number,
  data: Float32Array,
  d: number,
): void {
  for (let r = 0; r < lists.length; r++) {
    const list: unknown = lists[r]
    const row = rowStart + r + 1
    if (!Array.isArray(list)) {
      const what =
        list === null || list === undefined
          ? 'is null; every row needs a vector: drop or fill the missing rows'
          : 'is not a list'
      throw new InputError(`${path}: row ${row} of column ${column} ${what}.`)
    }
    if (list.length !== d)
      throw new InputError(
        `${path}: row ${row} of column ${column} has ${list.length} values, expected ${d} (as in row 1); every vector must have the same length.`,
      )
    const offset = (rowStart + r) * d
    for (let j = 0; j < d; j++) {
      const value: unknown = list[j]
      data[offset + j] = typeof value === 'number' ? value : toNumber(path, column, row, j + 1, value)
      const stored = data[offset + j]!
      if (stored - stored !== 0 && Number.isFinite(value)) throw overflow(path, column, row, j + 1, value as number)
    }
  }
}

/** Copies one row group of a numeric column into dimension `j` of `data`. */
function copyColumn(
  path: string,
  column: string,
  values: DecodedArray,
  rowStart: number,
  data: Float32Array,
  d: number,
  j: number,
): void {
  for (let r = 0; r < values.length; r++) {
    const value: unknown = values[r]
    const at = (rowStart + r) * d + j
    data[at] = typeof value === 'number' ? value : toNumber(path, column, rowStart + r + 1, 0, value)
    const stored = data[at]!
    if (stored - stored !== 0 && Number.isFinite(value))
      throw overflow(path, column, rowStart + r + 1, 0, value as number)
  }
}

/** A bigint as a number; anything else (null, a string) is an InputError at (row, position). */
function toNumber(path: string, column: string, row: number, position: number, value: unknown): number {
  if (typeof value === 'bigint') return Number(value)
  const where = position > 0 ? `value ${position} of row ${row} of column ${column}` : `row ${row} of column ${column}`
  if (value === null || value === undefined)
    throw new InputError(`${path}: ${where} is null; every value must be a number: drop or fill the missing rows.`)
  throw new InputError(
    `${path}: ${where} is ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value}, not a number.`,
  )
}

function overflow(path: string, column: string, row: number, position: number, value: number): InputError {
  const where = position > 0 ? `value ${position} of row ${row} of column ${column}` : `row ${row} of column ${column}`
  return new InputError(
    `${path}: ${where} (${value}) overflows float32 (largest 3.4e38); rescale the data before saving.`,
  )
}

/** Appends one row group of ids (strings, or integers written in decimal). */
function appendIds(path: string, column: string, values: DecodedArray, rowStart: number, ids: string[]): void {
  for (let r = 0; r < values.length; r++) {
    const value: unknown = values[r]
    if (typeof value === 'string') ids.push(value)
    else if (typeof value === 'number' || typeof value === 'bigint') ids.push(String(value))
    else if (value === null || value === undefined)
      throw new InputError(
        `${path}: row ${rowStart + r + 1} of id column ${column} is null; every row needs an id: fill it, or load without ids.`,
      )
    else throw new InputError(`${path}: row ${rowStart + r + 1} of id column ${column} is not a string or an integer.`)
  }
}
