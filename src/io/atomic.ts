/**
 * Atomic file output: write to a temporary file in the target's directory,
 * fsync it, then rename it over the target. Readers see the old file or the
 * complete new one, never a partial one; on failure the temporary file is removed.
 */
import { promises as fsp, unlinkSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { describeFsError } from './file-access.js'

/** Bytes gathered before one write call: few syscalls for many small writes. */
const FLUSH_BYTES = 1 << 20

/** A file being written atomically. Call `commit()` to publish it, or `abort()`. */
export interface AtomicWriter {
  /** The file that `commit()` creates or replaces. */
  readonly path: string
  /** The temporary file in the same directory, removed by `abort()`. */
  readonly tempPath: string
  /** Appends text (UTF-8) or bytes. The bytes may be reused as soon as the promise resolves. */
  write(chunk: string | Uint8Array): Promise<void>
  /** Flushes, fsyncs and closes the temporary file; `path` is not touched yet. */
  finish(): Promise<void>
  /** `finish()`, then renames the temporary file over `path` (keeping an old file's permissions). */
  commit(): Promise<void>
  /** Closes and deletes the temporary file; does nothing after `commit()`. Never throws. */
  abort(): Promise<void>
}

/** What {@link writeFileAtomic} accepts: one chunk, or chunks produced one after another. */
export type AtomicData = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>

let tempCounter = 0

/** Temporary files not yet renamed or removed: a signal handler deletes them before the process dies. */
const liveTemps = new Set<string>()
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const

function onSignal(signal: keyof typeof SIGNAL_EXIT): void {
  for (const temp of liveTemps) {
    try {
      unlinkSync(temp)
    } catch {
      // Already gone.
    }
  }
  process.exit(SIGNAL_EXIT[signal])
}
const signalHandlers = { SIGINT: () => onSignal('SIGINT'), SIGTERM: () => onSignal('SIGTERM') }

/** Tracks a temporary file; the signal handlers are installed only while one exists. */
function trackTemp(tempPath: string): void {
  if (liveTemps.size === 0) for (const [sig, h] of Object.entries(signalHandlers)) process.on(sig, h)
  liveTemps.add(tempPath)
}
function untrackTemp(tempPath: string): void {
  if (!liveTemps.delete(tempPath) || liveTemps.size > 0) return
  for (const [sig, h] of Object.entries(signalHandlers)) process.off(sig, h)
}

/**
 * Writers whose rename waits for {@link commitDeferredOutputs}: a command that fails
 * after writing one file (a --plot, say) leaves none of its outputs behind.
 */
let deferred: AtomicWriter[] | null = null

/** From now on, atomic writes publish their files only at {@link commitDeferredOutputs}. */
export function deferOutputs(): void {
  deferred ??= []
}

/** Publishes every deferred file (in the order written), stops deferring, and returns their paths. */
export async function commitDeferredOutputs(): Promise<string[]> {
  const writers = deferred ?? []
  deferred = null
  try {
    for (const w of writers) await w.commit()
    return writers.map((w) => w.path)
  } catch (error) {
    for (const w of writers) await w.abort()
    throw error
  }
}

/** Removes every deferred file unpublished and stops deferring. */
export async function abortDeferredOutputs(): Promise<void> {
  const writers = deferred ?? []
  deferred = null
  for (const w of writers) await w.abort()
}

/** Creates the temporary file with O_EXCL, retrying under a new name if one exists. */
async function createTemp(path: string): Promise<{ handle: fsp.FileHandle; tempPath: string }> {
  for (let attempt = 0; ; attempt++) {
    const tempPath = join(dirname(path), `.${basename(path)}.${process.pid}.${++tempCounter}.tmp`)
    try {
      const handle = await fsp.open(tempPath, 'wx')
      trackTemp(tempPath)
      return { handle, tempPath }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100)
        throw describeFsError(path, error, 'write')
    }
  }
}

/** Writes all of `bytes`: one write call may write less than asked. */
async function writeAll(handle: fsp.FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done)
    done += bytesWritten
  }
}

/** Opens an atomic writer for `path`; the target directory must exist and be writable. */
export async function openAtomicWriter(path: string): Promise<AtomicWriter> {
  const { handle, tempPath } = await createTemp(path)
  let pending: Buffer[] = []
  let pendingBytes = 0
  let state: 'open' | 'finished' | 'committed' | 'aborted' = 'open'

  const guard = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step()
    } catch (error) {
      await writer.abort()
      throw describeFsError(path, error, 'write')
    }
  }
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return
    const bytes = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes)
    pending = []
    pendingBytes = 0
    await writeAll(handle, bytes)
  }

  const writer: AtomicWriter = {
    path,
    tempPath,
    write: (chunk) =>
      guard(async () => {
        if (state !== 'open') throw new Error(`atomic writer for ${path} is already ${state}`)
        // Large byte chunks go straight out; everything else is copied, since callers reuse buffers.
        if (typeof chunk !== 'string' && chunk.length >= FLUSH_BYTES) {
          await flush()
          await writeAll(handle, chunk)
          return
        }
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk)
        pending.push(bytes)
        pendingBytes += bytes.length
        if (pendingBytes >= FLUSH_BYTES) await flush()
      }),
    finish: () =>
      guard(async () => {
        if (state !== 'open') return
        await flush()
        await handle.sync()
        await handle.close()
        state = 'finished'
      }),
    commit: () =>
      guard(async () => {
        await writer.finish()
        // Inside a deferred scope the rename waits for commitDeferredOutputs.
        if (deferred) {
          if (!deferred.includes(writer)) deferred.push(writer)
          return
        }
        await copyMode(path, tempPath)
        await fsp.rename(tempPath, path)
        state = 'committed'
        untrackTemp(tempPath)
        await syncDirectory(dirname(path))
      }),
    abort: async () => {
      if (state === 'committed' || state === 'aborted') return
      if (state === 'open') await handle.close().catch(() => undefined)
      state = 'aborted'
      await fsp.unlink(tempPath).catch(() => undefined)
      untrackTemp(tempPath)
    },
  }
  return writer
}

/** Gives the new file the old file's permission bits, so replacing keeps them. */
async function copyMode(path: string, tempPath: string): Promise<void> {
  try {
    const { mode } = await fsp.stat(path)
    await fsp.chmod(tempPath, mode & 0o7777)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

/** Makes the rename itself durable; not possible on every platform, so best effort. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await fsp.open(directory, 'r')
    await handle.sync().finally(() => handle.close())
  } catch {
    // Windows cannot open directories; the rename has still happened.
  }
}

/**
 * Runs `produce` with an atomic writer for `path`: commits when it resolves,
 * removes the temporary file when it throws (then rethrows).
 */
export async function withAtomicWriter<T>(path: string, produce: (writer: AtomicWriter) => Promise<T>): Promise<T> {
  const writer = await openAtomicWriter(path)
  try {
    const result = await produce(writer)
    await writer.commit()
    return result
  } catch (error) {
    await writer.abort()
    throw error
  }
}

/**
 * Writes `data` to `path` atomically: the file is either fully replaced or left
 * as it was. Iterables are consumed chunk by chunk (for output too big for one string).
 */
export async function writeFileAtomic(path: string, data: AtomicData): Promise<void> {
  await withAtomicWriter(path, async (writer) => {
    if (typeof data === 'string' || data instanceof Uint8Array) return writer.write(data)
    for await (const chunk of data) await writer.write(chunk)
  })
}
