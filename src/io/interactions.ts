/**
 * Interaction logs (who consumed what) and item-set files, read line by line.
 *
 * Interactions: one interaction per line, `user <sep> item [<sep> weight [<sep> timestamp]]`.
 * - The separator is detected from the first data line: tab, then `::` (MovieLens 1M),
 *   then comma, then semicolon, else runs of spaces.
 * - A header line is detected (or forced with `header`): the first line is a header when
 *   its third field (if any) is not a number and either two fields name known columns
 *   (`user`, `userID`, `item_id`, `artistID`, `rating`, `weight`, `timestamp`, ...) or the
 *   next line's third field is a number (a single line with a text third field counts too).
 *   When the header names both a user and an item column, columns are picked by name
 *   (so `item,user` or Last.fm's `userID tagID artistID` work); otherwise by position.
 * - Blank lines and lines starting with `#` are skipped; surrounding double quotes on a
 *   field are removed (no embedded separators); extra columns are ignored.
 * - Ids stay strings ("007" and "7" are different users); the weight defaults to 1.
 * - Lines are streamed by io/line-reader.ts (CRLF and a UTF-8 byte-order mark handled);
 *   a missing, unreadable or 0-byte file is reported by io/file-access.ts.
 * MovieLens's u.data (tab: user item rating timestamp) and Last.fm's user_artists.dat
 * (tab, header `userID artistID weight`) load with no options.
 */
import { InputError } from '../errors.js'
import { detachString, forEachLine } from './line-reader.js'

/**
 * An interaction log with string ids mapped to dense indices.
 * Entry t (0 <= t < user.length) says user `users[user[t]]` consumed item `items[item[t]]`
 * with `weight[t]` (1 when the file has no weight) at `timestamp[t]` (when the file has one).
 * Ids are listed in order of first appearance; duplicates (user, item) pairs are kept here
 * and summed by the trainers.
 */
export interface Interactions {
  users: string[]
  items: string[]
  user: Int32Array
  item: Int32Array
  weight: Float32Array
  timestamp?: Float64Array
}

/** Options for {@link loadInteractions}; everything is auto-detected by default. */
export interface LoadInteractionsOptions {
  /** Field separator: `'\t'`, `','`, `';'`, `'::'`, or `' '` for runs of whitespace. */
  delimiter?: string
  /** Whether the first data line is a header (default: detected). */
  header?: boolean
}

/** Sets of item ids read by {@link loadSets}: `sets[s]` is set `ids[s]`. */
export interface ItemSets {
  ids: string[]
  sets: string[][]
}

/** Options for {@link loadSets}. */
export interface LoadSetsOptions {
  /** Treat the first field of every line as the set id (default false: use `id:` prefixes). */
  idColumn?: boolean
}

interface Columns {
  user: number
  item: number
  weight: number
  timestamp: number
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const USER_NAME = /^(user|customer|session|visitor|listener|member|playlist)s?[_ ]?(id)?$/i
const ITEM_NAME = /^(item|artist|movie|track|song|product|book|article|video|business|repo)s?[_ ]?(id)?$/i
const WEIGHT_NAME = /^(weight|rating|ratings|count|plays|playcount|play_count|score|value|clicks|quantity|confidence)$/i
const TIME_NAME = /^(timestamp|time|ts|date|datetime|unixtime|unix_time)$/i

/** Picks the separator of a data line: tab, `::`, comma, semicolon, else whitespace. */
export function detectDelimiter(line: string): string {
  for (const d of ['\t', '::', ',', ';']) if (line.includes(d)) return d
  return ' '
}

/** Splits a data line at `delimiter` (' ': any run of whitespace), trimming and unquoting each field. */
export function splitFields(line: string, delimiter: string): string[] {
  const trimmed = line.trim()
  const parts = delimiter === ' ' ? trimmed.split(/\s+/) : trimmed.split(delimiter)
  return parts.map(unquote)
}

function unquote(field: string): string {
  const f = field.trim()
  return f.length >= 2 && f.startsWith('"') && f.endsWith('"') ? f.slice(1, -1) : f
}

/** True when `s` reads as a decimal number (1, -2.5, .5, 1e-3). */
export function isNumber(s: string): boolean {
  return NUMBER.test(s)
}

/**
 * Header if two fields name known columns (one could be an item called "book") and the
 * third field is not a number, or if the third field is text where the next line has a number.
 */
function looksLikeHeader(first: string[], second: string[] | undefined): boolean {
  if (first.length >= 3 && isNumber(first[2]!)) return false
  const named = first.filter((f) => USER_NAME.test(f) || ITEM_NAME.test(f) || WEIGHT_NAME.test(f) || TIME_NAME.test(f))
  if (named.length >= 2) return true
  if (first.length < 3) return false
  return second === undefined || (second.length >= 3 && isNumber(second[2]!))
}

/**
 * Column roles: by name when the header names a user and an item column, else by
 * position in a line of `width` fields (user, item, then weight and timestamp if present).
 */
function columnsFrom(header: string[] | undefined, width: number): Columns {
  const find = (re: RegExp): number => (header ? header.findIndex((f) => re.test(f)) : -1)
  const user = find(USER_NAME)
  const item = find(ITEM_NAME)
  if (user >= 0 && item >= 0 && user !== item)
    return { user, item, weight: find(WEIGHT_NAME), timestamp: find(TIME_NAME) }
  return { user: 0, item: 1, weight: width > 2 ? 2 : -1, timestamp: width > 3 ? 3 : -1 }
}

/** Growable typed array (doubling), so a log of unknown length is parsed in one pass. */
class Growable<T extends Int32Array | Float32Array | Float64Array> {
  length = 0
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2)
      next.set(this.data)
      this.data = next
    }
    this.data[this.length++] = v
  }
  done(): T {
    return this.data.slice(0, this.length) as T
  }
}

