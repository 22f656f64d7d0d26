import { InputError } from '../errors.js'

/**
 * N item embeddings of dimension d: one row-major Float32Array (n*d), row i is item i.
 * `ids[i]` names item i when the file carried names.
 */
export interface Embeddings {
  n: number
  d: number
  data: Float32Array
  ids?: string[]
}

/**
 * Checks the shape and that every value is finite; `source` names the file in messages.
 * Throws an InputError naming the first bad row and column.
 */
export function validateEmbeddings(e: Embeddings, source = 'embeddings'): Embeddings {
  if (!(e.data instanceof Float32Array)) {
    const kind = (e.data as unknown)?.constructor?.name ?? typeof e.data
    throw new InputError(
      `${source}: data is a ${kind}; avgcon stores embeddings as one row-major Float32Array: convert with toEmbeddings(values, { d }).`,
    )
  }
  if (!Number.isInteger(e.n) || e.n < 1)
    throw new InputError(`${source}: no items found (N = ${e.n}); the file must hold at least one row.`)
  if (!Number.isInteger(e.d) || e.d < 1)
    throw new InputError(`${source}: dimension d = ${e.d}; each row must hold at least one number.`)
  if (e.data.length !== e.n * e.d)
    throw new InputError(`${source}: holds ${e.data.length} values, expected N*d = ${e.n}*${e.d}.`)
  if (e.ids && e.ids.length !== e.n) throw new InputError(`${source}: ${e.ids.length} ids for ${e.n} rows.`)
  checkFinite(e.data, e.d, source, 0, e.ids)
  return e
}

/**
 * Throws the loaders' InputError when `data` (rows of d values, the first being row
 * `firstRow` of the file) holds a NaN or +-Inf: streamed blocks get the same sentence.
 */
export function checkFinite(data: Float32Array, d: number, source: string, firstRow = 0, ids?: string[]): void {
  const bad = firstNonFinite(data)
  if (bad < 0) return
  const row = firstRow + Math.floor(bad / d)
  const col = bad % d
  const name = ids ? ` (id ${JSON.stringify(ids[row])})` : ''
  throw new InputError(
    `${source}: row ${row + 1}${name}, column ${col + 1} is ${data[bad]}; every value must be finite: drop or repair that row.`,
  )
}

/**
 * Index of the first NaN or +-Inf in `data`, or -1. Scans the float bits in
 * blocks: a value is non-finite exactly when its 8 exponent bits are all ones,
 * and adding 2^23 to those bits then carries into the sign bit. One OR per value
 * and one branch per block measured ~1.7x faster than testing v - v per value.
 */
function firstNonFinite(data: Float32Array): number {
  const bits = new Int32Array(data.buffer, data.byteOffset, data.length)
  const block = 4096
  for (let start = 0; start < bits.length; start += block) {
    const end = Math.min(start + block, bits.length)
    let flag = 0
    for (let i = start; i < end; i++) flag |= (bits[i]! & 0x7f800000) + 0x00800000
    if (flag < 0) {
      for (let i = start; i < end; i++) if ((bits[i]! & 0x7f800000) === 0x7f800000) return i
    }
  }
  return -1
}

/** Returns row i as a subarray view (no copy). */
export function row(e: Embeddings, i: number): Float32Array {
  return e.data.subarray(i * e.d, (i + 1) * e.d)
}

/**
 * Allocates the N x d matrix a loader fills, turning "out of memory" into one
 * sentence naming the file (a RangeError from the typed-array constructor).
 */
export function allocateMatrix(path: string, n: number, d: number): Float32Array {
  try {
    return new Float32Array(n * d)
  } catch (error) {
    if (!(error instanceof RangeError)) throw error
    throw new InputError(
      `${path}: holding ${n} x ${d} float32 values needs ${((n * d * 4) / 2 ** 30).toFixed(1)} GiB, more than this process can allocate; use a machine with more memory or a subset of rows.`,
    )
  }
}
