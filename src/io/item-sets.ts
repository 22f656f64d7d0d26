/**
 * Real item sets besides the embeddings: the sets (an interaction log, one set
 * per user, or a file with one set per line), matched to embedding rows by item id, and
 * an optional file of item names (MovieLens u.item `id|title|...`, or `id<TAB or ,>name`).
 */
import { basename } from 'node:path'
import { InputError, warn } from '../errors.js'
import { readHead } from './file-access.js'
import { detectDelimiter, isNumber, loadInteractions, loadSets, splitFields } from './interactions.js'
import { detachString, forEachLine } from './line-reader.js'

/** A set of distinct item rows (indices into the embeddings), optionally weighted. */
export interface ItemSet {
  id: string
  items: Int32Array
  /** Per-item weights, same length as `items`, finite and >= 0 with a positive sum. */
  weights?: Float32Array
}

/** How a sets file is laid out. */
export type SetFormat = 'interactions' | 'lines'

/** Sets matched to embedding rows, and what was lost on the way. */
export interface LoadedSets {
  sets: ItemSet[]
  format: SetFormat
  /** Entries (interactions, or items of a line) naming an item the embeddings lack. */
  skippedItems: number
  /** Sets left with no known item, hence dropped. */
  droppedSets: number
  /** Interactions read (interactions format only). */
  interactions?: number
}

/**
 * Guesses the layout from the first 50 lines: a leading `id:` token means one set per line;
 * lines that (at least 80 % of them) have the first line's 2 to 4 fields, the fields after
 * the second being numbers (weight, timestamp; the first line may be a header), mean an
 * interaction log; anything else is one set per line. So a two-column file counts as a
 * log (`user item`), and a file of 3-item sets of numeric ids too: force it with
 * the `lines` layout.
 */
