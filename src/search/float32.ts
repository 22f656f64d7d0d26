/**
 * Float32 arithmetic that matches the native kernel bit for bit.
 *
 * Every engine scores an item the same way: acc = fma(q_j, x_j, acc) in float32 for
 * j = 0..d-1 starting from +0, then acc + bias[i] in float32. The native SIMD code does
 * exactly that in each vector lane, so the TypeScript engine reproduces it here and
 * both engines return identical lists (ties included), not merely lists within
 * rounding of each other.
 */

const f32 = Math.fround

/**
 * Float32 fused multiply-add: round32(a * b + c) with a single rounding, for float32
 * inputs a, b, c. The product of two float32 values is exact in a double, so
 * round32(c + a * b) is only wrong when the double sum lands exactly on a midpoint
 * between two float32 values while the exact sum is not on it (double rounding);
 * then the rounding error of the double sum (TwoSum) says which neighbour is right.
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b
  const s = c + p
  const f = f32(s)
  if (s === f) return f
  const g = 2 * s - f // the other float32 neighbour, if s is a midpoint
  if (f32(g) !== g || g === f || !Number.isFinite(f)) return f
  const pp = s - c
  const error = c - (s - pp) + (p - pp)
  if (error === 0) return f // a true tie: Math.fround already rounded to even
  return error > 0 ? Math.max(f, g) : Math.min(f, g)
}

/**
 * The score chain of one query row against one item row (see the module comment).
 * `q` and `x` hold float32 values; rows start at qOffset and xOffset.
 */
export function dotFloat32(q: Float32Array, qOffset: number, x: Float32Array, xOffset: number, d: number): number {
  let acc = 0
  for (let j = 0; j < d; j++) acc = fma32(q[qOffset + j], x[xOffset + j], acc)
  return acc
}

/** Float32 addition: the double sum of two float32 values rounds correctly to float32. */
export function add32(a: number, b: number): number {
  return f32(a + b)
}
