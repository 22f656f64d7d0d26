/**
 * NumPy .npz files (numpy.savez, numpy.savez_compressed, implicit's model.save):
 * a zip archive of .npy members, stored or deflated, zip64 included. One 2-D
 * float array is read, chosen by `array`, else the only 2-D float array, else
 * `item_factors`; only that member is decompressed in full. Ids live in an
 * optional `<file>.ids.txt` sidecar, as for .npy.
 */
import { constants as bufferConstants } from 'node:buffer'
import { InputError } from '../errors.js'
import type { Embeddings } from './embeddings.js'
import { openReadableFile, readFully } from './file-access.js'
import { readIdsSidecar } from './ids-sidecar.js'
import { parseNpyBytes, parseNpyHeaderBytes } from './npy.js'
import { formatShape, NPY_PREAMBLE_BYTES, readNpyPreamble, type NpyHeader } from './npy-header.js'
import { listZipMembers, peekZipMember, readZipMember, type ZipMember } from './zip-archive.js'

declare module './registry.js' {
  interface LoadOptions {
    /** npz: the 2-D array holding the vectors (with or without ".npy"); default: the only 2-D float array, else item_factors. */
    array?: string
  }
}

/** Options for {@link loadNpz}. */
export interface NpzLoadOptions {
  /** The array to read, with or without the ".npy" suffix; default: the only 2-D float array, else `item_factors`. */
  array?: string
  /** Bytes per conversion step (default 4 MiB); tests set it tiny. */
  chunkSize?: number
}

/** The array implicit's model.save writes the item vectors to. */
const IMPLICIT_ITEMS = 'item_factors'

/** An archive member with its array name (the member name without ".npy") and, when readable, its npy header. */
interface NpzArray {
  key: string
  member: ZipMember
  header?: NpyHeader
}

/**
 * Reads the (N, d) array `options.array` (default: the only 2-D float array,
 * else `item_factors`) of an .npz file as float32, plus ids from
 * `<file>.ids.txt` if present. Throws an InputError naming the file (and the
 * array) for any problem.
 */
export async function loadNpz(path: string, options: NpzLoadOptions = {}): Promise<Embeddings> {
  const bytes = await readWhole(path)
  const arrays = listZipMembers(path, bytes).map((member) => ({ key: member.name.replace(/\.npy$/, ''), member }))
  const chosen = pickArray(path, bytes, arrays, options.array)
  const e = await parseNpyBytes(`${path} (array ${chosen.key})`, readZipMember(path, bytes, chosen.member), options)
  const ids = await readIdsSidecar(path, e.n)
  if (ids) e.ids = ids
  return e
}

/** The whole file in memory (the zip directory sits at its end). */
async function readWhole(path: string): Promise<Uint8Array> {
  const { handle, size } = await openReadableFile(path)
  try {
    if (size > bufferConstants.MAX_LENGTH)
      throw new InputError(
        `${path}: ${size} bytes is more than this Node.js can hold in one buffer (${bufferConstants.MAX_LENGTH}); save the vectors alone with numpy.save and load the .npy.`,
      )
    const bytes = new Uint8Array(size)
    await readFully(path, handle, bytes, 0)
    return bytes
  } finally {
    await handle.close()
  }
}

/** The array named `name`, else the only 2-D float array, else item_factors (a lone member is taken as is). */
function pickArray(path: string, bytes: Uint8Array, arrays: NpzArray[], name: string | undefined): NpzArray {
  if (name !== undefined) {
    const key = name.replace(/\.npy$/, '')
    const found = arrays.find((a) => a.key === key || a.member.name === name)
    if (!found) {
      withHeaders(path, bytes, arrays)
      throw new InputError(
        `${path}: has no array named ${JSON.stringify(name)}; its arrays are ${describe(arrays)}: pick one with --array NAME.`,
      )
    }
    return found
  }
  if (arrays.length === 1) return arrays[0]!
  withHeaders(path, bytes, arrays)
  const matrices = arrays.filter((a) => a.header?.shape.length === 2)
  if (matrices.length === 1) return matrices[0]!
  const items = arrays.find((a) => a.key === IMPLICIT_ITEMS)
  if (items) return items
  if (matrices.length === 0)
    throw new InputError(
      `${path}: holds no 2-D float array to read as (N, d) embeddings; its arrays are ${describe(arrays)}: pick one with --array NAME.`,
    )
  throw new InputError(
    `${path}: holds ${matrices.length} 2-D float arrays (${describe(matrices)}); pick one with --array NAME.`,
  )
}

/** Reads each member's npy header from its first bytes; a member whose header is not a float array gets none. */
function withHeaders(path: string, bytes: Uint8Array, arrays: NpzArray[]): void {
  for (const a of arrays) {
    try {
      const source = `${path} (array ${a.key})`
      const preamble = peekZipMember(path, bytes, a.member, NPY_PREAMBLE_BYTES)
      const { end } = readNpyPreamble(source, preamble, a.member.size)
      a.header = parseNpyHeaderBytes(source, peekZipMember(path, bytes, a.member, end), a.member.size)
    } catch (error) {
      if (!(error instanceof InputError)) throw error
    }
  }
}

function describe(arrays: readonly NpzArray[]): string {
  if (arrays.length === 0) return 'none'
  return arrays
    .map(
      (a) => `${a.key} (${a.header ? `${a.header.dtype.descr} ${formatShape(a.header.shape)}` : 'not a float array'})`,
    )
    .join(', ')
}
