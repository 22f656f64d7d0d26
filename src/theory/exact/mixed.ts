/**
 * The exact method (consistency.ts) over fitted laws (fitted.ts): explicit or measured
 * moments, pooled (one law, i.i.d. coordinates) or one law per dimension (independent, not
 * identically distributed coordinates). Sets U are drawn coordinate-wise from the fitted laws
 * and an outsider's score S = Σ_j μ_j X_j has K_S(θ) = Σ_j K_j(μ_j θ), so the saddlepoint of
 * tail.ts generalises directly (mixedSaddlepoint); all-normal coordinates get the exact
 * normal tail. A pooled normal fit is the named normal law and takes its reduced path.
 */
import erfc from '@stdlib/math-base-special-erfc'
import { InputError } from '../../errors.js'
import type { Rng } from '../../rng.js'
import { zigguratNormal } from '../../synthetic/ziggurat.js'
import {
  exactCurve,
  exactCurveWith,
  meanAndScores,
  rankedPrecision,
  type ExactParams,
  type ExactPoint,
} from './consistency.js'
import type { FittedLaw } from './fitted.js'
import { mixedSaddlepoint, type Tail } from './tail.js'

/** {@link exactCurve}'s parameters with fitted laws instead of a named one. */
export interface FittedExactParams extends Omit<ExactParams, 'law' | 'gram'> {
  /** One law for every coordinate (pooled moments) or one per dimension (length d). */
  fits: readonly FittedLaw[]
}

/** Expected Consistency_k by the exact method over fitted coordinate laws, one point per k. */
export function fittedExactCurve(p: FittedExactParams): ExactPoint[] {
  const { fits: given, ...rest } = p
  if (given.length === 1 && given[0]!.family === 'normal' && given[0]!.law)
    return exactCurve({ ...rest, law: given[0]!.law })
  const fits = given.length === 1 ? Array.from({ length: p.d }, () => given[0]!) : given
  if (fits.length !== p.d)
    throw new InputError(`theory exact: ${fits.length} fitted laws for d=${p.d} dimensions; give one or d of them.`)
  if (!fits.some((f) => f.scale > 0)) throw new InputError('theory exact: every fitted coordinate is constant.')
  return exactCurveWith(rest, (k, m, r, logC) => fittedSampler(fits, k, m, r, logC))
}

/** E[precision | U] for one freshly drawn U, coordinate j from fits[j]. */
function fittedSampler(fits: readonly FittedLaw[], k: number, m: number, r: Rng, logC: Float64Array): () => number {
  const d = fits.length
  const normal = zigguratNormal(r)
  const u = new Float64Array(k * d)
  const mu = new Float64Array(d)
  const scores = new Float64Array(k)
  const a = new Float64Array(d)
  const scale = Float64Array.from(fits, (f) => f.scale)
  const centre = Float64Array.from(fits, (f) => f.centre)
  const cgfs = fits.map((f) => f.cgf)
  const lo = Float64Array.from(fits, (f) => f.lo)
  const hi = Float64Array.from(fits, (f) => f.hi)
  const allNormal = fits.every((f) => f.family === 'normal' || f.family === 'constant')
  const draws = fits.map((f) => f.draw)
  return () => {
    for (let i = 0; i < k; i++) for (let j = 0; j < d; j++) u[i * d + j] = draws[j]!(r, normal)
    meanAndScores(u, k, d, mu, scores)
    if (m === 0) return 1
    let shift = 0
    for (let j = 0; j < d; j++) {
      a[j] = scale[j]! * mu[j]!
      shift += centre[j]! * mu[j]!
    }
    const tail = allNormal ? normalTail(a, shift) : mixedSaddlepoint(a, shift, cgfs, lo, hi)
    return rankedPrecision(scores, k, m, tail, logC)
  }
}

/** P(shift + Σ a_j Z_j > t), Z_j i.i.d. N(0, 1). */
function normalTail(a: Float64Array, shift: number): Tail {
  let sumSq = 0
  for (const v of a) sumSq += v * v
  const scale = Math.SQRT1_2 / Math.sqrt(sumSq)
  return (t) => 0.5 * erfc((t - shift) * scale)
}
