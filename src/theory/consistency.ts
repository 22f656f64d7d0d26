/**
 * Expected Consistency_k under Proposition 2 as one integral (theory.md §2):
 *
 *   Consistency_k ≈ ∫ f_in(x) P(B_in(x) + B_out(x) <= k-1) dx
 *   B_in(x) ~ Bin(k-1, 1 - F_in(x)),  B_out(x) ~ Bin(N-k, 1 - F_out(x))
 *
 * An item u of U is in the top k of mu_U iff fewer than k of the other N-1
 * items score above it; the k-1 other in-scores and N-k out-scores are treated
 * as independent normal samples. Averaging over u gives E[|X_k ∩ U|]/k, the
 * reference's (1/k) Σ_i P(i-th in-score > (k-i+1)-th out-score) in one integral.
 *
 * Stable computation: x = mean_in + sd_in z, z in [-12, 12] (the normal mass
 * outside is 2e-33); tails by erfcx, never 1 - cdf; binomial terms in log space;
 * only the first k terms of B_out (P(B_out <= k-1) is all that is used), so
 * N = 1e9 costs what N = 1e3 does; the convolution is O(k) per node.
 * Per node: O(k) work; per k: one adaptive G7-K15 integral to 1e-10 absolute.
 */
import { warn } from '../errors.js'
import { binomialTerms, normalTails } from './binomial.js'
import { integrate } from './quadrature.js'
import type { ScoreMoments } from './types.js'

/** Options of the expected-consistency integral. */
export interface ConsistencyOptions {
  /** Absolute tolerance of the integral (default 1e-10). */
  epsAbs?: number
  /** Half-width of the integration range in in-score standard deviations (default 12). */
  halfWidth?: number
}

/** The integral's value and how it was obtained. */
export interface ConsistencyResult {
  /** Expected Consistency_k, clamped to [0, 1] (it can exceed 1 by the quadrature error). */
  value: number
  /** Estimated absolute quadrature error. */
  error: number
  /** Integrand evaluations. */
  evaluations: number
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI)

/**
 * Expected Consistency_k for N items and the score moments of sets of size k.
 * `lf` is a log-factorial table covering k (see logFactorials); pass one table
 * for a whole curve to share it across k.
 */
export function consistencyFromScores(
  sm: ScoreMoments,
  n: number,
  lf: Float64Array,
  opts: ConsistencyOptions = {},
): ConsistencyResult {
  const { k } = sm
  if (k === n) return { value: 1, error: 0, evaluations: 0 } // the top N is every item
  const probability = conditionalTopK(sm, n, lf)
  const sdIn = Math.sqrt(sm.inVar)
  // k = 1 with u.u constant (Rademacher): the in-score is a point mass at its mean.
  if (!(sdIn > 0)) return { value: clamp01(probability(0)), error: 0, evaluations: 1 }
  const h = opts.halfWidth ?? 12
  const r = integrate((z) => INV_SQRT_2PI * Math.exp(-0.5 * z * z) * probability(z), -h, h, {
    epsAbs: opts.epsAbs ?? 1e-10,
  })
  if (!r.converged)
    warn(
      `theory: the consistency integral for k = ${k}, N = ${n} reached only ${r.error.toExponential(1)} absolute accuracy.`,
    )
  return { value: clamp01(r.value), error: r.error, evaluations: r.evaluations }
}

/**
 * z -> P(B_in + B_out <= k-1) at the in-score x = mean_in + sd_in z, i.e. the
 * probability that an in-item scoring x is in the top k. Tables that depend on
 * k only (log binomial coefficients) are built once here, not per node.
 */
function conditionalTopK(sm: ScoreMoments, n: number, lf: Float64Array): (z: number) => number {
  const { k } = sm
  const sdIn = Math.sqrt(sm.inVar)
  const sdOut = Math.sqrt(sm.outVar)
  const inTerms = binomialTerms(k - 1, k, lf)
  const outTerms = binomialTerms(n - k, k, lf)
  const pmfIn = inTerms.pmf
  const cdfOut = new Float64Array(k).fill(1) // entries past N - k stay 1: B_out <= N - k always
  const tails = new Float64Array(4)
  return (z: number): number => {
    normalTails((sm.inMean + sdIn * z - sm.outMean) / sdOut, tails)
    if (!outTerms.fill(tails)) return 0 // P(B_out <= k-1) underflows: out of the top k for certain
    const pmfOut = outTerms.pmf
    let acc = 0
    for (let j = 0; j < outTerms.count; j++) cdfOut[j] = Math.min((acc += pmfOut[j]!), 1)
    if (k === 1) return cdfOut[0]!
    normalTails(z, tails)
    inTerms.fill(tails)
    let sum = 0
    for (let j = 0; j < k; j++) sum += pmfIn[j]! * cdfOut[k - 1 - j]!
    return sum
  }
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x
}
