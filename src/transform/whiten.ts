/**
 * Whitening: y = W (x - mean) with W = V diag(1 / sqrt(lambda')) V^T (ZCA: the
 * rotation back keeps each output axis closest to its input axis), V and lambda
 * the eigenvectors and eigenvalues of the covariance, so cov(y) = I on full-rank data.
 *
 * Rank-deficient data (N <= d, or exactly collinear columns) has zero eigenvalues,
 * where 1/sqrt(lambda) would blow up round-off. There the covariance is shrunk
 * towards a multiple of the identity, lambda' = (1 - a) lambda + a tr(S)/d, with the
 * Ledoit-Wolf (2004) estimate of a: the data's span is whitened to (close to) unit
 * variance and its null space stays (close to) zero, never NaN or huge.
 */
import { InputError, warn } from '../errors.js'
import type { Embeddings } from '../io/embeddings.js'
import { covariance, type Covariance } from './covariance.js'
import { symmetricEigen } from './eigen.js'

/** Options of {@link whiten}. */
export interface WhitenOptions {
  /**
   * Shrinkage a in [0, 1] towards tr(S)/d I. Default 'auto': 0 on full-rank data
   * (exact identity covariance), the Ledoit-Wolf estimate on rank-deficient data.
   */
  shrinkage?: number | 'auto'
  /** Overwrite `e.data` instead of allocating a new matrix. */
  inPlace?: boolean
}

/** The whitened matrix and the map that produced it (apply it to new items the same way). */
export interface Whitened {
  embeddings: Embeddings
  /** Subtracted mean row (length d). */
  mean: Float64Array
  /** W, d x d row-major: y = W (x - mean). */
  matrix: Float64Array
  /** Covariance eigenvalues before shrinkage, descending. */
  eigenvalues: Float64Array
  /** The shrinkage a actually used. */
  shrinkage: number
  /** Eigenvalues above 1e-10 of the largest: the numerical rank of the covariance. */
  rank: number
}

/** Relative size below which an eigenvalue counts as zero (float32 data, float64 sums). */
const RANK_TOL = 1e-10
/** Smallest shrinkage used on rank-deficient data, whatever Ledoit-Wolf says. */
const MIN_SHRINK = 1e-6

/**
 * Whitens the rows of `e` (see the module comment).
 * @throws InputError when N < 2 or the shrinkage is outside [0, 1].
 */
export function whiten(e: Embeddings, opts: WhitenOptions = {}): Whitened {
  if (e.n < 2) throw new InputError(`whiten: needs at least 2 items to estimate a covariance, got N=${e.n}.`)
  const s = opts.shrinkage ?? 'auto'
  if (s !== 'auto' && !(s >= 0 && s <= 1)) throw new InputError(`whiten: shrinkage ${s} must lie in [0, 1].`)
  const cov = covariance(e)
  const { values, vectors } = symmetricEigen(cov.matrix, e.d)
  const rank = numericalRank(values)
  const shrinkage = s === 'auto' ? autoShrinkage(cov, values, rank) : s
  const matrix = whiteningMatrix(values, vectors, e.d, shrinkage)
  const out = opts.inPlace ? e.data : new Float32Array(e.data.length)
  applyAffine(e.data, out, e.n, e.d, cov.mean, matrix)
  return { embeddings: { ...e, data: out }, mean: cov.mean, matrix, eigenvalues: values, shrinkage, rank }
}

function numericalRank(values: Float64Array): number {
  const top = values[0]!
  let r = 0
  for (const v of values) if (v > RANK_TOL * top) r++
  return top > 0 ? r : 0
}

/**
 * 0 on full-rank data; on rank-deficient data the Ledoit-Wolf shrinkage
 * a = min(1, b^2 / delta^2) with delta^2 = |S - mu I|_F^2 and
 * b^2 = (1/N^2) sum_i |x_i x_i^T - S|_F^2 = (E|x|^4 - |S|_F^2) / N.
 */
function autoShrinkage(cov: Covariance, values: Float64Array, rank: number): number {
  if (rank === cov.d) return 0
  let trace = 0, frob = 0
  for (const v of values) { trace += v; frob += v * v }
  const mu = trace / cov.d
  const delta2 = frob - cov.d * mu * mu
  const beta2 = Math.max(0, (cov.meanFourth - frob) / cov.n)
  const a = delta2 > 0 ? Math.min(1, beta2 / delta2) : 1
  return Math.max(MIN_SHRINK, a)
}

/** W = V diag(1/sqrt((1-a) lambda + a mu)) V^T; zero where the shrunk eigenvalue is not positive. */
function whiteningMatrix(values: Float64Array, vectors: Float64Array, d: number, a: number): Float64Array {
  let trace = 0
  for (const v of values) trace += Math.max(0, v)
  const mu = trace / d
  if (!(values[0]! > 0)) warn('whiten: every item is the same vector; the whitened matrix is all zeros.')
  const scale = new Float64Array(d)
  for (let c = 0; c < d; c++) {
    const shrunk = (1 - a) * Math.max(0, values[c]!) + a * mu
    scale[c] = shrunk > RANK_TOL * Math.max(values[0]!, 0) && shrunk > 0 ? 1 / Math.sqrt(shrunk) : 0
  }
  const w = new Float64Array(d * d)
  for (let r = 0; r < d; r++) {
    for (let c = r; c < d; c++) {
      let s = 0
      for (let k = 0; k < d; k++) s += vectors[r * d + k]! * scale[k]! * vectors[c * d + k]!
      w[r * d + c] = s
      w[c * d + r] = s
    }
  }
  return w
}

/**
 * out_i = W (x_i - mean) for every row, four rows at a time so each entry of W is
 * loaded once per four rows; float64 sums, float32 results. `out` may alias `data`.
 */
export function applyAffine(data: Float32Array, out: Float32Array, n: number, d: number, mean: Float64Array, w: Float64Array): void {
  const x = new Float64Array(4 * d)
  const y = new Float64Array(4 * d)
  for (let i = 0; i < n; i += 4) {
    const rows = Math.min(4, n - i)
    for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) x[r * d + j] = data[(i + r) * d + j]! - mean[j]!
    if (rows === 4) multiply4(w, x, y, d)
    else for (let r = 0; r < rows; r++) multiply1(w, x, r * d, y, d)
    for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) out[(i + r) * d + j] = y[r * d + j]!
  }
}

function multiply4(w: Float64Array, x: Float64Array, y: Float64Array, d: number): void {
  const o1 = d, o2 = 2 * d, o3 = 3 * d
  for (let c = 0; c < d; c++) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0
    const wo = c * d
    for (let a = 0; a < d; a++) {
      const wa = w[wo + a]!
      s0 += wa * x[a]!
      s1 += wa * x[o1 + a]!
      s2 += wa * x[o2 + a]!
      s3 += wa * x[o3 + a]!
    }
    y[c] = s0
    y[o1 + c] = s1
    y[o2 + c] = s2
    y[o3 + c] = s3
  }
}

function multiply1(w: Float64Array, x: Float64Array, xo: number, y: Float64Array, d: number): void {
  for (let c = 0; c < d; c++) {
    let s = 0
    for (let a = 0; a < d; a++) s += w[c * d + a]! * x[xo + a]!
    y[xo + c] = s
  }
}
