/**
 * The word2vec binary format, as the original C tool and gensim
 * (`save_word2vec_format(binary=True)`) write it: a text header line "N d", then
 * per row the word's bytes up to a space and d little-endian float32 values
 * (4d bytes), usually followed by "\n". Read in chunks: such files reach GBs.
 */
import { isUtf8 } from 'node:buffer'
import { type promises as fsp } from 'node:fs'
import { InputError, warn } from '../errors.js'
import type { Embeddings } from './embeddings.js'
import { openReadableFile, readFully } from './file-access.js'
import { HOST_LITTLE_ENDIAN } from './npy-header.js'

/** Options for {@link loadWord2vecBinary}. */
export interface Word2vecBinaryLoadOptions {
  /** Bytes per read (default 4 MiB); tests set it tiny so rows straddle reads. */
  chunkSize?: number
}

const DEFAULT_CHUNK = 1 << 22
const HEADER = /^[ \t]*(\d+)[ \t]+(\d+)[ \t]*\r?$/
/** Longest header line looked for, and longest word accepted (a longer one means the file is not word2vec). */
const MAX_HEADER = 256
const MAX_WORD = 1 << 16
const SPACE = 0x20
const NEWLINE = 0x0a

/** A window on the file: `buffer[start, end)` holds the bytes from file offset `offset` on. */
class ChunkReader {
  buffer: Buffer
  /** The bytes of the matrix being filled (one view, not one per row). */
  target = new Uint8Array(0)
  start = 0
  end = 0
  offset = 0
  /** Words whose bytes are not valid UTF-8 (read as U+FFFD), and the first one's row (0-based). */
  invalidWords = 0
  firstInvalidRow = -1
  private eof = false

  constructor(
    readonly path: string,
    private readonly handle: fsp.FileHandle,
    private readonly chunkSize: number,
  ) {
    this.buffer = Buffer.allocUnsafe(chunkSize)
  }

  /** Bytes available from `start` without reading. */
  get available(): number {
    return this.end - this.start
  }

  /** Makes at least `count` bytes available from `start` (fewer only at the end of the file); returns how many are. */
  async want(count: number): Promise<number> {
    while (this.end - this.start < count && !this.eof) {
      if (this.buffer.length - this.end < this.chunkSize || this.buffer.length - this.start < count) {
        // Move the unread bytes to the front; grow when a row is longer than a chunk.
        const size = Math.max(this.buffer.length, count + this.chunkSize)
        const next = size === this.buffer.length ? this.buffer : Buffer.allocUnsafe(size)
        this.buffer.copy(next, 0, this.start, this.end)
        this.offset += this.start
        this.end -= this.start
        this.start = 0
        this.buffer = next
      }
      const room = Math.min(this.chunkSize, this.buffer.length - this.end)
      const got = await readFully(
        this.path,
        this.handle,
        this.buffer.subarray(this.end, this.end + room),
        this.offset + this.end,
      )
      if (got < room) this.eof = true
      this.end += got
    }
    return this.end - this.start
  }
}

/** Reads a word2vec binary file: the words become the ids. */
export async function loadWord2vecBinary(path: string, options: Word2vecBinaryLoadOptions = {}): Promise<Embeddings> {
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? DEFAULT_CHUNK))
  const { handle, size } = await openReadableFile(path)
  try {
    const reader = new ChunkReader(path, handle, chunkSize)
    const [n, d] = await readHeader(reader, size)
    const data = new Float32Array(n * d)
    reader.target = new Uint8Array(data.buffer)
    const ids: string[] = new Array<string>(n)
    for (let row = 0; row < n; row++) {
      // Rows wholly in the buffer are read without awaiting (an await per row cost more than the copy).
      row = readBufferedRows(reader, row, n, d, data, ids)
      if (row < n) ids[row] = await readRow(reader, row, n, d, data)
    }
    await checkNothingFollows(reader, n)
    if (reader.invalidWords > 0) {
      const words = reader.invalidWords === 1 ? 'word is' : `${reader.invalidWords} words are`
      warn(
        `${path}: ${words} not valid UTF-8 (first: row ${reader.firstInvalidRow + 1}); those bytes were read as U+FFFD, so ids there may not match: re-save the file with UTF-8 words.`,
      )
    }
    return { n, d, data, ids }
  } finally {
    await handle.close()
  }
}

