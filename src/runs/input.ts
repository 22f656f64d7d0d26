/**
 * The embeddings a run works on: a file, generated i.i.d. embeddings, or a matrix the
 * caller already holds, then optionally centred and normalised (in that order).
 */
import { basename } from 'node:path'
import { InputError, warn } from '../errors.js'
import { nearZeroRows } from '../numeric.js'
import { detectFormat, loadEmbeddings } from '../io/index.js'
import { validateEmbeddings, type Embeddings } from '../io/embeddings.js'
import type { InputInfo } from '../results.js'
import { generate } from '../synthetic/index.js'
import { formatLaw, parseLaw, type Law } from '../theory/index.js'
import { center } from '../transform/center.js'
import { normalize } from '../transform/normalize.js'

/** An embedding file and how to read it. */
export interface FileSource {
  file: string
  /** The format when the extension does not say it (npy, csv, parquet, ...). */
  format?: string
  /** Parquet: the list column holding the vectors. */
  column?: string
  /**
   * The column holding the item ids. Parquet: its name. Text formats (csv, tsv, txt): its
   * 1-based number (only 1: ids come first), the header name of column 1, or `'none'` for
   * no id column; default: guessed.
   */
  idColumn?: string | number
  /** Text formats: whether the first non-blank line is a header; default: guessed. */
  header?: boolean
  /** safetensors: the 2-D tensor holding the vectors. */
  tensor?: string
  /** npz: the 2-D array holding the vectors (with or without ".npy"). */
  array?: string
}

/** N x d i.i.d. embeddings drawn from a coordinate law (`normal`, `uniform(-1,1)`, ...). */
export interface SyntheticSource {
  synthetic: string | Law
  n: number
  d: number
  /** Seed of the generator (default 1, as the CLI's --data-seed). */
  dataSeed?: number
}

/** A matrix already in memory; `info` is what the results JSON says about it (default: its N and d). */
export interface MatrixSource {
  embeddings: Embeddings
  info?: InputInfo
}

/** Where a run's embeddings come from. */
export type EmbeddingsSource = FileSource | SyntheticSource | MatrixSource

/** The transforms applied right after loading. */
export interface InputTransforms {
  /** Subtract the mean row first (as the paper does for real embeddings). */
  center?: boolean
  /** Scale every row to unit length (after centring). */
  normalize?: boolean
  /**
   * Leave out zero or near-zero rows (norm <= 1e-6 x the median: items a model never
   * trained) before anything else; without it they stay, with a warning.
   */
  dropUntrained?: boolean
}

/** Loaded embeddings, transformed as asked, and what the results JSON says about them. */
export interface LoadedInput {
  embeddings: Embeddings
  info: InputInfo
}

/** The default seed of generated embeddings (the CLI's --data-seed default). */
export const DEFAULT_DATA_SEED = 1

/**
 * Loads, generates or takes the embeddings, then centres and normalises them. A loaded or
 * generated matrix is transformed in place (no second copy of a large file); a caller's
 * matrix is copied first, never changed.
 */
export async function loadRunInput(source: EmbeddingsSource & InputTransforms): Promise<LoadedInput> {
  if ('embeddings' in source) {
    const loaded = untrained(
      validateEmbeddings(source.embeddings),
      source.info ?? { n: source.embeddings.n, d: source.embeddings.d },
      source,
    )
    return {
      embeddings: transformed(loaded.embeddings, source, loaded.embeddings !== source.embeddings),
      info: loaded.info,
    }
  }
  if ('synthetic' in source) {
    const law = typeof source.synthetic === 'string' ? parseLaw(source.synthetic) : source.synthetic
    const seed = source.dataSeed ?? DEFAULT_DATA_SEED
    const embeddings = generate(law, source.n, source.d, seed)
    const info = { synthetic: `${formatLaw(law)} seed=${seed}`, n: source.n, d: source.d }
    const loaded = untrained(embeddings, info, source)
    return { embeddings: transformed(loaded.embeddings, source, true), info: loaded.info }
  }
  if (typeof source.file !== 'string' || source.file === '')
    throw new InputError('no embeddings given: name a file, a synthetic law or a matrix.', {
      module: 'input',
      field: 'file',
    })
  const format = source.format ?? (await detectFormat(source.file))
  const embeddings = await loadEmbeddings(source.file, {
    format: source.format,
    column: source.column,
    header: source.header,
    ...idColumnOptions(source.idColumn, format),
    tensor: source.tensor,
    array: source.array,
  })
  const info: InputInfo = {
    file: basename(source.file),
    format,
    n: embeddings.n,
    d: embeddings.d,
  }
  const loaded = untrained(embeddings, info, source)
  return { embeddings: transformed(loaded.embeddings, source, true), info: loaded.info }
}

