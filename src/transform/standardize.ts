import type { Embeddings } from '../io/embeddings.js'
import { measureDimMoments } from '../theory/measure.js'

/**
 * Per-dimension z-scores: (x_ij - mean_j) / std_j with population moments, so every
 * coordinate has mean 0 and variance 1 (the i.i.d. setting's first two moments,
 * without the rotation of whitening). A constant column becomes 0.
 */
export function standardize(e: Embeddings, inPlace = false): Embeddings {
  const { mean, std } = measureDimMoments(e)
  const out = inPlace ? e.data : new Float32Array(e.data.length)
  const { n, d, data } = e
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const s = std[j]!
      out[i * d + j] = s > 0 ? (data[i * d + j]! - mean[j]!) / s : 0
    }
  }
  return { ...e, data: out }
}
