/**
 * Small dense kernels on row-major Float64Arrays (one-line helpers for the solvers).
 * A matrix M of r rows and c columns stores M[i][j] at i*c + j.
 */

/** Gram matrix YtY + lambda I (d x d) of the n x d matrix Y. */
export function gram(y: Float64Array, n: number, d: number, lambda: number): Float64Array {
  const g = new Float64Array(d * d)
  gramRows(y, n, d, g, 0, d)
  finishGram(g, d, lambda)
  return g
}

/**
 * Accumulates rows a = lo .. hi of the upper triangle of YtY into g (zeroed by the caller).
 * Every entry sums over the rows of Y in the same order whatever the range, so splitting
 * the range over threads gives exactly {@link gram}'s values.
 */
export function gramRows(y: Float64Array, n: number, d: number, g: Float64Array, lo: number, hi: number): void {
  for (let i = 0; i < n; i++) {
    const o = i * d
    for (let a = lo; a < hi; a++) {
      const ya = y[o + a]!
      if (ya === 0) continue
      const ga = a * d
      // Upper triangle only; mirrored below.
      for (let b = a; b < d; b++) g[ga + b]! += ya * y[o + b]!
    }
  }
}

/** Adds lambda to the diagonal of the upper triangle g and mirrors it below. */
export function finishGram(g: Float64Array, d: number, lambda: number): void {
  for (let a = 0; a < d; a++) {
    g[a * d + a]! += lambda
    for (let b = 0; b < a; b++) g[a * d + b] = g[b * d + a]!
  }
}

/** out = M v for a d x d matrix M and vector v at offset vo. */
export function matVec(m: Float64Array, v: Float64Array, vo: number, out: Float64Array, d: number): void {
  let a = 0
  // Four rows at a time: each v[b] is loaded once for four products.
  for (; a + 3 < d; a += 4) {
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0
    const m0 = a * d,
      m1 = m0 + d,
      m2 = m1 + d,
      m3 = m2 + d
    for (let b = 0; b < d; b++) {
      const vb = v[vo + b]!
      s0 += m[m0 + b]! * vb
      s1 += m[m1 + b]! * vb
      s2 += m[m2 + b]! * vb
      s3 += m[m3 + b]! * vb
    }
    out[a] = s0
    out[a + 1] = s1
    out[a + 2] = s2
    out[a + 3] = s3
  }
  for (; a < d; a++) out[a] = dot(m, a * d, v, vo, d)
}

/**
 * Dot product of x[xo .. xo+d) and y[yo .. yo+d). Four independent accumulators let the
 * CPU overlap the additions (about 2x faster in V8 than one running sum); the summation
 * order is fixed, so results stay bit-reproducible.
 */
export function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, d: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0
  let a = 0
  for (; a + 3 < d; a += 4) {
    s0 += x[xo + a]! * y[yo + a]!
    s1 += x[xo + a + 1]! * y[yo + a + 1]!
    s2 += x[xo + a + 2]! * y[yo + a + 2]!
    s3 += x[xo + a + 3]! * y[yo + a + 3]!
  }
  for (; a < d; a++) s0 += x[xo + a]! * y[yo + a]!
  return s0 + s1 + (s2 + s3)
}

/** out[0 .. d) += s * y[yo .. yo+d) (unrolled by four). */
export function axpy(s: number, y: Float64Array, yo: number, out: Float64Array, d: number): void {
  let a = 0
  for (; a + 3 < d; a += 4) {
    out[a]! += s * y[yo + a]!
    out[a + 1]! += s * y[yo + a + 1]!
    out[a + 2]! += s * y[yo + a + 2]!
    out[a + 3]! += s * y[yo + a + 3]!
  }
  for (; a < d; a++) out[a]! += s * y[yo + a]!
}

/** Converts an n x d Float64 matrix to the Float32 storage of Embeddings. */
export function toFloat32(x: Float64Array): Float32Array {
  return Float32Array.from(x)
}
