/**
 * Argument checks for the public search boundary. Engines themselves trust their
 * arguments; loadEngine() wraps them with these checks so each call is checked once.
 */
import { check } from '../errors.js'
import type { Engine, TopKOptions } from './engine.js'

/** Largest N the engines index (item indices are returned as int32). */
export const MAX_ITEMS = 2 ** 31 - 1

function isCount(x: unknown, min: number): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= min
}

/**
 * Throws an InputError (message "search: ...") unless the arguments describe a valid
 * top-k call: Float32Array matrices of n*d and q*d values, 1 <= k <= n, a bias of n
 * values when given, and a positive integer thread count when given.
 */
export function validateTopKArgs(
  items: Float32Array,
  n: number,
  d: number,
  queries: Float32Array,
  q: number,
  k: number,
  opts?: TopKOptions,
): void {
  check(isCount(n, 1), `search: n=${n} must be a positive integer`)
  check(n <= MAX_ITEMS, `search: n=${n} exceeds the engine limit ${MAX_ITEMS}`)
  check(isCount(d, 1), `search: d=${d} must be a positive integer`)
  check(isCount(q, 0), `search: q=${q} must be a non-negative integer`)
  check(isCount(k, 1), `search: k=${k} must be a positive integer`)
  check(k <= n, `search: k=${k} exceeds item count ${n}`)
  check(items instanceof Float32Array, 'search: items must be a Float32Array')
  check(items.length === n * d, `search: items has ${items.length} values, expected n*d = ${n * d}`)
  check(queries instanceof Float32Array, 'search: queries must be a Float32Array')
  check(queries.length === q * d, `search: queries has ${queries.length} values, expected q*d = ${q * d}`)
  const bias = opts?.bias
  if (bias !== undefined) {
    check(
      bias instanceof Float32Array || bias instanceof Float64Array,
      'search: bias must be a Float32Array or Float64Array',
    )
    check(bias.length === n, `search: bias has ${bias.length} values, expected n = ${n}`)
  }
  const threads = opts?.threads
  if (threads !== undefined) check(isCount(threads, 1), `search: threads=${threads} must be a positive integer`)
}

/** Wraps an engine so every call is validated first (errors arrive as rejections). */
export function withValidation(engine: Engine): Engine {
  const wrapped: Engine = {
    name: engine.name,
    topk: async (items, n, d, queries, q, k, opts) => {
      validateTopKArgs(items, n, d, queries, q, k, opts)
      return engine.topk(items, n, d, queries, q, k, opts)
    },
  }
  // averageRows checks its own arguments natively (lengths and every index).
  if (engine.averageRows) wrapped.averageRows = engine.averageRows.bind(engine)
  return wrapped
}
