/**
 * Ids for binary formats without a place for them: `<file>.ids.txt` next to the
 * file, one id per line, line i naming row i.
 */
import { promises as fsp } from 'node:fs'
import { InputError } from '../errors.js'
import { type AtomicWriter, openAtomicWriter } from './atomic.js'
import { describeFsError } from './file-access.js'
import { detachString, forEachLine } from './line-reader.js'

/** The sidecar path for a data file: `<path>.ids.txt`. */
export function idsSidecarPath(path: string): string {
  return `${path}.ids.txt`
}

/** The size of `path`, or undefined when it does not exist. */
async function sizeIfExists(path: string): Promise<number | undefined> {
  try {
    return (await fsp.stat(path)).size
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw describeFsError(path, error)
  }
}

/**
 * Reads the sidecar of `dataPath` if there is one; it must hold exactly `n` ids
 * (blank lines after the last id are forgiven). Undefined when there is no sidecar.
 */
export async function readIdsSidecar(dataPath: string, n: number): Promise<string[] | undefined> {
  const sidecar = idsSidecarPath(dataPath)
  const size = await sizeIfExists(sidecar)
  if (size === undefined) return undefined
  const ids: string[] = []
  if (size > 0) await forEachLine(sidecar, (line) => void ids.push(detachString(line)))
  while (ids.length > n && ids.at(-1) === '') ids.pop()
  if (ids.length !== n) {
    throw new InputError(
      `${sidecar}: holds ${ids.length} ids but ${dataPath} has ${n} rows; write one id per row, or delete the sidecar.`,
    )
  }
  return ids
}

/** Rejects ids that one-per-line storage cannot hold. */
function checkIdsFitLines(path: string, ids: readonly string[]): void {
  const bad = ids.findIndex((id) => /[\r\n]/.test(id))
  if (bad >= 0)
    throw new InputError(
      `${path}: id ${bad + 1} (${JSON.stringify(ids[bad])}) contains a line break; ids are stored one per line, so remove it.`,
    )
}

/**
 * Writes the sidecar for `dataPath` to a finished temporary file; the caller
 * commits it together with the data file, or aborts it.
 */
export async function openIdsSidecar(dataPath: string, ids: readonly string[]): Promise<AtomicWriter> {
  const sidecar = idsSidecarPath(dataPath)
  checkIdsFitLines(sidecar, ids)
  const writer = await openAtomicWriter(sidecar)
  try {
    // Join in blocks: one string per 64k ids keeps memory flat for millions of ids.
    for (let start = 0; start < ids.length; start += 65536) {
      await writer.write(ids.slice(start, start + 65536).join('\n') + '\n')
    }
    await writer.finish()
    return writer
  } catch (error) {
    await writer.abort()
    throw error
  }
}

/** Deletes an old sidecar so a file saved without ids does not pick up stale ones. */
export async function removeStaleSidecar(dataPath: string): Promise<void> {
  await fsp.unlink(idsSidecarPath(dataPath)).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw describeFsError(idsSidecarPath(dataPath), error, 'delete')
  })
}
