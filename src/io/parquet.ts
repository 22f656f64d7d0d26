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
  type SchemaTree,
  parquetMetadataAsync,
  parquetScan,
  parquetSchema,
} from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { type promises as fsp } from 'node:fs'
import { InputError, warn } from '../errors.js'
import { allocateMatrix, type Embeddings } from './embeddings.js'
import { openReadableFile, readFully } from './file-access.js'
import { limitsForSize, runSandboxed } from './sandbox.js'

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

/** What a top-level column holds, as far as loading embeddings is concerned. */
type ColumnKind = 'list' | 'float' | 'integer' | 'string' | 'other'

/** A top-level column of the file's schema. */
interface ColumnInfo {
  name: string
  kind: ColumnKind
  /** For lists: whether the elements are numbers. */
  numericElements: boolean
  /** The type as messages show it: "list<float>", "int64", "string", ... */
  type: string
}

/** Where the vectors and ids come from. */
interface ColumnPlan {
  /** One list column, or several scalar numeric columns (one per dimension). */
  vectors: { list: string } | { columns: string[] }
  ids?: ColumnInfo
}

const MAGIC = 'PAR1'
const ID_NAME = /^(id|ids|key|word|token|name|item|item_?id|song_?id|track_?id|.+_id)$/i
const PANDAS_INDEX = /^__index_level_\d+__$/
/** Converted/logical types under which an integer is a date, time or decimal, not a count. */
const NOT_PLAIN_NUMBER = /DATE|TIME|DECIMAL|INTERVAL/

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
async function guard<T>(path: string, what: string, action: () => T | Promise<T>): Promise<T> {
  try {
    return await action()
  } catch (error) {
    if (error instanceof InputError) throw error
    const message = error instanceof Error ? error.message : String(error)
    throw new InputError(
      `${path}: cannot read the Parquet ${what} (${message.replace(/\s+/g, ' ').replace(/\.$/, '')}); the file is damaged or truncated: re-create it.`,
    )
  }
}

/** The top-level columns of the schema, classified. */
function describeColumns(path: string, metadata: FileMetaData): ColumnInfo[] {
  let tree: SchemaTree
  try {
    tree = parquetSchema(metadata)
  } catch (error) {
    throw new InputError(`${path}: the Parquet schema is damaged (${(error as Error).message}); re-create the file.`)
  }
  return tree.children.map(describeColumn)
}

function describeColumn(node: SchemaTree): ColumnInfo {
  const { element } = node
  const name = element.name
  const isList =
    element.converted_type === 'LIST' || element.logical_type?.type === 'LIST' || element.repetition_type === 'REPEATED'
  if (isList) {
    // Follow the single chain of groups (list > element, or legacy list > array) to the leaf.
    let leaf = node
    while (leaf.children.length === 1) leaf = leaf.children[0]!
    const inner =
      leaf === node
        ? scalarKind(node)
        : leaf.children.length > 0
          ? { kind: 'other' as const, type: 'struct' }
          : scalarKind(leaf)
    const numericElements = inner.kind === 'float' || inner.kind === 'integer'
    return { name, kind: 'list', numericElements, type: `list<${inner.type}>` }
  }
  if (node.children.length > 0)
    return { name, kind: 'other', numericElements: false, type: element.converted_type === 'MAP' ? 'map' : 'struct' }
  return { name, numericElements: false, ...scalarKind(node) }
}

/** The kind and type name of a leaf column. */
function scalarKind(node: SchemaTree): { kind: ColumnKind; type: string } {
  const { type, converted_type: converted, logical_type: logical } = node.element
  const annotation = `${converted ?? ''} ${logical?.type ?? ''}`
  if (logical?.type === 'FLOAT16') return { kind: 'float', type: 'float16' }
  if (type === 'FLOAT' || type === 'DOUBLE') return { kind: 'float', type: type.toLowerCase() }
  if (type === 'INT32' || type === 'INT64') {
    if (NOT_PLAIN_NUMBER.test(annotation))
      return { kind: 'other', type: (logical?.type ?? converted ?? type).toLowerCase() }
    return { kind: 'integer', type: type.toLowerCase() }
  }
  if (type === 'BYTE_ARRAY' && !/JSON|BSON|GEO|VARIANT/.test(annotation)) return { kind: 'string', type: 'string' }
  return { kind: 'other', type: (logical?.type ?? converted ?? type ?? 'group').toLowerCase() }
}

