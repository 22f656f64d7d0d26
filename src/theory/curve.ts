/**
 * The public entry points of Proposition 2: score moments, the closed form
 * P(in > out), expected consistency at one k, and a whole curve over k.
 * Arguments are validated here, once; the modules below trust them.
 */
import { consistencyFromScores, type ConsistencyOptions } from './consistency.js'
import { logFactorials } from './binomial.js'
import { pInOutFromSums, scoreMomentsFromSums, sumsOf } from './score-moments.js'
import type { MomentSpec, ScoreMoments, TheoryPoint } from './types.js'
import { checkPositiveInteger, checkSizes, checkSpec } from './validate.js'

/** Dimension d, set size k and the coordinate moments (pooled or per dimension). */
export type SetParams = { d: number; k: number } & MomentSpec

/** {@link SetParams} plus the number of items N. */
export type ConsistencyParams = { n: number; d: number; k: number } & MomentSpec

/** N, d, the set sizes of the curve, and the coordinate moments. */
export type TheoryParams = { n: number; d: number; ks: readonly number[] } & MomentSpec

/**
 * Mean and variance of the in-score s(mu_U, u) and the out-score s(mu_U, v)
 * for sets of k items in dimension d (theory.md §2; see score-moments.ts for the
 * skewness term, which corrects the paper's).
 * @throws InputError on a non-positive or non-integer d or k, or impossible moments.
 */
export function scoreMoments(p: SetParams): ScoreMoments {
  checkPositiveInteger(p.d, 'd')
  checkPositiveInteger(p.k, 'k')
  checkSpec(p, p.d)
  return scoreMomentsFromSums(sumsOf(p, p.d), p.k)
}

/**
 * Closed form P(s(u, mu_U) > s(v, mu_U)) for u in U, v not in U (the poster's
 * last bullet): Phi(sqrt(d) s^2 / sqrt((2(k-1)+K) s^4 + 2k^2 s^2 m^2 + 2k g m s^3)),
 * or its per-dimension sum form. Independent of N.
 * @throws InputError on bad d, k or moments.
 */
export function pInOut(p: SetParams): number {
  checkPositiveInteger(p.d, 'd')
  checkPositiveInteger(p.k, 'k')
  checkSpec(p, p.d)
  return pInOutFromSums(sumsOf(p, p.d), p.k)
}

/**
 * Expected Consistency_k of N i.i.d. (or independent per-dimension) embeddings,
 * by the single integral of consistency.ts. In [0, 1]; absolute accuracy about 1e-10.
 * @throws InputError on bad N, d, k (k <= N) or moments.
 */
export function expectedConsistency(p: ConsistencyParams, opts?: ConsistencyOptions): number {
  return theoryCurve({ ...p, ks: [p.k] } as TheoryParams, opts)[0]!.consistency
}

/**
 * The theoretical curve: for each k in `ks`, expected Consistency_k and the closed
 * form P(in > out). Work shared across k: validation, coordinate sums and the
 * log-factorial table. Cost O(k) per quadrature node, a few hundred nodes per k,
 * independent of N: a k = 2..50 curve takes milliseconds at N = 1e9.
 * @throws InputError on bad N, d, any k (positive integers, k <= N) or moments.
 */
export function theoryCurve(p: TheoryParams, opts?: ConsistencyOptions): TheoryPoint[] {
  checkSizes(p.n, p.d, p.ks)
  checkSpec(p, p.d)
  const sums = sumsOf(p, p.d)
  const lf = logFactorials(Math.max(1, ...p.ks))
  return p.ks.map((k) => ({
    k,
    consistency: consistencyFromScores(scoreMomentsFromSums(sums, k), p.n, lf, opts).value,
    pInOut: pInOutFromSums(sums, k),
  }))
}

/**
 * The k values a theory curve is drawn at so it looks smooth whatever k list was
 * measured (2..50:8 included): every integer from the smallest to the largest k, or,
 * past `maxPoints` of them, `maxPoints` evenly spaced integers; the measured k always
 * among them. Charts draw these; markers stay at the measured k.
 */
export function denseKs(ks: readonly number[], maxPoints = 400): number[] {
  if (ks.length === 0) return []
  const lo = Math.min(...ks)
  const hi = Math.max(...ks)
  const out = new Set<number>(ks)
  const step = Math.max(1, (hi - lo) / (maxPoints - 1))
  for (let x = lo; x <= hi; x += step) out.add(Math.round(x))
  return [...out].sort((a, b) => a - b)
}
