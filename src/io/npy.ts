/**
 * NumPy .npy files: float16/32/64, either byte order, C or Fortran order,
 * format versions 1.0 to 3.0, read in chunks straight into one Float32Array.
 * Ids live in an optional `<file>.ids.txt` sidecar.
 */
import { InputError, warn } from '../errors.js'
import { openAtomicWriter } from './atomic.js'
import { allocateMatrix, type Embeddings, validateEmbeddings } from './embeddings.js'
import { openReadableFile, readFully } from './file-access.js'
import { readHeader } from './npy-file.js'
import { openIdsSidecar, readIdsSidecar, removeStaleSidecar } from './ids-sidecar.js'
import { halfTable } from './half-float.js'
import {
  formatNpyHeader,
  formatShape,
  HOST_LITTLE_ENDIAN,
  type NpyDtype,
  type NpyHeader,
  NPY_PREAMBLE_BYTES,
  parseNpyDict,
  readNpyPreamble,
} from './npy-header.js'

/** Options for {@link loadNpy}. */
export interface NpyLoadOptions {
  /** Bytes per read when converting (default 4 MiB); tests set it tiny. */
  chunkSize?: number
}

const DEFAULT_NPY_CHUNK = 1 << 22

/** Reads an (N, d) float array from a .npy file, plus ids from its sidecar if present. */
export async function loadNpy(path: string, options: NpyLoadOptions = {}): Promise<Embeddings> {
  const { handle, size } = await openReadableFile(path)
  let e: Embeddings
  try {
    const header = await readHeader(path, handle, size)
    e = await decodeNpyData(path, header, size, options, async (target, position) => {
      await readFully(path, handle, target, position)
    })
  } finally {
    await handle.close()
  }
  const ids = await readIdsSidecar(path, e.n)
  if (ids) e.ids = ids
  return e
}

/**
 * Parses a whole .npy file held in memory (e.g. one member of an .npz) into an
 * (N, d) float32 matrix, with the same checks and messages as {@link loadNpy};
 * `source` names it in those messages. No ids: a sidecar belongs to a file.
 */
export async function parseNpyBytes(
  source: string,
  bytes: Uint8Array,
  options: NpyLoadOptions = {},
): Promise<Embeddings> {
  const header = parseNpyHeaderBytes(source, bytes)
  return decodeNpyData(source, header, bytes.length, options, (target, position) => {
    target.set(bytes.subarray(position, position + target.length))
  })
}

/** The header of a .npy file held in memory (all of it, or at least its first bytes up to the data). */
export function parseNpyHeaderBytes(source: string, bytes: Uint8Array, size = bytes.length): NpyHeader {
  const { version, start, end } = readNpyPreamble(source, bytes.subarray(0, NPY_PREAMBLE_BYTES), size)
  if (end > bytes.length)
    throw new InputError(`${source}: truncated npy header (it needs ${end} bytes, ${bytes.length} are present).`)
  return parseNpyDict(source, bytes.subarray(start, end), version, end)
}

/** Copies `target.length` bytes starting at byte `position` of the npy data source into `target`. */
type FillBytes = (target: Uint8Array, position: number) => Promise<void> | void

/** Checks the shape, then reads the elements after `header` through `fill` into one Float32Array. */
async function decodeNpyData(
  path: string,
  header: NpyHeader,
  size: number,
  options: NpyLoadOptions,
  fill: FillBytes,
): Promise<Embeddings> {
  const [n, d] = checkShape(path, header, size)
  const data = allocateMatrix(path, n, d)
  if (
    header.dtype.bytes === 4 &&
    header.dtype.littleEndian === HOST_LITTLE_ENDIAN &&
    (!header.fortranOrder || n === 1 || d === 1)
  ) {
    // Same layout as in memory: read the bytes straight into the array.
    await fill(new Uint8Array(data.buffer), header.dataOffset)
  } else {
    await readConverted(path, fill, header, data, n, d, options.chunkSize ?? DEFAULT_NPY_CHUNK)
  }
  return { n, d, data }
}

/** Requires a 2-D shape with data present in full; warns about bytes after it. */
export function checkShape(path: string, header: NpyHeader, size: number): [number, number] {
  const { shape, dtype } = header
  const shown = formatShape(shape)
  if (shape.length !== 2) {
    throw new InputError(
      `${path}: npy array has shape ${shown} (${shape.length}-D), but embeddings need a 2-D (N, d) array; reshape it before saving, e.g. x.reshape(-1, d).`,
    )
  }
  const [n, d] = shape as [number, number]
  if (d === 0)
    throw new InputError(`${path}: npy array has shape ${shown}, so d = 0; each item needs at least one value.`)
  if (n === 0)
    throw new InputError(`${path}: npy array has shape ${shown}, no items; the file must hold at least one row.`)
  const needed = n * d * dtype.bytes
  const available = size - header.dataOffset
  if (available < needed) {
    throw new InputError(
      `${path}: truncated npy data: shape ${shown} ${dtype.descr} needs ${needed} bytes after the header, the file has ${available}; the file is incomplete: re-create it.`,
    )
  }
  if (available > needed) warn(`${path}: ignoring ${available - needed} bytes after the npy data.`)
  return [n, d]
}

