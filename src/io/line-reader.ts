/**
 * Streams a text file line by line without ever holding the whole file as one
 * string: bytes are read in chunks, split at newline bytes, and only complete
 * lines are decoded, so a UTF-8 character is never cut in half.
 */
import { isUtf8 } from 'node:buffer'
import { warn } from '../errors.js'
import { openReadableFile, readFully } from './file-access.js'

/** Default read size: large enough to amortise calls, small next to the data. */
export const DEFAULT_CHUNK_SIZE = 1 << 20

const NEWLINE = 0x0a

/** Options for {@link forEachLine}. */
export interface LineReaderOptions {
  /** Bytes per read (default 1 MiB); tests set it tiny so lines straddle chunks. */
  chunkSize?: number
}

/**
 * Calls `onLine(line, lineNumber)` for every line of `path` (1-based numbers),
 * with "\n" or "\r\n" removed and a leading UTF-8 byte-order mark dropped.
 * A final line without a newline is still delivered; nothing follows a final newline.
 * Resolves to the number of lines delivered.
 */
export async function forEachLine(
  path: string,
  onLine: (line: string, lineNumber: number) => void,
  options: LineReaderOptions = {},
): Promise<number> {
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? DEFAULT_CHUNK_SIZE))
  const { handle } = await openReadableFile(path)
  const emit = lineEmitter(onLine)
  try {
    let buffer: Buffer = Buffer.allocUnsafe(chunkSize)
    let carried = 0 // bytes of an unfinished line kept at the start of `buffer`
    let position = 0
    for (;;) {
      if (buffer.length - carried < chunkSize) buffer = grow(buffer, carried, chunkSize)
      const got = await readFully(path, handle, buffer.subarray(carried, carried + chunkSize), position)
      position += got
      const end = carried + got
      if (got === 0) {
        if (carried > 0) {
          emit.suspect(!isUtf8(buffer.subarray(0, carried)))
          emit(buffer.toString('utf8', 0, carried))
        }
        break
      }
      // `carried` holds no newline, so searching the new bytes is enough.
      const lastNewline = buffer.lastIndexOf(NEWLINE, end - 1)
      if (lastNewline < carried) {
        carried = end
        continue
      }
      // isUtf8 is a fast whole-chunk check; only a chunk that fails it has its lines searched for U+FFFD.
      emit.suspect(!isUtf8(buffer.subarray(0, lastNewline)))
      emitLines(buffer.toString('utf8', 0, lastNewline), emit)
      carried = end - lastNewline - 1
      buffer.copy(buffer, 0, lastNewline + 1, end)
    }
    const { count, first } = emit.invalid()
    if (count > 0) {
      const lines = count === 1 ? `line ${first} is` : `${count} lines are`
      warn(
        `${path}: ${lines} not valid UTF-8 (first: line ${first}); those bytes were read as U+FFFD, so ids there may not match: re-save the file as UTF-8.`,
      )
    }
    return emit.count()
  } finally {
    await handle.close()
  }
}

/** A line longer than the buffer: double it, keeping the carried bytes. */
function grow(buffer: Buffer, carried: number, chunkSize: number): Buffer {
  const bigger = Buffer.allocUnsafe(Math.max(buffer.length * 2, carried + chunkSize))
  buffer.copy(bigger, 0, 0, carried)
  return bigger
}

/** Splits decoded text (complete lines, last newline excluded) and emits each line. */
function emitLines(text: string, emit: (line: string) => void): void {
  let start = 0
  for (;;) {
    const newline = text.indexOf('\n', start)
    if (newline < 0) {
      emit(text.slice(start))
      return
    }
    emit(text.slice(start, newline))
    start = newline + 1
  }
}

/**
 * A copy of `text` that does not share memory with the line it was cut from.
 * V8 makes substrings of 13+ characters views into their parent; an id kept as
 * such a view would keep its whole 1 MiB chunk alive (measured: 200 ids held
 * 215 MiB). Concatenating then slicing forces a small string of its own.
 */
export function detachString(text: string): string {
  return (' ' + text).slice(1)
}

type Emitter = ((line: string) => void) & {
  count(): number
  /** Whether the lines emitted next come from bytes that are not all valid UTF-8. */
  suspect(flag: boolean): void
  /** Lines holding bytes that are not UTF-8 (seen as U+FFFD), and the first one's number. */
  invalid(): { count: number; first: number }
}

/** Wraps `onLine` with line numbering, CR stripping and BOM removal on line 1. */
function lineEmitter(onLine: (line: string, lineNumber: number) => void): Emitter {
  let lineNumber = 0
  let suspect = false
  let invalidCount = 0
  let firstInvalid = 0
  const emit = (raw: string): void => {
    lineNumber++
    if (suspect && raw.includes('\ufffd')) {
      invalidCount++
      if (firstInvalid === 0) firstInvalid = lineNumber
    }
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (lineNumber === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1)
    onLine(line, lineNumber)
  }
  return Object.assign(emit, {
    count: () => lineNumber,
    suspect: (flag: boolean) => {
      suspect = flag
    },
    invalid: () => ({ count: invalidCount, first: firstInvalid }),
  })
}
