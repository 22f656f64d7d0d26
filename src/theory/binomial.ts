/**
 * Log-space pieces of the expected-precision integrand: normal tails that stay
 * accurate far out, and log binomial coefficients that cost O(k) however large N is.
 */
import erfcx from '@stdlib/math-base-special-erfcx'
import gammaln from '@stdlib/math-base-special-gammaln'
import log1p from '@stdlib/math-base-special-log1p'

const SQRT1_2 = Math.SQRT1_2

/**
 * Upper and lower normal tails at z, with their logs, written into `out`:
 * out = [p, q, log p, log q] with p = P(Z > z) = 1 - Phi(z), q = Phi(z).
 * The small tail comes from erfcx (erfc(t) = erfcx(t) e^{-t^2}), so its log is
 * exact even where p itself underflows; the large one is 1 - small via log1p.
 * Never 1 - cdf of the small side.
 */
export function normalTails(z: number, out: Float64Array): void {
  const t = Math.abs(z) * SQRT1_2
  const logSmall = Math.log(0.5 * erfcx(t)) - t * t
  const small = Math.exp(logSmall)
  const logLarge = Math.log1p(-small) // V8's fdlibm log1p: < 1 ulp, and inlined on this hot path
  if (z >= 0) {
    out[0] = small
    out[1] = 1 - small
    out[2] = logSmall
    out[3] = logLarge
  } else {
    out[0] = 1 - small
    out[1] = small
    out[2] = logLarge
    out[3] = logSmall
  }
}

/** log(j!) for j = 0..max, from gammaln (shared by every k of a curve). */
export function logFactorials(max: number): Float64Array {
  const lf = new Float64Array(max + 1)
  for (let j = 2; j <= max; j++) lf[j] = gammaln(j + 1)
  return lf
}

/**
 * log C(m, j) for j = 0..count-1 (count <= m + 1), for any m up to 2^53:
 * log C(m, j) = j log m - log j! + sum_{i<j} log1p(-i/m).
 * Unlike log m! - log (m-j)!, nothing cancels when m is 1e9 and j is small.
 */
export function logBinomHead(m: number, count: number, lf: Float64Array): Float64Array {
  const row = new Float64Array(count)
  const logM = Math.log(m)
  let partial = 0
  for (let j = 0; j < count; j++) {
    row[j] = (j === 0 ? 0 : j * logM) - lf[j]! + partial
    partial += log1p(-j / m)
  }
  return row
}

/**
 * The first terms of a Binomial(trials, p) pmf, refilled for each p: j = 0..count-1,
 * count = min(maxTerms, trials + 1). `fill` computes the largest needed term
 * (at the mode, or at count-1 when the mode lies beyond) in log space, one exp,
 * and walks away from it with the ratio t_{j+1}/t_j = (trials-j)/(j+1) * p/q, so
 * a node costs one exp and O(count) multiplications, and every term is accurate
 * relative to the largest (terms 1e-308 below it underflow to 0, harmlessly).
 */
export class BinomialTerms {
  readonly pmf: Float64Array
  readonly count: number
  private readonly logC: Float64Array
  private readonly ratio: Float64Array

  constructor(
    readonly trials: number,
    maxTerms: number,
    lf: Float64Array,
  ) {
    this.count = Math.min(maxTerms, trials + 1)
    this.pmf = new Float64Array(this.count)
    this.logC = logBinomHead(trials, this.count, lf)
    this.ratio = new Float64Array(this.count)
    for (let j = 0; j + 1 < this.count; j++) this.ratio[j] = (trials - j) / (j + 1)
  }

  /**
   * Fills `pmf` for success probability p given tails = [p, q, log p, log q]
   * (see normalTails). Returns false, leaving `pmf` stale, when every needed term
   * underflows (the mode lies far beyond count-1): they are all 0 then.
   */
  fill(tails: Float64Array): boolean {
    const { trials, count, pmf, logC, ratio } = this
    const p = tails[0]!,
      logP = tails[2]!,
      logQ = tails[3]!
    const top = Math.min(Math.floor((trials + 1) * p), count - 1)
    // log of the largest term; skip factors with a zero exponent (0 * -inf is NaN).
    let logT = logC[top]!
    if (top > 0) logT += top * logP
    if (trials > top) logT += (trials - top) * logQ
    if (logT < -745) return false
    const rho = Math.exp(logP - logQ)
    let t = Math.exp(logT)
    pmf[top] = t
    for (let j = top; j + 1 < count; j++) pmf[j + 1] = t *= ratio[j]! * rho
    t = pmf[top]!
    for (let j = top - 1; j >= 0; j--) pmf[j] = t /= ratio[j]! * rho
    return true
  }
}

/** Builds the first `maxTerms` pmf terms of Binomial(trials, .); see {@link BinomialTerms}. */
export function binomialTerms(trials: number, maxTerms: number, lf: Float64Array): BinomialTerms {
  return new BinomialTerms(trials, maxTerms, lf)
}
