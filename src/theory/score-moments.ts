/**
 * Moments of the in- and out-scores of Proposition 2 (theory.md §2) and the
 * closed form P(s(u,mu_U) > s(v,mu_U)).
 *
 * Coordinates are independent, so every score moment is a sum over coordinates
 * of one per-coordinate term. Pooled moments give d times the term; per-dimension
 * moments give the sum of the terms. Both reduce to six coordinate sums
 * ({@link CoordinateSums}), so pooled and per-dimension theory share one code path.
 *
 * Per coordinate, with mean m, std s, skewness g, kurtosis K and u, w_1..w_{k-1}, v
 * i.i.d. (derivation below), the score of u against mu = (u + W)/k, W = sum w_i, is
 * t = (u^2 + uW)/k and the score of v is (u + W)v/k:
 *   E[t_in]      = m^2 + s^2/k
 *   Var[k t_in]  = Var(u^2) + Var(uW) + 2 Cov(u^2, uW)
 *                = k(k+3) m^2 s^2 + 2(k+1) m g s^3 + (K + k - 2) s^4
 *   E[t_out]     = m^2
 *   Var[k t_out] = k s^2 ((k+1) m^2 + s^2)
 * with Var(u^2) = 4m^2s^2 + 4mgs^3 + (K-1)s^4, Var(uW) = (k-1)(k m^2 s^2 + s^4),
 * Cov(u^2, uW) = (k-1)(2m^2s^2 + mgs^3).
 *
 * NOTE: the paper (and theory.md, and the reference implementation's sigma_in)
 * write the skewness term of Var[k t_in] as 4 m g s^3; the derivation gives
 * 2(k+1) m g s^3, which agrees with it only at k = 1. It matters only when both
 * the mean and the skewness are non-zero (never for the centred laws of the paper's
 * figures). The closed form below, from Var[k(t_in - t_out)], agrees with the
 * paper: Var(kD) = Var(k t_in) + Var(k t_out) - 2 Cov, Cov = 2k m^2 s^2 + m g s^3,
 * giving 2k^2 m^2 s^2 + 2k m g s^3 + (2(k-1) + K) s^4. The test
 * test/theory/score-moments.test.ts checks these by exact enumeration of a skewed
 * two-point law.
 */
import erfc from '@stdlib/math-base-special-erfc'
import type { DimMoments, Moments, MomentSpec, ScoreMoments } from './types.js'

/**
 * The six sums over coordinates j every score moment is built from:
 * A = sum m^2, B = sum s^2, C = sum m^2 s^2, D = sum m g s^3, E = sum K s^4, F = sum s^4.
 */
export interface CoordinateSums {
  a: number
  b: number
  c: number
  dd: number
  e: number
  f: number
}

/** Sums for d coordinates that all follow `m` (d times each term). */
export function pooledSums(m: Moments, d: number): CoordinateSums {
  const { mean, std: s, skewness: g, kurtosis: K } = m
  const s2 = s * s
  return {
    a: d * mean * mean,
    b: d * s2,
    c: d * mean * mean * s2,
    dd: d * mean * g * s2 * s,
    e: d * K * s2 * s2,
    f: d * s2 * s2,
  }
}

/**
 * Sums over per-dimension moments. Neumaier-compensated so that d equal
 * dimensions give (to the last bit, in practice) the pooled sums: the
 * per-dimension theory then equals the pooled one when all dimensions agree.
 */
export function dimensionSums(dm: DimMoments): CoordinateSums {
  const acc = [new Neumaier(), new Neumaier(), new Neumaier(), new Neumaier(), new Neumaier(), new Neumaier()] as const
  for (let j = 0; j < dm.mean.length; j++) {
    const m = dm.mean[j]!,
      s = dm.std[j]!
    const s2 = s * s
    // A constant coordinate (s = 0) adds m^2 to both means and nothing else.
    const g = s > 0 ? dm.skewness[j]! : 0
    const K = s > 0 ? dm.kurtosis[j]! : 0
    acc[0].add(m * m)
    acc[1].add(s2)
    acc[2].add(m * m * s2)
    acc[3].add(m * g * s2 * s)
    acc[4].add(K * s2 * s2)
    acc[5].add(s2 * s2)
  }
  return { a: acc[0].sum(), b: acc[1].sum(), c: acc[2].sum(), dd: acc[3].sum(), e: acc[4].sum(), f: acc[5].sum() }
}

/** Coordinate sums of a moment spec (pooled: d coordinates of the same law). */
export function sumsOf(spec: MomentSpec, d: number): CoordinateSums {
  return spec.moments ? pooledSums(spec.moments, d) : dimensionSums(spec.dimMoments)
}

/** In- and out-score moments for sets of size k (formulas in the file comment). */
export function scoreMomentsFromSums(t: CoordinateSums, k: number): ScoreMoments {
  const k2 = k * k
  return {
    k,
    inMean: t.a + t.b / k,
    // Variances are >= 0 exactly; max() only absorbs rounding (e.g. k = 1 with K = 1 + g^2).
    inVar: Math.max(0, (k * (k + 3) * t.c + 2 * (k + 1) * t.dd + t.e + (k - 2) * t.f) / k2),
    outMean: t.a,
    outVar: Math.max(0, ((k + 1) * t.c + t.f) / k),
  }
}

/**
 * Closed form P(s(u,mu_U) > s(v,mu_U)) for u in U, v not in U, under the normal
 * approximation of D = s(u,mu_U) - s(v,mu_U): Phi(E[kD] / sd[kD]) with
 * E[kD] = B = sum s_j^2 and Var[kD] = 2k^2 C + 2k D + E + 2(k-1) F.
 * Pooled, this is the poster's Phi(sqrt(d) s^2 / sqrt((2(k-1)+K) s^4 + 2k^2 s^2 m^2 + 2k g m s^3)).
 * Phi(z) = erfc(-z/sqrt 2)/2, accurate in both tails.
 */
export function pInOutFromSums(t: CoordinateSums, k: number): number {
  const varKD = Math.max(0, 2 * k * k * t.c + 2 * k * t.dd + t.e + 2 * (k - 1) * t.f)
  return 0.5 * erfc(-t.b / Math.sqrt(2 * varKD))
}

/** Neumaier's compensated sum (improved Kahan), for the coordinate sums. */
class Neumaier {
  private s = 0
  private c = 0
  add(x: number): void {
    const t = this.s + x
    this.c += Math.abs(this.s) >= Math.abs(x) ? this.s - t + x : x - t + this.s
    this.s = t
  }
  sum(): number {
    return this.s + this.c
  }
}
