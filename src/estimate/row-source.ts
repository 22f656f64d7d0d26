/**
 * The rows of a streamed .npy matrix (out-of-core.ts, shard/): the --center and --normalize
 * transforms applied to each block as the in-memory transforms apply them, and the first
 * passes over the file that give the global per-item data every block is ranked with.
 */
import { warn } from '../errors.js'
import type { NpyRows } from '../io/npy-rows.js'
import type { Metric } from './metric.js'

/** The transforms a streamed run applies to its rows. */
export interface RowTransforms {
  metric: Metric
  /** --center: subtract the mean row (float64, as transform/center.ts). */
  center?: boolean
  /** --normalize: scale each row to unit length (as transform/normalize.ts). */
  normalize?: boolean
}

/** Rows read from the file with --center and --normalize applied exactly as the in-memory transforms. */
export class RowSource {
  constructor(
    readonly rows: NpyRows,
    readonly mean: Float64Array | undefined,
    readonly unit: boolean,
  ) {}

  get n(): number {
    return this.rows.n
  }

  read(lo: number, hi: number, out: Float32Array): void {
    this.rows.readRows(lo, hi, out)
    this.#apply(out, hi - lo)
  }

  readAt(positions: ArrayLike<number>, count: number, out: Float32Array): void {
    this.rows.readAt(positions, count, out)
    this.#apply(out, count)
  }

  #apply(out: Float32Array, count: number): void {
    const { d } = this.rows
    const { mean, unit } = this
    if (!mean && !unit) return
    for (let i = 0; i < count; i++) {
      const base = i * d
      if (mean) for (let j = 0; j < d; j++) out[base + j] = out[base + j]! - mean[j]!
      if (unit) {
        let s = 0
        for (let j = base; j < base + d; j++) s += out[j]! * out[j]!
        const norm = Math.sqrt(s)
        const inv = norm === 0 ? 0 : 1 / norm
        for (let j = base; j < base + d; j++) out[j] = out[j]! * inv
      }
    }
  }
}

/** Streams all rows through `visit` in row order, one block at a time. */
function eachBlock(
  source: RowSource,
  blockRows: number,
  buffer: Float32Array,
  visit: (rows: Float32Array, lo: number, count: number) => void,
): void {
  const { n, d } = source.rows
  for (let lo = 0; lo < n; lo += blockRows) {
    const hi = Math.min(n, lo + blockRows)
    source.read(lo, hi, buffer)
    visit(buffer.subarray(0, (hi - lo) * d), lo, hi - lo)
  }
}

/** What every block of a streamed matrix is ranked with: the row transforms and the global per-item data. */
export interface StreamedGlobals {
  source: RowSource
  /** --center: the float64 mean row. */
  mean: Float64Array | undefined
  /** euclidean: the float32 centre of the (transformed) matrix. */
  centre: Float32Array | undefined
}

/**
 * The first passes over the file, in row order exactly as the in-memory code: the --center
 * mean, the zero-row warnings and the euclidean centre.
 */
export function streamedGlobals(
  rows: NpyRows,
  opts: RowTransforms,
  blockRows: number,
  buffer: Float32Array,
): StreamedGlobals {
  const { n, d } = rows
  // First passes: the global per-item data, in row order exactly as the in-memory code.
  let mean: Float64Array | undefined
  if (opts.center) {
    mean = new Float64Array(d)
    const m = mean
    eachBlock(new RowSource(rows, undefined, false), blockRows, buffer, (block, _lo, count) => {
      for (let i = 0; i < count; i++) for (let j = 0; j < d; j++) m[j]! += block[i * d + j]!
    })
    for (let j = 0; j < d; j++) m[j]! /= n
  }
  const centred = new RowSource(rows, mean, false)
  const source = new RowSource(rows, mean, Boolean(opts.normalize))
  if (opts.normalize) {
    let zero = 0
    eachBlock(centred, blockRows, buffer, (block, _lo, count) => {
      for (let i = 0; i < count; i++) {
        let s = 0
        for (let j = i * d; j < (i + 1) * d; j++) s += block[j]! * block[j]!
        if (Math.sqrt(s) === 0) zero++
      }
    })
    if (zero > 0) warn(`${zero} item(s) have a zero vector and cannot be normalised; they stay zero.`)
  }
  let centre: Float32Array | undefined
  if (opts.metric === 'euclidean' || opts.metric === 'cosine') {
    const sum = new Float64Array(d)
    let zero = 0
    eachBlock(source, blockRows, buffer, (block, _lo, count) => {
      for (let i = 0; i < count; i++) {
        let s = 0
        for (let j = 0; j < d; j++) {
          const x = block[i * d + j]!
          sum[j]! += x
          s += x * x
        }
        if (Math.sqrt(s) === 0) zero++
      }
    })
    if (opts.metric === 'euclidean') {
      centre = new Float32Array(d)
      for (let j = 0; j < d; j++) centre[j] = sum[j]! / n
    } else if (zero > 0) {
      warn(`${zero} item(s) have a zero vector; under cosine similarity they score 0 against every average.`)
    }
  }
  return { source, mean, centre }
}
