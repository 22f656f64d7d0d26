/**
 * Standard normal deviates by the ziggurat method (Marsaglia & Tsang 2000, with
 * Doornik's 2005 fix: the layer index and the abscissa come from different bits
 * of the 32-bit draw, so they are independent). 256 layers: about 99% of draws
 * cost one nextU32, one table lookup, one compare and one multiply.
 *
 * Bits of one draw: 8 low bits pick the layer, 24 high bits give a signed
 * uniform u in (-1, 1) on a grid of 2^-23: the output's resolution is x_i 2^-23,
 * finer than the float32 values the generators write.
 */
import type { Rng } from '../rng.js'

const LAYERS = 256
// Right edge of the base layer and area of every layer (Marsaglia & Tsang, 256 layers).
const R = 3.6541528853610088
const V = 0.00492867323399

// X[i]: right edge of layer i (X[0] = V / f(R) is the base layer's virtual width,
// X[1] = R, ..., X[256] = 0); RATIO[i] = X[i+1] / X[i]: the part of layer i that
// lies wholly under the curve. f(x) = exp(-x^2 / 2).
const X = new Float64Array(LAYERS + 1)
const RATIO = new Float64Array(LAYERS)
{
  const f = (x: number): number => Math.exp(-0.5 * x * x)
  X[0] = V / f(R)
  X[1] = R
  for (let i = 1; i < LAYERS - 1; i++) X[i + 1] = Math.sqrt(-2 * Math.log(V / X[i]! + f(X[i]!)))
  X[LAYERS] = 0
  for (let i = 0; i < LAYERS; i++) RATIO[i] = X[i + 1]! / X[i]!
}

/**
 * One standard normal deviate from `r` (ziggurat, 256 layers). A plain
 * module function so that fill loops get it inlined; `nextU32` is r.nextU32,
 * passed in to skip a property load per draw.
 */
export function drawNormal(r: Rng, nextU32: () => number): number {
  for (;;) {
    const bits = nextU32()
    const i = bits & 255
    const u = ((bits >>> 8) - 8388607.5) / 8388608 // (-1, 1), symmetric
    if (Math.abs(u) < RATIO[i]!) return u * X[i]!
    const z = slowPath(r, i, u)
    if (z !== null) return z
  }
}

/** Returns a function drawing standard normal deviates from `r` (see {@link drawNormal}). */
export function zigguratNormal(r: Rng): () => number {
  const nextU32 = r.nextU32
  return () => drawNormal(r, nextU32)
}

/** Draws outside a layer's inner rectangle: the tail (layer 0) or a wedge test; null = reject. */
function slowPath(r: Rng, i: number, u: number): number | null {
  if (i === 0) {
    // Marsaglia's tail method beyond R: x = -ln(U1)/R, accept when -2 ln U2 > x^2.
    let x: number, y: number
    do {
      x = -Math.log(1 - r.next()) / R
      y = -Math.log(1 - r.next())
    } while (y + y < x * x)
    return u < 0 ? -(R + x) : R + x
  }
  const x = u * X[i]!
  // Uniform height within layer i, relative to f(x): accept when below the curve.
  const f0 = Math.exp(-0.5 * (X[i]! * X[i]! - x * x))
  const f1 = Math.exp(-0.5 * (X[i + 1]! * X[i + 1]! - x * x))
  return f1 + r.next() * (f0 - f1) < 1 ? x : null
}