/** Accumulates parsed rows into an Interactions value. */
class LogBuilder {
  readonly userIndex = new Map<string, number>()
  readonly itemIndex = new Map<string, number>()
  readonly user = new Growable(new Int32Array(1024), (n) => new Int32Array(n))
  readonly item = new Growable(new Int32Array(1024), (n) => new Int32Array(n))
  readonly weight = new Growable(new Float32Array(1024), (n) => new Float32Array(n))
  readonly time = new Growable(new Float64Array(1024), (n) => new Float64Array(n))

  add(user: string, item: string, weight: number, time: number | undefined): void {
    this.user.push(indexOf(this.userIndex, user))
    this.item.push(indexOf(this.itemIndex, item))
    this.weight.push(weight)
    if (time !== undefined) this.time.push(time)
  }

  build(): Interactions {
    const x: Interactions = {
      users: [...this.userIndex.keys()],
      items: [...this.itemIndex.keys()],
      user: this.user.done(),
      item: this.item.done(),
      weight: this.weight.done(),
    }
    if (this.time.length > 0) x.timestamp = this.time.done()
    return x
  }
}

function indexOf(index: Map<string, number>, id: string): number {
  let i = index.get(id)
  if (i === undefined) {
    i = index.size
    // A key cut from a line would pin the line reader's 1 MiB chunk (see detachString).
    index.set(detachString(id), i)
  }
  return i
}

/**
 * Weights are stored as 32-bit floats and must be finite and >= 0 there: checked per line,
 * so the rule holds for every command, seed and model, before any split or training.
 */
function checkWeight(v: number, text: string, where: string): number {
  const rule = 'weights must be finite and >= 0'
  if (!Number.isFinite(Math.fround(v)))
    throw new InputError(`${where}: weight ${text} is not finite as a 32-bit float (|w| <= 3.4e38); ${rule}.`)
  if (v < 0) throw new InputError(`${where}: weight ${text} is negative; ${rule}.`)
  return v
}

/** Parses one data line into the builder; throws an InputError naming the file and line. */
function parseRow(fields: string[], cols: Columns, path: string, n: number, b: LogBuilder): void {
  const need = Math.max(cols.user, cols.item, cols.weight, cols.timestamp) + 1
  if (fields.length < need) {
    const found = `found ${fields.length} column${fields.length === 1 ? '' : 's'}`
    throw new InputError(`${path}, line ${n}: ${found}, expected ${need} (user, item[, weight][, timestamp]).`)
  }
  const user = fields[cols.user]!
  const item = fields[cols.item]!
  if (user === '' || item === '') throw new InputError(`${path}, line ${n}: empty ${user === '' ? 'user' : 'item'} id.`)
  let weight = 1
  if (cols.weight >= 0) {
    const w = fields[cols.weight]!
    if (!isNumber(w)) throw new InputError(`${path}, line ${n}: weight ${JSON.stringify(w)} is not a number.`)
    weight = checkWeight(Number(w), w, `${path}, line ${n}`)
  }
  let time: number | undefined
  if (cols.timestamp >= 0) {
    const t = fields[cols.timestamp]!
    if (!isNumber(t))
      throw new InputError(`${path}, line ${n}: timestamp ${JSON.stringify(t)} is not a number (use Unix time).`)
    time = Number(t)
  }
  b.add(user, item, weight, time)
}

/**
 * Reads an interaction log (CSV/TSV/space-separated `user,item[,weight][,timestamp]`).
 * The separator and the header are detected (see the module comment) unless given.
 * Throws an InputError, one sentence naming the file and the 1-based line, on a missing
 * file, an empty file, missing columns, or a weight/timestamp that is not a number.
 */
