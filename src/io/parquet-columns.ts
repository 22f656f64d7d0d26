/**
 * Which Parquet columns hold the vectors and the ids: the schema's top-level columns
 * described, then the choice among them (explicit names first, then the defaults
 * documented on loadParquet).
 */
import { type FileMetaData, type SchemaTree, parquetSchema } from 'hyparquet'

/** Which columns the caller asked for (the column options of ParquetLoadOptions). */
export interface ColumnChoice {
  /** The list column holding the vectors. */
  column?: string
  /** The column holding the ids. */
  idColumnName?: string
}
import { InputError, warn } from '../errors.js'

type ColumnKind = 'list' | 'float' | 'integer' | 'string' | 'other'

/** A top-level column of the file's schema. */
export interface ColumnInfo {
  name: string
  kind: ColumnKind
  /** For lists: whether the elements are numbers. */
  numericElements: boolean
  /** The type as messages show it: "list<float>", "int64", "string", ... */
  type: string
}

/** Where the vectors and ids come from. */
export interface ColumnPlan {
  /** One list column, or several scalar numeric columns (one per dimension). */
  vectors: { list: string } | { columns: string[] }
  ids?: ColumnInfo
}

const ID_NAME = /^(id|ids|key|word|token|name|item|item_?id|song_?id|track_?id|.+_id)$/i
const PANDAS_INDEX = /^__index_level_\d+__$/
/** Converted/logical types under which an integer is a date, time or decimal, not a count. */
const NOT_PLAIN_NUMBER = /DATE|TIME|DECIMAL|INTERVAL/

export function describeColumns(path: string, metadata: FileMetaData): ColumnInfo[] {
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
export function planColumns(path: string, columns: ColumnInfo[], options: ColumnChoice): ColumnPlan {
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
function pickIdColumn(path: string, columns: ColumnInfo[], options: ColumnChoice): ColumnInfo | undefined {
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
