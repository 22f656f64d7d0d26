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
 *
 * Normal law, reduced path (default when d > 1): the scores and the outsiders' tail are
 * functions of a handful of Gaussian statistics of U, drawn directly. Write u_i = m·1 + s·z_i,
 * z_i ~ N(0, I_d), and rotate the coordinates so the first axis is 1/√d (rows stay i.i.d.
 * N(0, I)): w_i = ⟨z_i, 1⟩/√d ~ N(0, 1) i.i.d., independent of the other d − 1 coordinates
 * z'_i. Their mean μ' is independent of the residuals z'_i − μ', and given μ' the residuals'
 * projections on μ' are |μ'|·(ξ_i − ξ̄), ξ ~ N(0, I_k) (rotate the k rows so the first is
 * √k μ'). So, with |μ'|² ~ χ²_{d−1}/k,
 *   ⟨z_i, μ_z⟩ = w_i w̄ + |μ'|² + |μ'|(ξ_i − ξ̄),
 *   s_i = ⟨u_i, μ⟩ = m²d + m·s·√d·(w_i + w̄) + s²⟨z_i, μ_z⟩,
 *   |μ|² = mean_i s_i,  Σ_c μ_c = m·d + s·√d·w̄:
 * 2k normals and one χ² per set instead of k·d draws and O(k·d) work, the same law (the
 * moments are checked in test/theory/exact-reduced.test.ts, the curve against the direct path).
 */
import { InputError } from '../../errors.js'
import { rng, type Rng } from '../../rng.js'
import { fillLaw, logGamma } from '../../synthetic/samplers.js'
import { zigguratNormal } from '../../synthetic/ziggurat.js'
import { logBinomHead, logFactorials } from '../binomial.js'
import { checkLaw, type Law } from '../../laws/laws.js'
import { halfWidth } from '../../estimate/interval.js'
import { latticePrecision } from './lattice.js'
import { tailFor, type Tail } from './tail.js'
import { cfAccuracy } from './cf-tail.js'
import erfc from '@stdlib/math-base-special-erfc'

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
  /**
   * Normal law: draw U's reduced statistics instead of U itself (default true; used when
   * d ≥ 2 or the mean is 0). Same law; false keeps the direct k·d path (tests compare the two).
   */
  gram?: boolean
}

/** Expected Consistency_k by the Rao–Blackwellised exact method, one point per k. */
export function exactCurve(p: ExactParams): ExactPoint[] {
  checkLaw(p.law)
  const law = p.law
  const gram = law.kind === 'normal' && p.gram !== false && (p.d >= 2 || law.mean === 0)
  return exactCurveWith(p, (k, m, r, logC) =>
    gram ? gramSampler(law as NormalLaw, k, p.d, m, r, logC) : directSampler(law, k, p.d, m, r, logC),
  )
}

/**
 * E[precision | U] for one freshly drawn U of size k, m = N − k outsiders; `r` is the k's own
 * stream and `logC[j]` = log C(m, j).
 */
export type SetSampler = (k: number, m: number, r: Rng, logC: Float64Array) => () => number

/** {@link exactCurve} with the sets drawn and scored by `sampler`. */
export function exactCurveWith(p: Omit<ExactParams, 'law' | 'gram'>, sampler: SetSampler): ExactPoint[] {
  if (!(Number.isInteger(p.d) && p.d >= 1)) throw new InputError(`theory exact: d=${p.d} must be a whole number >= 1.`)
  for (const k of p.ks)
    if (!(Number.isInteger(k) && k >= 1 && k <= p.n))
      throw new InputError(`theory exact: set size k=${k} must be a whole number in 1..N=${p.n}.`)
  const lf = logFactorials(Math.max(...p.ks) + 1)
  return p.ks.map((k) => exactPoint(p, k, lf, sampler))
}

