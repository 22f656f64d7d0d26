/**
 * Exact-in-expectation Consistency_k for i.i.d. coordinates (issue 10, theory.md):
 * Monte Carlo over sets U with the N-item search removed (Rao–Blackwellised).
 *
 * Given U (k i.i.d. vectors) and its mean μ, the N − k outsiders are i.i.d. and
 * independent of U, each scoring above t with probability p(t) = P(⟨v, μ⟩ > t | μ).
 * Item u_i ∈ U with score s_i = ⟨u_i, μ⟩ and r_i of U's own items above it is in the
 * top-k exactly when at most k − 1 − r_i outsiders beat it:
 *   E[precision | U] = (1/k) Σ_i P(Binomial(N − k, p(s_i)) ≤ k − 1 − r_i).
 * Averaging that over sampled U is unbiased for Consistency_k (exact for the normal law;
 * saddlepoint tails otherwise, see tail.ts), costs O(k·d) per set whatever N is, and has
 * far less variance than a simulated precision. Its CI is the t interval over sets.
 * Rademacher (a lattice law with ties) takes its own path, lattice.ts: exact integer
 * score pmfs and fractional tie credit instead of a continuous tail.
 */
import { InputError } from '../../errors.js'
import { rng } from '../../rng.js'
import { fillLaw } from '../../synthetic/samplers.js'
import { logBinomHead, logFactorials } from '../binomial.js'
import { checkLaw, type Law } from '../../laws/laws.js'
import { halfWidth } from '../../estimate/interval.js'
import { latticePrecision } from './lattice.js'
import { tailFor } from './tail.js'

/** One k of the exact method: the Monte-Carlo mean of E[precision | U] and its CI. */
export interface ExactPoint {
  k: number
  consistency: number
  /** Standard deviation of E[precision | U] across sets. */
  std: number
  sets: number
  ciLow: number
  ciHigh: number
}

/** Parameters of {@link exactCurve}. */
export interface ExactParams {
  /** Items N (any size up to 2^53). */
  n: number
  d: number
  ks: number[]
  law: Law
  /** Sets per k (default 2000), or until the CI half-width is at most `ci`. */
  sets?: number
  /** Adaptive target half-width (e.g. 0.002); `sets` is then the first round. */
  ci?: number
  /** Cap on sets per k in adaptive mode (default 200,000). */
  maxSets?: number
  seed?: number
  level?: number
}

/** Expected Consistency_k by the Rao–Blackwellised exact method, one point per k. */
export function exactCurve(p: ExactParams): ExactPoint[] {
  checkLaw(p.law)
  if (!(Number.isInteger(p.d) && p.d >= 1)) throw new InputError(`theory exact: d=${p.d} must be a whole number >= 1.`)
  for (const k of p.ks)
    if (!(Number.isInteger(k) && k >= 1 && k <= p.n))
      throw new InputError(`theory exact: set size k=${k} must be a whole number in 1..N=${p.n}.`)
  const lf = logFactorials(Math.max(...p.ks) + 1)
  return p.ks.map((k) => exactPoint(p, k, lf))
}

function exactPoint(p: ExactParams, k: number, lf: Float64Array): ExactPoint {
  const level = p.level ?? 0.95
  const r = rng(((p.seed ?? 0) * 1_000_003 + k) >>> 0)
  const m = p.n - k
  const logC = logBinomHead(Math.max(m, 1), Math.min(k, m + 1), lf)
  const u = new Float32Array(k * p.d)
  const mu = new Float64Array(p.d)
  const scores = new Float64Array(k)
  const order = Array.from({ length: k }, (_, i) => i)
  let sum = 0,
    sumSq = 0,
    count = 0
  const draw = (sets: number): void => {
    for (let s = 0; s < sets; s++) {
      const v = setPrecision(p.law, k, p.d, m, r, u, mu, scores, order, logC)
      sum += v
      sumSq += v * v
      count++
    }
  }
  draw(p.sets ?? 2000)
  const cap = p.maxSets ?? 200_000
  const stdOf = () => Math.sqrt(Math.max(0, (sumSq - (sum * sum) / count) / Math.max(1, count - 1)))
  if (p.ci !== undefined) {
    for (;;) {
      const half = halfWidth(stdOf(), count, level)
      if (half <= p.ci || count >= cap) break
      const needed = Math.ceil(count * (half / p.ci) ** 2 * 1.1)
      draw(Math.min(cap - count, Math.max(needed - count, 100)))
    }
  }
  const mean = sum / count
  const std = stdOf()
  const half = halfWidth(std, count, level)
  return {
    k,
    consistency: mean,
    std,
    sets: count,
    ciLow: Math.max(0, mean - half),
    ciHigh: Math.min(1, mean + half),
  }
}

/** E[precision | U] for one freshly drawn U. */
function setPrecision(
  law: Law,
  k: number,
  d: number,
  m: number,
  r: ReturnType<typeof rng>,
  u: Float32Array,
  mu: Float64Array,
  scores: Float64Array,
  order: number[],
  logC: Float64Array,
): number {
  fillLaw(r, u, law)
  if (law.kind === 'rademacher') return latticePrecision(u, k, d, m)
  mu.fill(0)
  for (let i = 0; i < k; i++) for (let j = 0; j < d; j++) mu[j]! += u[i * d + j]! / k
  for (let i = 0; i < k; i++) {
    let s = 0
    for (let j = 0; j < d; j++) s += u[i * d + j]! * mu[j]!
    scores[i] = s
  }
  if (m === 0) return 1
  const tail = tailFor(law, mu)
  order.sort((a, b) => scores[b]! - scores[a]!)
  let total = 0
  for (let rank = 0; rank < k; rank++) total += binomialCdf(m, tail(scores[order[rank]!]!), k - 1 - rank, logC)
  return total / k
}

/** P(Binomial(m, p) ≤ r) for small r, summed in log space (m may be 1e12). */
export function binomialCdf(m: number, p: number, r: number, logC: Float64Array): number {
  if (r < 0) return 0
  if (p <= 0) return 1
  if (p >= 1) return r >= m ? 1 : 0
  if (r >= m) return 1
  const logP = Math.log(p)
  const logQ = Math.log1p(-p)
  let total = 0
  for (let j = 0; j <= r; j++) total += Math.exp(logC[j]! + j * logP + (m - j) * logQ)
  return Math.min(1, total)
}