/** Parses "N d\n"; checks the file can hold N rows of d floats before anything is allocated. */
async function readHeader(reader: ChunkReader, size: number): Promise<[number, number]> {
  const { path } = reader
  await reader.want(MAX_HEADER)
  const newline = reader.buffer.subarray(0, reader.end).indexOf(NEWLINE)
  const line = newline < 0 ? undefined : reader.buffer.toString('latin1', 0, newline)
  const header = line === undefined ? null : HEADER.exec(line)
  if (!header) {
    throw new InputError(
      `${path}: does not start with a word2vec header line "N d"; it is not a word2vec binary file (a fastText .bin model is not one either: save its vectors with save_word2vec_format).`,
    )
  }
  const [n, d] = [Number(header[1]), Number(header[2])]
  if (d < 1) throw new InputError(`${path}: the header declares d = 0; each vector needs at least one value.`)
  if (n < 1) throw new InputError(`${path}: the header declares 0 rows; the file holds no vectors.`)
  reader.start = newline + 1
  // Each row takes at least a one-byte word, a space and 4d bytes.
  const available = size - reader.start
  if (n * (4 * d + 2) > available) {
    throw new InputError(
      `${path}: the header promises ${n} rows of ${d} float32 values, at least ${n * (4 * d + 2)} bytes, but ${available} bytes follow it; the file is truncated or the header is wrong.`,
    )
  }
  return [n, d]
}

/**
 * Reads rows `row`, `row` + 1, ... while the buffer holds them whole; returns the
 * first row it could not read (left for {@link readRow}, which reads more of the file).
 */
function readBufferedRows(
  reader: ChunkReader,
  row: number,
  n: number,
  d: number,
  data: Float32Array,
  ids: string[],
): number {
  const bytes = 4 * d
  for (; row < n; row++) {
    const start = reader.start
    skipNewlines(reader)
    const word = takeWord(reader, row, reader.available)
    if (word === undefined || reader.available < bytes) {
      reader.start = start
      return row
    }
    storeVector(reader, row, word, d, data)
    ids[row] = word
  }
  return row
}

/** Skips the newline after the previous vector (gensim and the C tool write one; it is optional). */
function skipNewlines(reader: ChunkReader): void {
  const { buffer, end } = reader
  while (reader.start < end && (buffer[reader.start] === NEWLINE || buffer[reader.start] === 0x0d)) reader.start++
}

/** Reads row `row`, reading more of the file as needed: the word (returned) and its vector (into `data`). */
async function readRow(reader: ChunkReader, row: number, n: number, d: number, data: Float32Array): Promise<string> {
  for (;;) {
    skipNewlines(reader)
    if (reader.available > 0 || (await reader.want(1)) === 0) break
  }
  const word = takeWord(reader, row, reader.available) ?? (await readWord(reader, row, n))
  const bytes = 4 * d
  const got = reader.available >= bytes ? bytes : await reader.want(bytes)
  if (got < bytes) {
    throw new InputError(
      `${reader.path}: row ${row + 1} (word ${JSON.stringify(word)}) has ${got} of its ${bytes} vector bytes; the file is truncated: re-create it.`,
    )
  }
  storeVector(reader, row, word, d, data)
  return word
}

