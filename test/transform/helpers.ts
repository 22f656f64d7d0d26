import type { Embeddings } from '../../src/io/embeddings.js'
import { rng } from '../../src/rng.js'

/** n x d rows x = A z with z ~ N(0, I_r) and a fixed random d x r mixing A (rank r). */
export function mixedGaussian(n: number, d: number, r: number, seed: number, offset = 0): Embeddings {
  const g = rng(seed)
  const a = Float64Array.from({ length: d * r }, () => g.normal())
  const data = new Float32Array(n * d)
  const z = new Float64Array(r)
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < r; c++) z[c] = g.normal()
    for (let j = 0; j < d; j++) {
      let s = offset
      for (let c = 0; c < r; c++) s += a[j * r + c]! * z[c]!
      data[i * d + j] = s
    }
  }
  return { n, d, data }
}

/** Planted model: i.i.d. N(0,1) directions scaled by log-normal norms exp(sigma g). */
export function logNormalNorms(n: number, d: number, sigma: number, seed: number): Embeddings {
  const g = rng(seed)
  const data = new Float32Array(n * d)
  for (let i = 0; i < n; i++) {
    const s = Math.exp(sigma * g.normal())
    for (let j = 0; j < d; j++) data[i * d + j] = s * g.normal()
  }
  return { n, d, data }
}

/** Population covariance in float64 by the textbook two-pass formula (the oracle). */
export function naiveCovariance(e: Embeddings): Float64Array {
  const { n, d, data } = e
  const mean = new Float64Array(d)
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]! / n
  const c = new Float64Array(d * d)
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++) c[a * d + b]! += ((data[i * d + a]! - mean[a]!) * (data[i * d + b]! - mean[b]!)) / n
  }
  return c
}
