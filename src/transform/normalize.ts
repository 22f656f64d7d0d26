import { warn } from '../errors.js'
import type { Embeddings } from '../io/embeddings.js'
import { rowNorms } from '../numeric.js'

/**
 * Scales every row to unit Euclidean norm. Zero rows stay zero (with a warning).
 * Returns a new matrix unless `inPlace`.
 */
export function normalize(e: Embeddings, inPlace = false): Embeddings {
  const norms = rowNorms(e)
  const out = inPlace ? e.data : new Float32Array(e.data.length)
  const { n, d, data } = e
  let zero = 0
  for (let i = 0; i < n; i++) {
    const norm = norms[i]!
    if (norm === 0) zero++
    const inv = norm === 0 ? 0 : 1 / norm
    const base = i * d
    for (let j = 0; j < d; j++) out[base + j] = data[base + j]! * inv
  }
  if (zero > 0) warn(`${zero} item(s) have a zero vector and cannot be normalised; they stay zero.`)
  return { ...e, data: out }
}