/** Copies the 4d bytes at `start` into row `row` of `data` and moves past them. */
function storeVector(reader: ChunkReader, row: number, word: string, d: number, data: Float32Array): void {
  const bytes = 4 * d
  const { buffer, start } = reader
  if (row === 0 && looksLikeText(buffer.subarray(start, start + bytes))) {
    throw new InputError(
      `${reader.path}: the values after the first word ${JSON.stringify(word)} are text, so this is a word2vec text file; name it .txt or .vec, or pass --format word2vec.`,
    )
  }
  if (HOST_LITTLE_ENDIAN) {
    // Buffer.copy is one memcpy; a subarray and set per row measured ~3x slower.
    buffer.copy(reader.target, row * bytes, start, start + bytes)
  } else {
    for (let j = 0; j < d; j++) data[row * d + j] = buffer.readFloatLE(start + 4 * j)
  }
  reader.start += bytes
}

/** The word up to its space when the space lies within the first `available` bytes, else undefined. */
function takeWord(reader: ChunkReader, row: number, available: number): string | undefined {
  const space = reader.buffer.subarray(reader.start, reader.start + available).indexOf(SPACE)
  if (space < 0) return undefined
  const end = reader.start + space
  checkWordBytes(reader, row, end)
  if (!isUtf8(reader.buffer.subarray(reader.start, end)) && reader.invalidWords++ === 0) reader.firstInvalidRow = row
  const word = reader.buffer.toString('utf8', reader.start, end)
  reader.start = end + 1
  return word
}

/** Reads the word up to its space, reading more of the file as needed. */
async function readWord(reader: ChunkReader, row: number, n: number): Promise<string> {
  const { path } = reader
  for (let searched = reader.available; ;) {
    const available = await reader.want(searched + 1)
    const word = takeWord(reader, row, available)
    if (word !== undefined) return word
    if (available === 0) {
      throw new InputError(
        `${path}: the header promises ${n} rows but the file holds ${row}; the file may be truncated: re-export it or fix the header.`,
      )
    }
    if (available === searched) {
      throw new InputError(
        `${path}: row ${row + 1} ends inside its word (no space before the end of the file); the file is truncated: re-create it.`,
      )
    }
    if (available > MAX_WORD) {
      throw new InputError(
        `${path}: row ${row + 1} has no space within ${MAX_WORD} bytes of its start; the header's d may be wrong, or this is not a word2vec binary file.`,
      )
    }
    searched = available
  }
}

function checkWordBytes(reader: ChunkReader, row: number, end: number): void {
  const { buffer, start } = reader
  if (end === start)
    throw new InputError(
      `${reader.path}: row ${row + 1} has an empty word (byte ${reader.offset + start}); the header's d may be wrong, or the file is damaged.`,
    )
  for (let i = start; i < end; i++) {
    if (buffer[i]! < 0x20 && buffer[i] !== 0x09) {
      throw new InputError(
        `${reader.path}: row ${row + 1}'s word holds control byte ${buffer[i]} (file byte ${reader.offset + i}); the header's d may be wrong, or the file is damaged.`,
      )
    }
  }
}

/** True when every byte could be part of decimal numbers separated by spaces: float32 data never looks like that. */
function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false
  for (const byte of bytes) {
    const numeric =
      (byte >= 0x30 && byte <= 0x39) ||
      byte === 0x2e ||
      byte === 0x2d ||
      byte === 0x2b ||
      byte === 0x65 ||
      byte === 0x45 ||
      byte === SPACE ||
      byte === NEWLINE
    if (!numeric) return false
  }
  return true
}

/** After the N rows only whitespace may follow: more means the header's N is wrong. */
async function checkNothingFollows(reader: ChunkReader, n: number): Promise<void> {
  for (;;) {
    const available = await reader.want(1)
    if (available === 0) return
    const { buffer, start, end } = reader
    for (let i = start; i < end; i++) {
      const byte = buffer[i]!
      if (byte !== NEWLINE && byte !== 0x0d && byte !== SPACE) {
        throw new InputError(
          `${reader.path}: the file continues after the ${n} rows its header promises (at byte ${reader.offset + i}); the header's N may be wrong: fix it or re-export the file.`,
        )
      }
    }
    reader.start = end
  }
}