/**
 * Finds zero or near-zero rows (items without training interactions): drops them when
 * asked, warns otherwise, and says so in the input info.
 */
function untrained(e: Embeddings, info: InputInfo, t: InputTransforms): LoadedInput {
  const rows = nearZeroRows(e)
  if (rows.length === 0) return { embeddings: e, info }
  const share = rows.length / e.n
  const what = untrainedFinding(info.file ?? info.synthetic ?? 'embeddings', rows.length, e.n)
  if (!t.dropUntrained) {
    warn(untrainedWarning(what))
    return { embeddings: e, info: { ...info, untrained: { rows: rows.length, share, dropped: false } } }
  }
  if (rows.length === e.n)
    throw new InputError(`${what}: every row, so nothing is left to measure.`, {
      module: 'input',
      field: 'dropUntrained',
    })
  const kept = dropRows(e, rows)
  return { embeddings: kept, info: { ...info, n: kept.n, untrained: { rows: rows.length, share, dropped: true } } }
}

/** What was found: "items.npy: 3 of 300 rows (1.0 %) are zero or near zero (...)". */
export function untrainedFinding(source: string, count: number, n: number): string {
  return `${source}: ${count.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} rows (${((100 * count) / n).toFixed(1)} %) are zero or near zero (norm <= 1e-6 x the median)`
}

/** The warning when untrained rows stay in. */
export function untrainedWarning(finding: string): string {
  return `${finding}, as items a model never trained are: they compete as items but carry no signal; set \`dropUntrained\` to leave them out.`
}

/** A copy of `e` without the ascending row indices `drop` (ids follow their rows). */
function dropRows(e: Embeddings, drop: number[]): Embeddings {
  const n = e.n - drop.length
  const data = new Float32Array(n * e.d)
  const ids: string[] | undefined = e.ids ? [] : undefined
  let out = 0,
    next = 0
  for (let i = 0; i < e.n; i++) {
    if (drop[next] === i) {
      next++
      continue
    }
    data.set(e.data.subarray(i * e.d, (i + 1) * e.d), out * e.d)
    ids?.push(e.ids![i]!)
    out++
  }
  return { n, d: e.d, data, ...(ids ? { ids } : {}) }
}

/** Formats whose id column is a column name, passed on as it is. */
const NAMED_ID_COLUMN_FORMATS = new Set(['parquet'])

/**
 * The load options that `idColumn` means for `format`: Parquet takes a column name as it
 * is; text formats take `none`, the number 1, or a header name (checked against the file).
 */
export function idColumnOptions(
  idColumn: string | number | undefined,
  format: string,
): { idColumn?: boolean; idColumnName?: string } {
  if (idColumn === undefined) return {}
  if (NAMED_ID_COLUMN_FORMATS.has(format)) return { idColumnName: String(idColumn) }
  const text = String(idColumn).trim()
  const site = { module: 'input', field: 'idColumn' }
  if (text.toLowerCase() === 'none') return { idColumn: false }
  if (/^[+-]?\d+(\.\d*)?$/.test(text)) {
    const column = Number(text)
    if (column === 1) return { idColumn: true }
    throw new InputError(
      Number.isInteger(column) && column >= 2
        ? `"${text}": ${format} files hold ids in column 1 only; give 1, the header name of column 1, or none.`
        : `"${text}" is not a column number; columns count from 1 (give 1, the header name of column 1, or none).`,
      site,
    )
  }
  if (text === '') throw new InputError('the id column is empty; give 1, a header name, or none.', site)
  return { idColumnName: text }
}

/** Applies center then normalize; `inPlace` overwrites the matrix (the first step copies otherwise). */
export function transformed(e: Embeddings, t: InputTransforms, inPlace: boolean): Embeddings {
  let out = e
  if (t.center) out = center(out, inPlace)
  if (t.normalize) out = normalize(out, inPlace || out !== e)
  return out
}
