/**
 * Opening files for the loaders, with every operating-system failure turned
 * into one InputError sentence that names the file and says what to do.
 */
import { constants as fsConstants, promises as fsp, type Stats } from 'node:fs'
import { InputError } from '../errors.js'

/** An open file checked to be a non-empty regular file. Close `handle` when done. */
export interface ReadableFile {
  handle: fsp.FileHandle
  size: number
}

/**
 * Turns a Node fs error into an InputError sentence; anything that is not an
 * fs error (no `code`) is returned unchanged, since it is a bug, not bad input.
 */
export function describeFsError(path: string, error: unknown, action = 'read'): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code
  switch (code) {
    case 'ENOENT':
      return new InputError(
        `${path}: no such file or directory; check the path (relative paths start from ${process.cwd()}).`,
      )
    case 'EISDIR':
      return new InputError(`${path} is a directory, not a file; name the file inside it.`)
    case 'ENOTDIR':
      return new InputError(`${path}: a part of the path is a file, not a directory; check the path.`)
    case 'EACCES':
    case 'EPERM':
      return new InputError(`${path}: permission denied; give yourself ${action} access (chmod) or use another path.`)
    case 'EMFILE':
    case 'ENFILE':
      return new InputError(`${path}: too many open files; close other programs or raise the limit (ulimit -n).`)
    case 'ENOSPC':
      return new InputError(`${path}: no space left on the device; free some space or write elsewhere.`)
    case 'EROFS':
      return new InputError(`${path}: the file system is read-only; write somewhere else.`)
    case undefined:
      return error
    default:
      // Node's message already starts with the code: "EIO: i/o error, read".
      return new InputError(
        `${path}: cannot ${action} the file (${code}: ${(error as Error).message.replace(/^[A-Z]+: /, '')}).`,
      )
  }
}

/** Checks that `stats` describe a non-empty regular file. */
function checkRegularFile(path: string, stats: Stats): void {
  if (stats.isDirectory()) throw new InputError(`${path} is a directory, not a file; name the file inside it.`)
  if (!stats.isFile()) {
    const kind = stats.isFIFO() ? 'a named pipe (FIFO)' : stats.isSocket() ? 'a socket' : 'a device or special file'
    throw new InputError(`${path} is ${kind}, not a regular file; save the data to a file first and pass that file.`)
  }
  if (stats.size === 0) throw new InputError(`${path} is empty (0 bytes); check that the program writing it finished.`)
}

/** Opens `path` for reading, rejecting missing, unreadable, non-regular and empty files. */
export async function openReadableFile(path: string): Promise<ReadableFile> {
  // stat before open: opening a FIFO for reading blocks until a writer appears,
  // and a character device may never end, so only regular files are opened.
  try {
    checkRegularFile(path, await fsp.stat(path))
  } catch (error) {
    throw describeFsError(path, error)
  }
  let handle: fsp.FileHandle
  try {
    // O_NONBLOCK: if the path was swapped for a FIFO after the stat, open returns at once.
    handle = await fsp.open(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK)
  } catch (error) {
    throw describeFsError(path, error)
  }
  try {
    const stats = await handle.stat()
    checkRegularFile(path, stats)
    return { handle, size: stats.size }
  } catch (error) {
    await handle.close()
    throw describeFsError(path, error)
  }
}

/**
 * Largest single read. Node refuses reads over 2 GiB, and 16 MiB reads from the
 * page cache measured several times faster than one giant read into fresh memory.
 */
const MAX_READ = 1 << 24

/**
 * Fills `target` from `position` on; returns fewer bytes only at the end of the file.
 * Loops because one read call may return less than asked for.
 */
export async function readFully(
  path: string,
  handle: fsp.FileHandle,
  target: Uint8Array,
  position: number,
): Promise<number> {
  let done = 0
  while (done < target.length) {
    let bytesRead: number
    try {
      ;({ bytesRead } = await handle.read(target, done, Math.min(target.length - done, MAX_READ), position + done))
    } catch (error) {
      throw describeFsError(path, error)
    }
    if (bytesRead === 0) break
    done += bytesRead
  }
  return done
}

/** Reads the first `length` bytes of a file (fewer if the file is shorter), for sniffing its format. */
export async function readHead(path: string, length: number): Promise<Uint8Array> {
  const { handle, size } = await openReadableFile(path)
  try {
    const head = new Uint8Array(Math.min(length, size))
    const got = await readFully(path, handle, head, 0)
    return head.subarray(0, got)
  } finally {
    await handle.close()
  }
}