/** Reads, byte-swaps, widens or narrows, and (for Fortran order) transposes, one chunk at a time. */
async function readConverted(
  path: string,
  fill: FillBytes,
  header: NpyHeader,
  data: Float32Array,
  n: number,
  d: number,
  chunkSize: number,
): Promise<void> {
  const { dtype } = header
  const itemsPerChunk = Math.max(1, Math.floor(chunkSize / dtype.bytes))
  // A fresh ArrayBuffer is aligned, so typed views over it are allowed.
  const chunk = new Uint8Array(itemsPerChunk * dtype.bytes)
  const floats = new Float32Array(itemsPerChunk)
  const total = n * d
  for (let start = 0; start < total; start += itemsPerChunk) {
    const count = Math.min(itemsPerChunk, total - start)
    const bytes = chunk.subarray(0, count * dtype.bytes)
    await fill(bytes, header.dataOffset + start * dtype.bytes)
    if (dtype.littleEndian !== HOST_LITTLE_ENDIAN) swapBytes(bytes, dtype.bytes)
    const values = floats.subarray(0, count)
    toFloat32(path, bytes, dtype, values, (i) => elementPosition(start + i, n, d, header.fortranOrder))
    placeValues(values, start, data, n, d, header.fortranOrder)
  }
}

/** Reverses the bytes of every `width`-byte element in place. */
export function swapBytes(bytes: Uint8Array, width: number): void {
  for (let i = 0; i < bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a]!
      bytes[a] = bytes[b]!
      bytes[b] = t
    }
  }
}

/**
 * Host-order element bytes to float32. float64 values too large for float32
 * would silently become Infinity, so they are reported here with their value;
 * `position(i)` names element i as 1-based [row, column] for that message.
 */
export function toFloat32(
  path: string,
  bytes: Uint8Array,
  dtype: NpyDtype,
  out: Float32Array,
  position: (i: number) => [number, number],
): void {
  if (dtype.bytes === 4) {
    out.set(new Float32Array(bytes.buffer, bytes.byteOffset, out.length))
  } else if (dtype.bytes === 2) {
    const halves = new Uint16Array(bytes.buffer, bytes.byteOffset, out.length)
    const table = halfTable()
    for (let i = 0; i < out.length; i++) out[i] = table[halves[i]!]!
  } else {
    const doubles = new Float64Array(bytes.buffer, bytes.byteOffset, out.length)
    out.set(doubles)
    for (let i = 0; i < out.length; i++) {
      const narrowed = out[i]!
      if (narrowed - narrowed !== 0 && Number.isFinite(doubles[i])) {
        const [row, column] = position(i)
        throw new InputError(
          `${path}: row ${row}, column ${column} (${doubles[i]}) overflows float32 (largest 3.4e38); rescale the data before saving.`,
        )
      }
    }
  }
}

/** 1-based [row, column] of the k-th element in file order. */
function elementPosition(k: number, n: number, d: number, fortranOrder: boolean): [number, number] {
  return fortranOrder ? [(k % n) + 1, Math.floor(k / n) + 1] : [Math.floor(k / d) + 1, (k % d) + 1]
}

/** Copies chunk values (file order, starting at element `start`) into the row-major array. */
function placeValues(
  values: Float32Array,
  start: number,
  data: Float32Array,
  n: number,
  d: number,
  fortranOrder: boolean,
): void {
  if (!fortranOrder) {
    data.set(values, start)
    return
  }
  // Fortran order stores column by column: element k is (row k % n, column k / n).
  let row = start % n
  let column = (start - row) / n
  for (let k = 0; k < values.length; k++) {
    data[row * d + column] = values[k]!
    if (++row === n) {
      row = 0
      column++
    }
  }
}

/**
 * Saves `e` as a little-endian float32 C-order .npy (version 1.0 header, data
 * 64-byte aligned), atomically. Ids go to `<path>.ids.txt`; without ids an old
 * sidecar is deleted so it cannot be read back with the new data.
 */
export async function saveNpy(path: string, e: Embeddings): Promise<void> {
  validateEmbeddings(e, path)
  const ids = e.ids ? await openIdsSidecar(path, e.ids) : undefined
  const writer = await openAtomicWriter(path).catch(async (error: unknown) => {
    await ids?.abort()
    throw error
  })
  try {
    await writer.write(formatNpyHeader(e.n, e.d))
    await writer.write(littleEndianBytes(e.data))
    await writer.finish()
    // Both files are complete on disk before either replaces an old one.
    if (ids) await ids.commit()
    else await removeStaleSidecar(path)
    await writer.commit()
  } catch (error) {
    await Promise.all([writer.abort(), ids?.abort()])
    throw error
  }
}

/** The float32 values as little-endian bytes (a view on little-endian hosts). */
function littleEndianBytes(data: Float32Array): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (HOST_LITTLE_ENDIAN) return bytes
  const copy = Uint8Array.from(bytes)
  swapBytes(copy, 4)
  return copy
}
