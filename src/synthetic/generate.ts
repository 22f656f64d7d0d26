/**
 * Seeded synthetic embeddings: N x d matrices of i.i.d. coordinates drawn from
 * a named law, written straight into one row-major Float32Array.
 */
import { InputError } from '../errors.js'
import type { Embeddings } from '../io/embeddings.js'
import { rng } from '../rng.js'
import { checkLaw, type Law } from '../laws/laws.js'
import { parseLaw } from '../laws/law-spec.js'
import { fillLaw } from './samplers.js'

/**
 * N x d embeddings with i.i.d. coordinates from `law` (a {@link Law} or a spec
 * such as "normal(0,1)"), deterministic for a seed: the same (law, n, d, seed)
 * always gives the same bits, and a larger n with the same seed and d extends
 * the smaller matrix row by row. Draws come only from rng(seed).
 * Normal draws use a 256-layer ziggurat.
 * @throws InputError for a bad law, non-positive or non-integer n or d, a seed
 *   that is not a safe integer, or a matrix too large to allocate.
 */
export function generate(law: Law | string, n: number, d: number, seed: number): Embeddings {
  const parsed = typeof law === 'string' ? parseLaw(law) : law
  checkLaw(parsed)
  for (const [name, v] of [
    ['N', n],
    ['d', d],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 1)
      throw new InputError(`synthetic: ${name} must be a positive integer, got ${v}.`)
  }
  if (!Number.isSafeInteger(seed)) throw new InputError(`synthetic: seed must be an integer, got ${seed}.`)
  let data: Float32Array
  try {
    data = new Float32Array(n * d)
  } catch {
    throw new InputError(
      `synthetic: N*d = ${n * d} values (${((n * d * 4) / 2 ** 30).toFixed(1)} GiB) cannot be allocated; use a smaller N or d.`,
    )
  }
  fillLaw(rng(seed), data, parsed)
  return { n, d, data }
}
