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
  if (!Number.isInteger(e.n) || e.n < 1) throw new InputError(`${source}: no items found (N = ${e.n}); the file must hold at least one row.`)
  if (!Number.isInteger(e.d) || e.d < 1) throw new InputError(`${source}: dimension d = ${e.d}; each row must hold at least one number.`)
  if (e.data.length !== e.n * e.d) throw new InputError(`${source}: holds ${e.data.length} values, expected N*d = ${e.n}*${e.d}.`)
  if (e.ids && e.ids.length !== e.n) throw new InputError(`${source}: ${e.ids.length} ids for ${e.n} rows.`)
  const data = e.data
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!
    // v - v is NaN exactly for NaN and +-Inf: one branch-free test on the hot path.
    if (v - v !== 0) {
      const row = Math.floor(i / e.d)
      const col = i % e.d
      const name = e.ids ? ` (id ${JSON.stringify(e.ids[row])})` : ''
      throw new InputError(`${source}: row ${row + 1}${name}, column ${col + 1} is ${v}; every value must be finite: drop or repair that row.`)
    }
  }
  return e
}

/** Returns row i as a subarray view (no copy). */
export function row(e: Embeddings, i: number): Float32Array {
  return e.data.subarray(i * e.d, (i + 1) * e.d)
}