export async function loadInteractions(path: string, opts: LoadInteractionsOptions = {}): Promise<Interactions> {
  const b = new LogBuilder()
  const pending: [string, number][] = []
  let delimiter = opts.delimiter
  let cols: Columns | undefined
  const flush = (): void => {
    // Decide the layout from the first two data lines, then parse the buffered lines.
    const sep = (delimiter ??= detectDelimiter(pending[0]![0]))
    const first = splitFields(pending[0]![0], sep)
    const second = pending[1] ? splitFields(pending[1][0], sep) : undefined
    const header = opts.header ?? looksLikeHeader(first, second)
    const layout = (cols = columnsFrom(header ? first : undefined, first.length))
    for (const [line, n] of pending.slice(header ? 1 : 0)) parseRow(splitFields(line, sep), layout, path, n, b)
  }
  await forEachLine(path, (line, n) => {
    if (isBlankOrComment(line)) return
    if (cols === undefined) {
      pending.push([line, n])
      if (pending.length === 2) flush()
    } else {
      parseRow(splitFields(line, delimiter!), cols, path, n, b)
    }
  })
  if (pending.length === 0)
    throw new InputError(`${path}: the file is empty; expected lines of user,item[,weight][,timestamp].`)
  if (cols === undefined) flush()
  if (b.user.length === 0) throw new InputError(`${path}: holds a header but no interactions.`)
  return b.build()
}

function isBlankOrComment(line: string): boolean {
  const t = line.trim()
  return t === '' || t.startsWith('#')
}

/**
 * Reads one set of item ids per line: ids separated by whitespace and/or commas.
 * A set id comes from a leading token ending in a colon (`s1: a b c`), or from the first
 * field when `idColumn` is true; otherwise it is the set's 1-based line number.
 * Blank lines and `#` comments are skipped; repeated items in a set are kept once, in
 * order. Throws an InputError on a missing or empty file and on a set with no items.
 */
export async function loadSets(path: string, opts: LoadSetsOptions = {}): Promise<ItemSets> {
  const ids: string[] = []
  const sets: string[][] = []
  await forEachLine(path, (line, n) => {
    if (isBlankOrComment(line)) return
    const fields = line
      .trim()
      .split(/[\s,]+/)
      .map(unquote)
      .filter((f) => f !== '')
    let id = String(n)
    if (opts.idColumn) id = fields.shift()!
    else if (fields[0]!.length > 1 && fields[0]!.endsWith(':')) id = fields.shift()!.slice(0, -1)
    if (fields.length === 0) throw new InputError(`${path}, line ${n}: set ${JSON.stringify(id)} has no items.`)
    // Kept strings must not be views into the line's chunk (see detachString).
    ids.push(detachString(id))
    sets.push([...new Set(fields)].map(detachString))
  })
  if (sets.length === 0) throw new InputError(`${path}: the file is empty; expected one set of item ids per line.`)
  return { ids, sets }
}

/**
 * Builds Interactions from in-memory rows `[user, item, weight?, timestamp?]` (tests,
 * generated logs). Timestamps are kept only when every row has one.
 */
export function interactionsFromRows(
  rows: ReadonlyArray<readonly [string | number, string | number, number?, number?]>,
): Interactions {
  const b = new LogBuilder()
  const withTime = rows.length > 0 && rows.every((r) => r[3] !== undefined)
  for (const [u, i, w, t] of rows) b.add(String(u), String(i), w ?? 1, withTime ? t : undefined)
  return b.build()
}

/**
 * Checks that an Interactions value is well formed (equal lengths, indices in range,
 * finite weights >= 0); `source` prefixes messages. Throws an InputError naming the entry.
 */
export function validateInteractions(x: Interactions, source = 'interactions'): Interactions {
  const n = x.user.length
  if (x.item.length !== n || x.weight.length !== n || (x.timestamp && x.timestamp.length !== n)) {
    throw new InputError(
      `${source}: user, item, weight and timestamp arrays differ in length (${n}, ${x.item.length}, ${x.weight.length}, ${x.timestamp?.length ?? n}).`,
    )
  }
  for (let t = 0; t < n; t++) {
    const u = x.user[t]!,
      i = x.item[t]!,
      w = x.weight[t]!
    if (u < 0 || u >= x.users.length)
      throw new InputError(`${source}: interaction ${t} has user index ${u}, outside 0..${x.users.length - 1}.`)
    if (i < 0 || i >= x.items.length)
      throw new InputError(`${source}: interaction ${t} has item index ${i}, outside 0..${x.items.length - 1}.`)
    if (!Number.isFinite(w) || w < 0)
      throw new InputError(`${source}: interaction ${t} (0-based) has weight ${w}; weights must be finite and >= 0.`)
  }
  return x
}
