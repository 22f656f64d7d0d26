/**
 * Fill loops, one per law: each writes `out` in order from one seeded stream.
 * Consumption is sequential, so the first rows of a larger draw equal a smaller
 * draw with the same seed and d.
 */
import type { Rng } from '../rng.js'
import type { Law } from '../laws/laws.js'
import { drawNormal, zigguratNormal } from './ziggurat.js'

const TWO_POW_M32 = 2 ** -32

/** N(mean, std^2) by the ziggurat. */
export function fillNormal(r: Rng, out: Float32Array, mean: number, std: number): void {
  const nextU32 = r.nextU32
  for (let i = 0; i < out.length; i++) out[i] = mean + std * drawNormal(r, nextU32)
}

/** U(low, high) from 32-bit draws at the centres of 2^32 equal cells (never an endpoint). */
export function fillUniform(r: Rng, out: Float32Array, low: number, high: number): void {
  const nextU32 = r.nextU32
  const width = (high - low) * TWO_POW_M32
  for (let i = 0; i < out.length; i++) out[i] = low + width * (nextU32() + 0.5)
}

/** +-1 with probability 1/2: 32 signs per 32-bit draw (kept as int32: no boxed uint32). */
export function fillRademacher(r: Rng, out: Float32Array): void {
  let bits = 0
  for (let i = 0; i < out.length; i++) {
    if ((i & 31) === 0) bits = r.nextU32() | 0
    out[i] = ((bits >> (i & 31)) & 1) * 2 - 1
  }
}

/** Laplace(location, scale): a random sign times an Exp(1) deviate -ln(1 - U), U with 53 bits. */
export function fillLaplace(r: Rng, out: Float32Array, location: number, scale: number): void {
  let bits = 0
  for (let i = 0; i < out.length; i++) {
    if ((i & 31) === 0) bits = r.nextU32() | 0
    const e = -Math.log(1 - r.next())
    out[i] = location + ((bits >> (i & 31)) & 1 ? scale * e : -scale * e)
  }
}

/**
 * Student t with nu degrees of freedom by Bailey's polar method (Math. Comp. 1994):
 * (U, V) uniform in the unit disc, W = U^2 + V^2, T = U sqrt(nu (W^(-2/nu) - 1) / W).
 * As nu -> infinity this is the polar Box-Muller normal.
 */
export function fillStudentT(r: Rng, out: Float32Array, nu: number): void {
  const exponent = -2 / nu
  for (let i = 0; i < out.length; i++) {
    let u: number, w: number
    do {
      u = 2 * r.next() - 1
      const v = 2 * r.next() - 1
      w = u * u + v * v
    } while (w >= 1 || w === 0)
    out[i] = u * Math.sqrt((nu * (Math.pow(w, exponent) - 1)) / w)
  }
}

/**
 * low + (high - low) B, B ~ Beta(a, b) = Ga / (Ga + Gb) with Ga ~ Gamma(a), Gb ~ Gamma(b),
 * computed from log-gamma deviates as 1 / (1 + exp(ln Gb - ln Ga)) so that tiny
 * shapes (whose gamma deviates underflow) still give a number in [0, 1].
 */
export function fillBeta(r: Rng, out: Float32Array, a: number, b: number, low: number, high: number): void {
  const normal = zigguratNormal(r)
  const width = high - low
  for (let i = 0; i < out.length; i++) {
    const la = logGamma(r, normal, a)
    const lb = logGamma(r, normal, b)
    out[i] = low + width / (1 + Math.exp(lb - la))
  }
}

/**
 * ln of a Gamma(shape, 1) deviate. Marsaglia & Tsang (2000) for shape >= 1;
 * for shape < 1, Gamma(shape) = Gamma(shape + 1) U^(1/shape), taken in logs.
 */
export function logGamma(r: Rng, normal: () => number, shape: number): number {
  if (shape < 1) return logGamma(r, normal, shape + 1) + Math.log(1 - r.next()) / shape
  const d = shape - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  for (;;) {
    const z = normal()
    const t = 1 + c * z
    if (t <= 0) continue
    const v = t * t * t
    const u = 1 - r.next() // (0, 1]
    const z2 = z * z
    if (u < 1 - 0.0331 * z2 * z2 || Math.log(u) < 0.5 * z2 + d * (1 - v + Math.log(v))) return Math.log(d * v)
  }
}

/** Fills `out` with i.i.d. draws of `law` (parameters already checked). */
export function fillLaw(r: Rng, out: Float32Array, law: Law): void {
  switch (law.kind) {
    case 'normal':
      return fillNormal(r, out, law.mean, law.std)
    case 'uniform':
      return fillUniform(r, out, law.low, law.high)
    case 'rademacher':
      return fillRademacher(r, out)
    case 'laplace':
      return fillLaplace(r, out, law.location, law.scale)
    case 'student-t':
      return fillStudentT(r, out, law.nu)
    case 'beta':
      return fillBeta(r, out, law.a, law.b, law.low, law.high)
  }
}
