/**
 * One registry of embedding file formats, keyed by name: each format says
 * which extensions it claims and how to load; `loadEmbeddings` picks one by
 * option, extension, or (for shared extensions such as .txt) the first bytes.
 */
import { extname } from 'node:path'
import { InputError, warn } from '../errors.js'
import type { Delimiter } from './cells.js'
import { loadDelimited } from './delimited.js'
import { type Embeddings, validateEmbeddings } from './embeddings.js'
import { openReadableFile, readHead } from './file-access.js'
import { loadNpy } from './npy.js'
import { looksLikeWord2vecText, loadWord2vecText } from './word2vec-text.js'

/**
 * Options for {@link loadEmbeddings}. Formats read the fields they understand and
 * ignore the rest; a new format may add fields by declaration merging.
 */
export interface LoadOptions {
  /** Format name (see {@link listFormats}); default: detected from the file. */
  format?: string
  /**
   * Text formats: whether column 1 holds ids; default: guessed (non-numeric, or a header named id/word/...).
   * Set it (true or false) when column 1 holds numeric ids; unset, a column 1 counting 0..N-1 or 1..N
   * read as a dimension draws a warning.
   */
  idColumn?: boolean
  /** Text formats: whether the first non-blank line is a header; default: guessed. */
  header?: boolean
  /** Text formats: the cell separator; default: from the extension, else from line 1. */
  delimiter?: Delimiter
  /** Bytes per read (streaming formats); tests set it tiny. */
  chunkSize?: number
}

/** A file format the loaders know. */
export interface EmbeddingsFormat {
  /** Unique name, used by the `format` option: "npy", "csv", ... */
  name: string
  /** Lower-case extensions with the dot, e.g. [".npy"]. */
  extensions: readonly string[]
  /**
   * For an extension several formats claim: whether the file's first bytes
   * (up to 64 KiB; `complete` when that is the whole file) look like this format.
   * A format without `sniff` is the fallback.
   */
  sniff?: (head: Uint8Array, complete: boolean) => boolean
  /** Reads the file; `loadEmbeddings` validates the result afterwards. */
  load(path: string, options: LoadOptions): Promise<Embeddings>
}

const formats = new Map<string, EmbeddingsFormat>()

/** Bytes read to sniff a file's format. */
const SNIFF_BYTES = 1 << 16

/** Adds a format, or replaces the one registered under the same name. Extensions may omit the dot. */
export function registerFormat(format: EmbeddingsFormat): void {
  const extensions = format.extensions.map((extension) =>
    (extension.startsWith('.') ? extension : `.${extension}`).toLowerCase(),
  )
  formats.set(format.name, { ...format, extensions })
}

/** The registered formats, in registration order. */
export function listFormats(): EmbeddingsFormat[] {
  return [...formats.values()]
}

function knownExtensions(): string {
  return [...new Set(listFormats().flatMap((format) => format.extensions))].sort().join(', ')
}

function knownNames(): string {
  return listFormats()
    .map((format) => format.name)
    .join(', ')
}

/**
 * The name of the format `path` is in: by extension, and where several formats
 * share the extension, by the first one whose `sniff` accepts the file's first
 * bytes (else the one without `sniff`). Unknown extensions throw an InputError.
 */
export async function detectFormat(path: string): Promise<string> {
  const extension = extname(path).toLowerCase()
  const candidates = listFormats().filter((format) => format.extensions.includes(extension))
  if (candidates.length === 0) {
    const what = extension === '' ? 'has no file extension' : `has an unknown extension ${JSON.stringify(extension)}`
    throw new InputError(
      `${path} ${what}; known extensions are ${knownExtensions()}, or name the format (one of ${knownNames()}).`,
    )
  }
  if (candidates.length === 1) return candidates[0]!.name
  const head = await readHead(path, SNIFF_BYTES + 1)
  const complete = head.length <= SNIFF_BYTES
  const sniffed = candidates.find((format) => format.sniff?.(head.subarray(0, SNIFF_BYTES), complete))
  return (sniffed ?? candidates.find((format) => !format.sniff) ?? candidates[0]!).name
}

/**
 * Loads an embeddings file: checks it can be read, picks the format (the `format`
 * option, else {@link detectFormat}), loads, validates (N >= 1, d >= 1, all values
 * finite) and warns about duplicate ids. Every problem with the file is an InputError.
 *
 * @example
 * ```ts
 * const items = await loadEmbeddings('items.csv', { header: false, idColumn: true })
 * console.log(items.n, items.d, items.ids?.[0])
 * ```
 */
export async function loadEmbeddings(path: string, options: LoadOptions = {}): Promise<Embeddings> {
  // Missing, unreadable, directory or empty: say so before guessing at formats.
  await (await openReadableFile(path)).handle.close()
  let format: EmbeddingsFormat | undefined
  if (options.format !== undefined) {
    format = formats.get(options.format)
    if (!format)
      throw new InputError(`unknown format ${JSON.stringify(options.format)}; known formats are ${knownNames()}.`)
  } else {
    format = formats.get(await detectFormat(path))!
  }
  const embeddings = validateEmbeddings(await format.load(path, options), path)
  if (embeddings.ids) warnDuplicateIds(path, embeddings.ids)
  return embeddings
}

/** Warns (does not throw) when ids repeat: look-ups by id would see only the first. */
export function warnDuplicateIds(path: string, ids: readonly string[]): void {
  const firstRow = new Map<string, number>()
  let duplicates = 0
  let example = ''
  ids.forEach((id, i) => {
    const seen = firstRow.get(id)
    if (seen === undefined) firstRow.set(id, i)
    else if (duplicates++ === 0) example = ` (first: ${JSON.stringify(id)} on rows ${seen + 1} and ${i + 1})`
  })
  if (duplicates > 0)
    warn(
      `${path}: ${duplicates} ${duplicates === 1 ? 'row repeats an id' : 'rows repeat an id'}${example}; look-ups by id will find the first.`,
    )
}

registerFormat({ name: 'npy', extensions: ['.npy'], load: (path, options) => loadNpy(path, options) })
registerFormat({ name: 'csv', extensions: ['.csv'], load: (path, options) => loadDelimited(path, options, ',') })
registerFormat({
  name: 'tsv',
  extensions: ['.tsv', '.tab'],
  load: (path, options) => loadDelimited(path, options, '\t'),
})
// word2vec before txt: for .txt it wins when its sniff accepts, txt is the fallback.
registerFormat({
  name: 'word2vec',
  extensions: ['.vec', '.txt'],
  sniff: looksLikeWord2vecText,
  load: (path, options) => loadWord2vecText(path, options),
})
registerFormat({ name: 'txt', extensions: ['.txt', '.ssv'], load: (path, options) => loadDelimited(path, options) })
