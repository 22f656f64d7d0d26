import type { Embeddings } from '../io/embeddings.js'

/** The mean row of an embedding matrix, accumulated in double precision. */
export function meanRow(e: Embeddings): Float64Array {
  const { n, d, data } = e
  const mean = new Float64Array(d)
  for (let i = 0; i < n; i++) {
    const base = i * d
    for (let j = 0; j < d; j++) mean[j]! += data[base + j]!
  }
  for (let j = 0; j < d; j++) mean[j]! /= n
  return mean
}

/**
 * Subtracts the mean row from every row (the paper centres real embeddings this
 * way before comparing them with i.i.d. theory). Returns a new matrix unless
 * `inPlace`, which overwrites `e.data` to save a copy of a large matrix.
 */
export function center(e: Embeddings, inPlace = false): Embeddings {
  const mean = meanRow(e)
  const out = inPlace ? e.data : new Float32Array(e.data.length)
  const { n, d, data } = e
  for (let i = 0; i < n; i++) {
    const base = i * d
    for (let j = 0; j < d; j++) out[base + j] = data[base + j]! - mean[j]!
  }
  return { ...e, data: out }
}
