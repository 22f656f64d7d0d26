/**
 * Row access to a .npy file without loading it (out-of-core estimation): rows sit at
 * fixed offsets in C order, so rows [lo, hi) and any sorted set of rows are read
 * straight from the file into a Float32Array, converted as loadNpy converts them.
 * Reads are synchronous (one positioned read per contiguous run of rows).
 */
import { readSync } from 'node:fs'
import { InputError } from '../errors.js'
import { openReadableFile } from './file-access.js'
import { checkShape, swapBytes, toFloat32 } from './npy.js'
import { readHeader } from './npy-file.js'
import { HOST_LITTLE_ENDIAN, type NpyHeader } from './npy-header.js'

/** An open .npy matrix read by rows. */
export interface NpyRows {
  path: string
  n: number
  d: number
  /** Reads rows [lo, hi) into out[0 .. (hi-lo)*d). */
  readRows(lo: number, hi: number, out: Float32Array): void
  /** Reads rows positions[0 .. count) (ascending, distinct) into consecutive rows of out. */
  readAt(positions: ArrayLike<number>, count: number, out: Float32Array): void
  close(): Promise<void>
}

/** The shape of a .npy file from its header (nothing else is read). */
export async function npyShape(path: string): Promise<{ n: number; d: number; fortranOrder: boolean }> {
  const { handle, size } = await openReadableFile(path)
  try {
    const header = await readHeader(path, handle, size)
    const [n, d] = checkShape(path, header, size)
    return { n, d, fortranOrder: header.fortranOrder && n > 1 && d > 1 }
  } finally {
    await handle.close()
  }
}

/** Opens a C-order .npy file for row reads; Fortran order (columns stored first) is refused. */
export async function openNpyRows(path: string): Promise<NpyRows> {
  const { handle, size } = await openReadableFile(path)
  let header: NpyHeader
  let n: number
  let d: number
  try {
    header = await readHeader(path, handle, size)
    ;[n, d] = checkShape(path, header, size)
    if (header.fortranOrder && n > 1 && d > 1)
      throw new InputError(
        `${path}: a Fortran-order .npy stores columns, not rows, so it cannot be read in blocks; drop --memory or re-save it in C order (np.ascontiguousarray).`,
      )
  } catch (err) {
    await handle.close()
    throw err
  }
  const { dtype, dataOffset } = header
  const rowBytes = d * dtype.bytes
  const direct = dtype.bytes === 4 && dtype.littleEndian === HOST_LITTLE_ENDIAN
  let scratch = new Uint8Array(0)
  const fd = handle.fd

  const readFullySync = (target: Uint8Array, position: number): void => {
    let done = 0
    while (done < target.length) {
      const got = readSync(fd, target, done, target.length - done, position + done)
      if (got === 0) throw new InputError(`${path}: the file ended early (it changed while being read?).`)
      done += got
    }
  }
  /** Rows [lo, hi) into out at row `at`. */
  const readRun = (lo: number, hi: number, out: Float32Array, at: number): void => {
    if (direct) {
      const target = out.subarray(at * d, (at + hi - lo) * d)
      readFullySync(new Uint8Array(target.buffer, target.byteOffset, target.length * 4), dataOffset + lo * rowBytes)
      return
    }
    // Converted in steps of about 4 MiB, so a wide dtype never doubles a block in memory.
    const step = Math.max(1, Math.floor((1 << 22) / rowBytes))
    for (let r = lo; r < hi; r += step) {
      const rows = Math.min(step, hi - r)
      const bytes = rows * rowBytes
      if (scratch.length < bytes) scratch = new Uint8Array(bytes)
      const chunk = scratch.subarray(0, bytes)
      readFullySync(chunk, dataOffset + r * rowBytes)
      if (dtype.littleEndian !== HOST_LITTLE_ENDIAN) swapBytes(chunk, dtype.bytes)
      const values = out.subarray((at + r - lo) * d, (at + r - lo + rows) * d)
      toFloat32(path, chunk, dtype, values, (i) => [r + Math.floor(i / d) + 1, (i % d) + 1])
    }
  }

  return {
    path,
    n,
    d,
    readRows(lo, hi, out) {
      if (hi > lo) readRun(lo, hi, out, 0)
    },
    readAt(positions, count, out) {
      // Coalesced: one read per run of consecutive rows.
      let m = 0
      while (m < count) {
        const start = positions[m]!
        let end = m + 1
        while (end < count && positions[end] === start + (end - m)) end++
        readRun(start, start + (end - m), out, m)
        m = end
      }
    },
    close: () => handle.close(),
  }
}
