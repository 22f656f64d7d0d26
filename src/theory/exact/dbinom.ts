/**
 * Binomial probabilities accurate to a few ulps for any number of trials up to 2^53:
 * Loader's saddle-point form (C. Loader, "Fast and accurate computation of binomial
 * probabilities", 2000), the algorithm of R's dbinom. Nothing cancels when the trials
 * are 1e12 and the count is small, unlike log n! - log j! - log (n-j)!.
 */
import gammaln from '@stdlib/math-base-special-gammaln'

const LN_2PI = Math.log(2 * Math.PI)
const HALF_LN_2PI = 0.5 * LN_2PI

/** stirlerr(n) = log n! - (n + 1/2) log n + n - log sqrt(2π) for n = 0..15 (direct; the terms are small). */
const SMALL = Float64Array.from({ length: 16 }, (_, n) =>
  n === 0 ? 0 : gammaln(n + 1) - (n + 0.5) * Math.log(n) + n - HALF_LN_2PI,
)

/** The error of Stirling's formula for log n!, n a whole number. */
function stirlerr(n: number): number {
  if (n <= 15) return SMALL[n]!
  const nn = n * n
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / nn) / nn) / nn) / nn) / n
}

/** Deviance term x log(x / np) + np - x, summed as a series where x is near np. */
function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    const v = (x - np) / (x + np)
    const v2 = v * v
    let s = (x - np) * v
    let ej = 2 * x * v
    for (let j = 1; j < 1000; j++) {
      ej *= v2
      const s1 = s + ej / (2 * j + 1)
      if (s1 === s) return s1
      s = s1
    }
    return s
  }
  return x * Math.log(x / np) + np - x
}

/**
 * P(Binomial(n, p) = x) for whole numbers 0 <= x <= n, given p and q = 1 - p separately
 * (pass a q that was computed without cancelling, e.g. as a sum of the other cells).
 */
export function dbinom(x: number, n: number, p: number, q: number): number {
  if (p <= 0) return x === 0 ? 1 : 0
  if (q <= 0) return x === n ? 1 : 0
  if (x === 0) return Math.exp(n * (p < 0.1 ? Math.log1p(-p) : Math.log(q)))
  if (x === n) return Math.exp(n * (q < 0.1 ? Math.log1p(-q) : Math.log(p)))
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q)
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n)
  return Math.exp(lc - 0.5 * lf)
}
