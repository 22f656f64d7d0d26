/**
 * Row access to a .npy file without loading it (out-of-core estimation): rows sit at
 * fixed offsets, so rows [lo, hi) and any sorted set of rows are read straight from the
 * file into a Float32Array, converted as loadNpy converts them (C order: one positioned
 * read per contiguous run of rows; Fortran order: per column). Reads are synchronous.
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

/**
 * Opens a .npy file for row reads. C order: one positioned read per run of rows. Fortran
 * order (columns stored first, n > 1 and d > 1): a block is read column by column (d reads
 * of its rows' stretch of each column), scattered rows by windows of each column, so
 * scattered reads of a Fortran file cost up to a column pass each (slow, but exact).
 */
export async function openNpyRows(path: string): Promise<NpyRows> {
  const { handle, size } = await openReadableFile(path)
  let header: NpyHeader
  let n: number
  let d: number
  try {
    header = await readHeader(path, handle, size)
    ;[n, d] = checkShape(path, header, size)
  } catch (err) {
    await handle.close()
    throw err
  }
  const { dtype, dataOffset } = header
  const fortran = header.fortranOrder && n > 1 && d > 1
  const rowBytes = d * dtype.bytes
  const direct = dtype.bytes === 4 && dtype.littleEndian === HOST_LITTLE_ENDIAN
  let scratch = new Uint8Array(0)
  let column = new Float32Array(0)
  const fd = handle.fd
  const readFullySync = (target: Uint8Array, position: number): void => {
    let done = 0
    while (done < target.length) {
      const got = readSync(fd, target, done, target.length - done, position + done)
      if (got === 0) throw new InputError(`${path}: the file ended early (it changed while being read?).`)
      done += got
    }
  }
  /** `count` stored values from element `first` on into `values`; element e is at [row, column] of where(e). */
  const readValues = (first: number, values: Float32Array, where: (e: number) => [number, number]): void => {
    const bytes = values.length * dtype.bytes
    if (direct) {
      readFullySync(new Uint8Array(values.buffer, values.byteOffset, bytes), dataOffset + first * dtype.bytes)
      return
    }
    if (scratch.length < bytes) scratch = new Uint8Array(bytes)
    const chunk = scratch.subarray(0, bytes)
    readFullySync(chunk, dataOffset + first * dtype.bytes)
    if (dtype.littleEndian !== HOST_LITTLE_ENDIAN) swapBytes(chunk, dtype.bytes)
    toFloat32(path, chunk, dtype, values, (i) => where(first + i))
  }
  const cWhere = (e: number): [number, number] => [Math.floor(e / d) + 1, (e % d) + 1]
  const fWhere = fortranWhere(n)
  // Converted or gathered in steps of about 4 MiB, so a wide dtype never doubles a block in memory.
  const stepOf = (bytesPer: number): number => Math.max(1, Math.floor((1 << 22) / bytesPer))
  /** Rows [lo, hi) into out at row `at`. */
  const readRun = (lo: number, hi: number, out: Float32Array, at: number): void => {
    if (!fortran) {
      const step = direct ? hi - lo : stepOf(rowBytes)
      for (let r = lo; r < hi; r += step) {
        const rows = Math.min(step, hi - r)
        readValues(r * d, out.subarray((at + r - lo) * d, (at + r - lo + rows) * d), cWhere)
      }
      return
    }
    const step = stepOf(Math.max(4, dtype.bytes))
    for (let r = lo; r < hi; r += step) {
      const rows = Math.min(step, hi - r)
      if (column.length < rows) column = new Float32Array(rows)
      const values = column.subarray(0, rows)
      for (let j = 0; j < d; j++) {
        readValues(j * n + r, values, fWhere)
        for (let i = 0, o = (at + r - lo) * d + j; i < rows; i++, o += d) out[o] = values[i]!
      }
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
      if (fortran) return readColumnsAt(positions, count, out, n, d, stepOf(Math.max(4, dtype.bytes)), readValues)
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

/** Row and column (from 1) of stored element e of a Fortran-order n-row matrix. */
const fortranWhere =
  (n: number) =>
  (e: number): [number, number] => [(e % n) + 1, Math.floor(e / n) + 1]

/** Fortran order: rows positions[0 .. count) by windows of each column (a gap under 1024 rows is read through). */
function readColumnsAt(
  positions: ArrayLike<number>,
  count: number,
  out: Float32Array,
  n: number,
  d: number,
  step: number,
  readValues: (first: number, values: Float32Array, where: (e: number) => [number, number]) => void,
): void {
  const where = fortranWhere(n)
  let column = new Float32Array(0)
  for (let j = 0; j < d; j++) {
    for (let m = 0; m < count;) {
      const first = positions[m]!
      let end = m + 1
      while (end < count && positions[end]! - positions[end - 1]! <= 1024 && positions[end]! - first < step) end++
      const span = positions[end - 1]! - first + 1
      if (column.length < span) column = new Float32Array(span)
      const values = column.subarray(0, span)
      readValues(j * n + first, values, where)
      for (let t = m; t < end; t++) out[t * d + j] = values[positions[t]! - first]!
      m = end
    }
  }
}

/**
 * The rows of `rows` without the file rows `drop` (ascending, distinct): row p of the
 * answer is the p-th kept row, as the loader's --drop-untrained leaves them. Holds 4 bytes per
 * dropped row (not `drop` itself).
 */
export function withoutRows(rows: NpyRows, drop: ArrayLike<number>): NpyRows {
  const { d } = rows
  const count = drop.length
  // shifted[i] = drop[i] - i is non-decreasing; the kept row p is file row p + #{i : shifted[i] <= p}.
  const shifted = Int32Array.from({ length: count }, (_, i) => drop[i]! - i)
  const below = (p: number): number => {
    let lo = 0
    let hi = count
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (shifted[mid]! <= p) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  return {
    path: rows.path,
    n: rows.n - count,
    d,
    readRows(lo, hi, out) {
      // One read per run of kept rows between two dropped ones.
      for (let p = lo; p < hi;) {
        const c = below(p)
        const r = p + c
        const run = Math.min(hi - p, c < count ? shifted[c]! + c - r : Infinity)
        rows.readRows(r, r + run, out.subarray((p - lo) * d, (p - lo + run) * d))
        p += run
      }
    },
    readAt(positions, n, out) {
      const mapped = new Int32Array(n)
      for (let t = 0; t < n; t++) mapped[t] = positions[t]! + below(positions[t]!)
      rows.readAt(mapped, n, out)
    },
    close: () => rows.close(),
  }
}
