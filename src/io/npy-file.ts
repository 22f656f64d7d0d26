/**
 * Reads the header of an open .npy file. A module of its own so that npy.ts's public
 * declarations do not name Node's file handle type (they compile without @types/node).
 */
import { type promises as fsp } from 'node:fs'
import { readFully } from './file-access.js'
import { NPY_PREAMBLE_BYTES, parseNpyDict, readNpyPreamble, type NpyHeader } from './npy-header.js'

/** The parsed header of the .npy file open as `handle` (`size` bytes). */
export async function readHeader(path: string, handle: fsp.FileHandle, size: number): Promise<NpyHeader> {
  const preamble = new Uint8Array(Math.min(NPY_PREAMBLE_BYTES, size))
  await readFully(path, handle, preamble, 0)
  const { version, start, end } = readNpyPreamble(path, preamble, size)
  const dict = new Uint8Array(end - start)
  await readFully(path, handle, dict, start)
  return parseNpyDict(path, dict, version, end)
}