function listColumns(columns: readonly ColumnInfo[]): string {
  return columns.map((c) => `${c.name} (${c.type})`).join(', ')
}

/** Picks the vector column(s) and the id column from the options and the schema. */
function planColumns(path: string, columns: ColumnInfo[], options: ParquetLoadOptions): ColumnPlan {
  const ids = pickIdColumn(path, columns, options)
  if (options.column !== undefined) {
    const column = findColumn(path, columns, options.column, 'column')
    if (column.kind !== 'list' || !column.numericElements) {
      const hint =
        column.kind === 'float' || column.kind === 'integer'
          ? '; without --column every numeric column is one dimension'
          : ''
      throw new InputError(
        `${path}: column ${column.name} is ${column.type}, not a list of numbers${hint}; list columns: ${listColumns(columns.filter((c) => c.kind === 'list')) || 'none'}.`,
      )
    }
    if (ids?.name === column.name)
      throw new InputError(`${path}: ${column.name} cannot be both the vector column and the id column.`)
    return { vectors: { list: column.name }, ids }
  }
  const lists = columns.filter((c) => c.kind === 'list' && c.numericElements)
  if (lists.length > 1) {
    throw new InputError(
      `${path}: has ${lists.length} list columns (${listColumns(lists)}); pass --column NAME to pick the one holding the vectors.`,
    )
  }
  if (lists.length === 1) return { vectors: { list: lists[0]!.name }, ids }
  const numeric = columns.filter(
    (c) => (c.kind === 'float' || c.kind === 'integer') && c.name !== ids?.name && !PANDAS_INDEX.test(c.name),
  )
  if (numeric.length === 0) {
    throw new InputError(
      `${path}: has no list column of numbers and no numeric column to read vectors from; its columns are ${listColumns(columns)}.`,
    )
  }
  const ignored = columns.filter((c) => !numeric.includes(c) && c !== ids && !PANDAS_INDEX.test(c.name))
  if (ignored.length > 0)
    warn(
      `${path}: ignoring the non-numeric column${ignored.length === 1 ? '' : 's'} ${listColumns(ignored)}; each numeric column is one dimension.`,
    )
  return { vectors: { columns: numeric.map((c) => c.name) }, ids }
}

function findColumn(path: string, columns: ColumnInfo[], name: string, role: string): ColumnInfo {
  const column = columns.find((c) => c.name === name)
  if (!column)
    throw new InputError(
      `${path}: has no ${role} named ${JSON.stringify(name)}; its columns are ${listColumns(columns)}.`,
    )
  return column
}

/** The id column: the one asked for (string or integer), else a guess, else none. */
function pickIdColumn(path: string, columns: ColumnInfo[], options: ParquetLoadOptions): ColumnInfo | undefined {
  if (options.idColumnName !== undefined) {
    const column = findColumn(path, columns, options.idColumnName, 'id column')
    if (column.kind !== 'string' && column.kind !== 'integer') {
      throw new InputError(
        `${path}: id column ${column.name} is ${column.type}; ids must be a string or integer column.`,
      )
    }
    return column
  }
  // Guessing never takes an integer column unless it is named like an id: without
  // a list column, every other numeric column is a dimension.
  const strings = columns.filter((c) => c.kind === 'string')
  if (strings.length === 1) return strings[0]
  const idLike = columns.filter((c) => c.kind === 'string' || c.kind === 'integer')
  const named = idLike.filter((c) => ID_NAME.test(c.name))
  if (named.length === 1) return named[0]
  // pandas stores an unnamed DataFrame index as __index_level_0__: the item ids, often.
  const index = idLike.filter((c) => PANDAS_INDEX.test(c.name))
  return named.length === 0 && index.length === 1 ? index[0] : undefined
}

/** Reads every row group: the vectors into one Float32Array, the ids into strings. */
async function readRows(path: string, scan: ParquetScan, rows: number, plan: ColumnPlan): Promise<Embeddings> {
  if (rows === 0)
    throw new InputError(`${path}: the Parquet file holds no rows; the file must hold at least one vector.`)
  const read = (column: string, rowStart: number, rowEnd: number): Promise<DecodedArray> =>
    guard(path, `column ${column}`, () => scan.readColumn({ column, rowStart, rowEnd }))
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
