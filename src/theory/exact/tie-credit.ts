/**
 * Fractional tie credit in closed form for the exact method on a lattice law (Rademacher).
 *
 * A member with G items strictly above it and E other items tied with it is in the top k
 * with probability min(1, max(0, k - G) / (E + 1)) under a uniformly random tie-break (the
 * estimator's rule, src/estimate/ties.ts). Its r members above and t members tied are fixed
 * by U; the outsiders above and tied, (A, T), are Multinomial(m; p_above, p_tie, rest), so
 *   P(in top k) = Σ_{a <= k-1-r} P(A = a) E[min(1, (k - r - a) / (T + t + 1)) | A = a],
 * with T | A = a ~ Binomial(m - a, p_tie / (1 - p_above)).
 */
import { dbinom } from './dbinom.js'

/** Above this mean of T the share uses the second-order delta approximation (see {@link tieShare}). */
export const WIDE_MEAN = 1e4
/** Terms of T's pmf below this fraction of its largest are dropped from the sum. */
const NEGLIGIBLE = 1e-18

/**
 * E[min(1, c / (T + t + 1))] for T ~ Binomial(trials, q), with qc = 1 - q computed separately.
 *
 * When T is narrow (mean <= WIDE_MEAN) this sums the pmf outward from the mode until the
 * terms fall below 1e-18 of the mode's (O(sd) terms). When it is wide and c sits at least
 * 12 sqrt(mean) below x0 = mean + t + 1 (so min(1, .) binds with probability below e^-72,
 * by the Chernoff bound), it uses the second-order delta approximation
 *   E[c / (T + t + 1)] ≈ c / x0 + c Var(T) / x0^3,
 * whose next terms are relatively O(Var^2 / x0^4) <= 1e-8. Otherwise (c within 12 sqrt(mean)
 * of the mean, i.e. k > ~1e4) it sums the pmf as in the narrow case.
 */
export function tieShare(c: number, t: number, trials: number, q: number, qc: number): number {
  if (trials === 0 || q <= 0) return Math.min(1, c / (t + 1))
  if (qc <= 0) return Math.min(1, c / (trials + t + 1))
  const mean = trials * q
  if (mean > WIDE_MEAN) {
    const x0 = mean + t + 1
    if (c <= x0 - 12 * Math.sqrt(mean)) return c / x0 + (c * mean * qc) / (x0 * x0 * x0)
  }
  const mode = Math.min(trials, Math.floor((trials + 1) * q))
  const peak = dbinom(mode, trials, q, qc)
  const odds = q / qc
  const share = (j: number): number => Math.min(1, c / (j + t + 1))
  let total = peak * share(mode)
  let term = peak
  for (let j = mode; j < trials; j++) {
    term *= ((trials - j) / (j + 1)) * odds
    total += term * share(j + 1)
    if (term < NEGLIGIBLE * peak) break
  }
  term = peak
  for (let j = mode; j > 0; j--) {
    term *= j / ((trials - j + 1) * odds)
    total += term * share(j - 1)
    if (term < NEGLIGIBLE * peak) break
  }
  return Math.min(1, total)
}

/**
 * P(a member is in the top k) under a uniformly random tie-break, given r members strictly
 * above it, t other members tied with it, m outsiders, and an outsider's chances
 * pAbove = P(S > s), pTie = P(S = s), pBelow = P(S < s) (each summed separately, so none
 * cancels).
 */
export function memberCredit(
  m: number,
  k: number,
  r: number,
  t: number,
  pAbove: number,
  pTie: number,
  pBelow: number,
): number {
  const notAbove = pTie + pBelow
  const q = notAbove > 0 ? pTie / notAbove : 0
  const qc = notAbove > 0 ? pBelow / notAbove : 1
  let total = 0
  for (let a = 0; a <= k - 1 - r && a <= m; a++) {
    const w = dbinom(a, m, pAbove, notAbove)
    if (w < 1e-300) continue
    total += w * tieShare(k - r - a, t, m - a, q, qc)
  }
  return Math.min(1, total)
}