function exactPoint(
  p: Omit<ExactParams, 'law' | 'gram'>,
  k: number,
  lf: Float64Array,
  sampler: SetSampler,
): ExactPoint {
  const level = p.level ?? 0.95
  const r = rng(((p.seed ?? 0) * 1_000_003 + k) >>> 0)
  const m = p.n - k
  const logC = logBinomHead(Math.max(m, 1), Math.min(k, m + 1), lf)
  const one = sampler(k, m, r, logC)
  let sum = 0,
    sumSq = 0,
    count = 0
  const draw = (sets: number): void => {
    for (let s = 0; s < sets; s++) {
      const v = one()
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

type NormalLaw = Extract<Law, { kind: 'normal' }>

/** E[precision | U] for one freshly drawn U, drawing U itself (k·d values). */
function directSampler(law: Law, k: number, d: number, m: number, r: Rng, logC: Float64Array): () => number {
  const u = new Float32Array(k * d)
  const mu = new Float64Array(d)
  const scores = new Float64Array(k)
  return () => {
    fillLaw(r, u, law)
    if (law.kind === 'rademacher') return latticePrecision(u, k, d, m)
    meanAndScores(u, k, d, mu, scores)
    if (m === 0) return 1
    return rankedPrecision(scores, k, m, tailFor(law, mu, cfAccuracy(m)), logC)
  }
}

/** The mean μ of the k rows of `u` (k x d) into `mu`, and each row's score ⟨u_i, μ⟩ into `scores`. */
export function meanAndScores(
  u: ArrayLike<number>,
  k: number,
  d: number,
  mu: Float64Array,
  scores: Float64Array,
): void {
  mu.fill(0)
  for (let i = 0; i < k; i++) for (let j = 0; j < d; j++) mu[j]! += u[i * d + j]! / k
  for (let i = 0; i < k; i++) {
    let s = 0
    for (let j = 0; j < d; j++) s += u[i * d + j]! * mu[j]!
    scores[i] = s
  }
}

/** E[precision | U] for one freshly drawn U of the normal law, from its reduced statistics (see the header). */
function gramSampler(law: NormalLaw, k: number, d: number, m: number, r: Rng, logC: Float64Array): () => number {
  const normal = zigguratNormal(r)
  const scores = new Float64Array(k)
  const stats = new Float64Array(2)
  return () => {
    normalSetScores(r, normal, k, d, law.mean, law.std, scores, stats)
    if (m === 0) return 1
    const tMean = law.mean * stats[1]!
    const scale = Math.SQRT1_2 / (law.std * Math.sqrt(Math.max(0, stats[0]!)))
    scores.sort() // ascending: rank 0 (the top score) is the last entry
    let total = 0
    for (let rank = 0; rank < k; rank++) {
      const p = 0.5 * erfc((scores[k - 1 - rank]! - tMean) * scale)
      total += binomialCdfByRatio(m, p, k - 1 - rank, logC)
    }
    return total / k
  }
}

/**
 * One set of k i.i.d. N(mean, std²) vectors in dimension d (≥ 2 unless mean = 0), drawn through its reduced
 * statistics (see the header): the scores s_i = ⟨u_i, μ⟩ into `scores`, and |μ|² and Σ_c μ_c
 * into `stats[0]`, `stats[1]`.
 */
export function normalSetScores(
  r: Rng,
  normal: () => number,
  k: number,
  d: number,
  mean: number,
  std: number,
  scores: Float64Array,
  stats: Float64Array,
): void {
  // scores first hold the w_i (mean ≠ 0 only), the scratch the ξ_i.
  let wSum = 0
  if (mean !== 0)
    for (let i = 0; i < k; i++) {
      const w = normal()
      scores[i] = w
      wSum += w
    }
  const wBar = wSum / k
  const rootD = Math.sqrt(d)
  // d − 1 coordinates besides the 1/√d axis when the law has a mean; all d of them otherwise.
  const rest = mean !== 0 ? d - 1 : d
  const mu2 = (2 * Math.exp(logGamma(r, normal, rest / 2))) / k
  const muNorm = Math.sqrt(mu2)
  let xiSum = 0
  const xs = scratch(k)
  for (let i = 0; i < k; i++) {
    const x = normal()
    xs[i] = x
    xiSum += x
  }
  const xiBar = xiSum / k
  const base = mean * mean * d + mean * std * rootD * wBar
  let total = 0
  for (let i = 0; i < k; i++) {
    const w = mean !== 0 ? scores[i]! : 0
    const inner = w * wBar + mu2 + muNorm * (xs[i]! - xiBar)
    const s = base + mean * std * rootD * w + std * std * inner
    scores[i] = s
    total += s
  }
  stats[0] = total / k
  stats[1] = mean * d + std * rootD * wBar
}

let scratchBuf = new Float64Array(64)
function scratch(k: number): Float64Array {
  if (scratchBuf.length < k) scratchBuf = new Float64Array(k)
  return scratchBuf
}

/** (1/k) Σ over members of P(Binomial(m, tail(s)) ≤ k − 1 − rank); sorts `scores` in place. */
export function rankedPrecision(scores: Float64Array, k: number, m: number, tail: Tail, logC: Float64Array): number {
  scores.sort() // ascending: rank 0 (the top score) is the last entry
  let total = 0
  for (let rank = 0; rank < k; rank++) total += binomialCdf(m, tail(scores[k - 1 - rank]!), k - 1 - rank, logC)
  return total / k
}

/** P(Binomial(m, p) ≤ r) where it needs no sum (r < 0, p at 0 or 1, r ≥ m); undefined otherwise. */
function cdfAtEdge(m: number, p: number, r: number): number | undefined {
  if (r < 0) return 0
  if (p <= 0) return 1
  if (p >= 1) return r >= m ? 1 : 0
  if (r >= m) return 1
  return undefined
}

/** P(Binomial(m, p) ≤ r) for small r, summed in log space (m may be 1e12). */
export function binomialCdf(m: number, p: number, r: number, logC: Float64Array): number {
  const edge = cdfAtEdge(m, p, r)
  if (edge !== undefined) return edge
  const logP = Math.log(p)
  const logQ = Math.log1p(-p)
  let total = 0
  for (let j = 0; j <= r; j++) total += Math.exp(logC[j]! + j * logP + (m - j) * logQ)
  return Math.min(1, total)
}

/**
 * P(Binomial(m, p) ≤ r) as {@link binomialCdf}, faster (the normal law's reduced path). The terms are taken relative to the
 * largest one in 0..r (j* = min(r, ⌊(m + 1)p⌋), computed in logs) by the ratio
 * t_{j+1}/t_j = (m − j)/(j + 1) · p/q both ways from it: one exp per call, no underflow of
 * the terms that matter. `logC[j]` is log C(m, j) for j = 0..r.
 */
export function binomialCdfByRatio(m: number, p: number, r: number, logC: Float64Array): number {
  const edge = cdfAtEdge(m, p, r)
  if (edge !== undefined) return edge
  const logP = Math.log(p)
  const logQ = Math.log1p(-p)
  const top = Math.min(r, Math.floor((m + 1) * p))
  const logTop = logC[top]! + top * logP + (m - top) * logQ
  if (logTop < -746) return 0 // (r + 1) terms each below the smallest double
  const odds = Math.exp(logP - logQ)
  let total = 1
  let t = 1
  for (let j = top; j < r; j++) {
    t *= ((m - j) / (j + 1)) * odds
    total += t
  }
  t = 1
  for (let j = top; j > 0; j--) {
    t *= j / ((m - j + 1) * odds)
    if (t < 1e-17 * total) break // decreasing from here on
    total += t
  }
  return Math.min(1, total * Math.exp(logTop))
}
