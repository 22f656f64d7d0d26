/**
 * The library's explicit conversion into avgcon's storage: one row-major Float32Array.
 * Callers holding a Float64Array, a flat number array or rows (number[][]) convert with
 * {@link toEmbeddings}; every value is checked as the file loaders check theirs.
 */
import { InputError } from '../errors.js'
import { validateEmbeddings, type Embeddings } from './embeddings.js'

/** Options of {@link toEmbeddings}. */
export interface ToEmbeddingsOptions {
  /** The dimension d, required for flat values (N = length / d); rows give it themselves. */
  d?: number
  /** Item ids, one per row. */
  ids?: string[]
  /** Names the values in messages (default "embeddings"). */
  source?: string
}

const FLOAT32_MAX = 3.4028234663852886e38

/**
 * Converts rows (number[][]) or flat row-major values (Float64Array, Float32Array, number[]
 * with `d`) into {@link Embeddings}, rounding to float32. Ragged rows, NaN, ±Infinity and
 * values beyond float32's range are refused with an InputError naming the row and column.
 *
 * @example
 * ```ts
 * const items = toEmbeddings([[0.1, 0.2], [0.3, -0.1], [0.0, 1.5]])
 * const flat = toEmbeddings(new Float64Array(3000 * 64), { d: 64 })
 * ```
 */
export function toEmbeddings(
  values: ArrayLike<number> | readonly ArrayLike<number>[],
  options: ToEmbeddingsOptions = {},
): Embeddings {
  const source = options.source ?? 'embeddings'
  const rows = isRows(values)
  const n = rows ? values.length : undefined
  const d = rows ? (values[0]?.length ?? 0) : options.d
  if (d === undefined || !Number.isSafeInteger(d) || d < 1)
    throw new InputError(`${source}: flat values need the dimension: pass { d } (a whole number of at least 1).`)
  const count = rows ? n! : values.length / d
  if (!Number.isInteger(count))
    throw new InputError(`${source}: ${values.length} values do not split into rows of d = ${d}.`)
  const data = new Float32Array(count * d)
  for (let i = 0; i < count; i++) {
    const row = rows ? (values as readonly ArrayLike<number>[])[i]! : undefined
    if (row && row.length !== d)
      throw new InputError(
        `${source}: row ${i + 1} holds ${row.length} values, row 1 holds ${d}; every row needs d values.`,
      )
    for (let j = 0; j < d; j++) {
      const v = row ? row[j]! : (values as ArrayLike<number>)[i * d + j]!
      if (typeof v !== 'number' || (Number.isFinite(v) && Math.abs(v) > FLOAT32_MAX))
        throw new InputError(
          `${source}: row ${i + 1}, column ${j + 1} is ${String(v)}, beyond float32 (|x| <= 3.4e38); rescale the values.`,
        )
      data[i * d + j] = v
    }
  }
  return validateEmbeddings({ n: count, d, data, ...(options.ids ? { ids: options.ids } : {}) }, source)
}

function isRows(values: ArrayLike<number> | readonly ArrayLike<number>[]): values is readonly ArrayLike<number>[] {
  return Array.isArray(values) && values.length > 0 && typeof values[0] === 'object' && values[0] !== null
}