export async function detectSetFormat(path: string): Promise<SetFormat> {
  const text = Buffer.from(await readHead(path, 65536)).toString('utf8')
  const lines = text
    .split('\n')
    .slice(0, -1)
    .concat(text.includes('\n') ? [] : [text])
    .map((l) => l.replace(/\r$/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .slice(0, 50)
  if (lines.length === 0 || lines.some((l) => /^\S+:(\s|$)/.test(l))) return 'lines'
  const sep = detectDelimiter(lines[0]!)
  const rows = lines.map((l) => splitFields(l, sep))
  // Most lines (not all: the loader should get to report a damaged line) look like log rows.
  const width = rows[0]!.length
  const logLike = rows.slice(1).filter((r) => r.length === width && r.slice(2).every(isNumber)).length
  return width >= 2 && width <= 4 && logLike >= 0.8 * (rows.length - 1) ? 'interactions' : 'lines'
}

/** Parses a set layout: interactions, lines or auto. */
export function parseSetFormat(text: string): SetFormat | 'auto' {
  if (text === 'interactions' || text === 'lines' || text === 'auto') return text
  throw new InputError(`unknown layout "${text}"; use interactions, lines or auto.`, {
    module: 'sets',
    field: 'setFormat',
  })
}

/**
 * Reads the sets of `path` and maps their item ids to rows of the embeddings (`ids[row]`).
 * Unknown ids are skipped with one counted warning; a set left empty is dropped (counted);
 * repeated items of a set are merged, their weights summed. With `weighted`, each item
 * weighs its (summed) interaction weight. Throws when no id matches at all.
 */
export async function loadItemSets(
  path: string,
  format: SetFormat,
  ids: readonly string[],
  embeddingsFile: string,
  weighted: boolean,
): Promise<LoadedSets> {
  if (weighted && format === 'lines')
    throw new InputError(
      `an interaction log (user, item, weight) is needed to weigh items; ${basename(path)} is read as one set per line, which has no weights.`,
      { module: 'sets', field: 'weights' },
    )
  const rowOf = new Map<string, number>()
  ids.forEach((id, row) => {
    if (!rowOf.has(id)) rowOf.set(id, row)
  })
  const raw = format === 'interactions' ? await fromLog(path) : await fromLines(path)
  const missing = { count: 0, example: '' }
  const sets: ItemSet[] = []
  for (const s of raw.sets) {
    const set = matchSet(s, rowOf, weighted, missing)
    if (set) sets.push(set)
  }
  const droppedSets = raw.sets.length - sets.length
  if (sets.length === 0) {
    throw new InputError(
      `none of the item ids in ${basename(path)} (e.g. ${JSON.stringify(missing.example)}) is among the ${ids.length} ids of ${basename(embeddingsFile)} (e.g. ${JSON.stringify(ids[0])}); both files must name items the same way.`,
    )
  }
  if (missing.count > 0) {
    const what = format === 'interactions' ? 'interaction(s)' : 'item(s) of the sets'
    const dropped = droppedSets > 0 ? `; ${droppedSets} set(s) left with no known item were dropped` : ''
    warn(
      `${missing.count} ${what} in ${basename(path)} name an item that ${basename(embeddingsFile)} lacks (e.g. ${JSON.stringify(missing.example)}); they were skipped${dropped}.`,
    )
  }
  return { sets, format, skippedItems: missing.count, droppedSets, interactions: raw.interactions }
}

interface RawSet {
  id: string
  items: string[]
  weights?: number[]
}

/** One set per user, items in order of appearance in the log, with their weights. */
async function fromLog(path: string): Promise<{ sets: RawSet[]; interactions: number }> {
  const log = await loadInteractions(path)
  const sets: RawSet[] = log.users.map((id) => ({ id, items: [], weights: [] }))
  for (let t = 0; t < log.user.length; t++) {
    const s = sets[log.user[t]!]!
    s.items.push(log.items[log.item[t]!]!)
    s.weights!.push(log.weight[t]!)
  }
  return { sets, interactions: log.user.length }
}

async function fromLines(path: string): Promise<{ sets: RawSet[]; interactions?: number }> {
  const { ids, sets } = await loadSets(path)
  return { sets: ids.map((id, i) => ({ id, items: sets[i]! })) }
}

/** Maps a set's ids to rows, merging repeats (weights summed); undefined when nothing is known. */
function matchSet(
  s: RawSet,
  rowOf: Map<string, number>,
  weighted: boolean,
  missing: { count: number; example: string },
): ItemSet | undefined {
  const position = new Map<number, number>()
  const items: number[] = []
  const weights: number[] = []
  s.items.forEach((id, m) => {
    const row = rowOf.get(id)
    if (row === undefined) {
      if (missing.count++ === 0) missing.example = id
      return
    }
    const w = s.weights ? s.weights[m]! : 1
    const at = position.get(row)
    if (at !== undefined) {
      weights[at]! += w
      return
    }
    position.set(row, items.length)
    items.push(row)
    weights.push(w)
  })
  if (items.length === 0) return undefined
  const set: ItemSet = { id: s.id, items: Int32Array.from(items) }
  if (weighted) set.weights = Float32Array.from(weights)
  return set
}

/** Options for {@link loadNames}. */
export interface NamesOptions {
  /** The 1-based column holding the name (column 1 holds the id); default 2. */
  column?: number
}

/**
 * Reads item names: MovieLens's u.item (`id|title|date|...`, pipe-separated), tab-separated
 * columns (`id<TAB>name[<TAB>more...]`, e.g. Last.fm's artists.dat `id name url pictureURL`)
 * or `id,name` lines (the first comma splits; the name may hold more commas). The name is
 * column `column` (default 2); later columns are ignored. Blank lines and `#` comments are skipped.
 */
export async function loadNames(path: string, options: NamesOptions = {}): Promise<Map<string, string>> {
  const column = options.column ?? 2
  if (!Number.isInteger(column) || column < 2)
    throw new InputError(
      `${column} is not a names column; the name is in column 2 or later (column 1 holds the ids).`,
      {
        module: 'names',
        field: 'namesColumn',
      },
    )
  const names = new Map<string, string>()
  await forEachLine(path, (line, n) => {
    const t = line.trim()
    if (t === '' || t.startsWith('#')) return
    const sep = ['|', '\t', ','].find((s) => t.includes(s))
    if (sep === undefined)
      throw new InputError(`${path}, line ${n}: expected "id|name", "id<TAB>name" or "id,name", found no separator.`)
    const at = t.indexOf(sep)
    const id = t.slice(0, at).trim()
    const rest = t.slice(at + sep.length)
    // A comma file's name may hold commas: the rest of the line, unless another column is asked for.
    const fields = sep === ',' && options.column === undefined ? [rest] : rest.split(sep)
    const cell = fields[column - 2]
    if (cell === undefined)
      throw new InputError(
        `${path}, line ${n}: has ${fields.length + 1} columns, so no name in column ${column}; check the names column.`,
        { field: 'namesColumn' },
      )
    const name = cell.trim().replace(/^"(.*)"$/, '$1')
    // Detached: kept strings cut from a line would pin its 1 MiB chunk.
    if (id !== '' && !names.has(id)) names.set(detachString(id), detachString(name))
  })
  if (names.size === 0)
    throw new InputError(`${path}: no names found; expected lines of "id|name", "id<TAB>name" or "id,name".`)
  return names
}
