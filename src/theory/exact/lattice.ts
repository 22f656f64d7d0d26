/**
 * The exact method for the Rademacher law (X = ±1 with probability 1/2 each): the search
 * over N items in closed form, with exact lattice tails and fractional tie credit.
 *
 * For a set U of k vectors, k μ_j = a_j is a whole number, so an outsider's score times k,
 * Σ_j v_j a_j, is a whole number with the parity of M = Σ_j |a_j|, and so is each member's.
 * Its pmf is the convolution of the d two-point laws {-a_j, +a_j}: coordinates with equal
 * |a_j| = g together contribute g (2B - n_g), B ~ Binomial(n_g, 1/2), so at most k + 1 scaled
 * binomials are convolved, in float64, on the grid h = (score + M) / 2 = 0..M.
 */
import { memberCredit } from './tie-credit.js'

/**
 * pmf[h] = P(Σ_j v_j a_j = 2h - M) for v_j i.i.d. uniform on {-1, +1}, M = Σ_j |a_j|
 * (whole numbers a_j). Length M + 1.
 */
export function signSumPmf(a: ArrayLike<number>): Float64Array {
  let max = 0,
    total = 0
  for (let j = 0; j < a.length; j++) {
    const g = Math.abs(a[j]!)
    if (!Number.isInteger(g)) throw new RangeError(`signSumPmf: a[${j}] = ${a[j]} is not a whole number.`)
    max = Math.max(max, g)
    total += g
  }
  const counts = new Int32Array(max + 1)
  for (let j = 0; j < a.length; j++) counts[Math.abs(a[j]!)]!++
  let cur = new Float64Array(total + 1)
  let next = new Float64Array(total + 1)
  cur[0] = 1
  let len = 1
  for (let g = 1; g <= max; g++) {
    const n = counts[g]!
    if (n === 0) continue
    const binom = halfBinomial(n)
    const newLen = len + g * n
    next.fill(0, 0, newLen)
    for (let b = 0; b <= n; b++) {
      const w = binom[b]!
      const shift = g * b
      for (let h = 0; h < len; h++) next[h + shift]! += w * cur[h]!
    }
    ;[cur, next] = [next, cur]
    len = newLen
  }
  return cur
}

/** The Binomial(n, 1/2) pmf: C(n, b) relative to the middle term, normalised by its sum. */
function halfBinomial(n: number): Float64Array {
  const out = new Float64Array(n + 1)
  const mid = n >> 1
  out[mid] = 1
  for (let b = mid; b < n; b++) out[b + 1] = (out[b]! * (n - b)) / (b + 1)
  for (let b = mid; b > 0; b--) out[b - 1] = (out[b]! * b) / (n - b + 1)
  let sum = 0
  for (const v of out) sum += v
  for (let b = 0; b <= n; b++) out[b]! /= sum
  return out
}

/**
 * E[precision | U] for one set U of k Rademacher vectors (u: k rows of d values ±1) among
 * m = N - k i.i.d. outsiders, with ties credited as a uniformly random tie-break would.
 */
export function latticePrecision(u: Float32Array, k: number, d: number, m: number): number {
  const a = new Int32Array(d)
  for (let i = 0; i < k; i++) for (let j = 0; j < d; j++) a[j]! += u[i * d + j]!
  let big = 0
  for (let j = 0; j < d; j++) big += Math.abs(a[j]!)
  const scores = new Int32Array(k)
  for (let i = 0; i < k; i++) {
    let s = 0
    for (let j = 0; j < d; j++) s += u[i * d + j]! * a[j]!
    scores[i] = s
  }
  if (m === 0) return 1
  const pmf = signSumPmf(a)
  // below[h] = P(h' < h), above[h] = P(h' > h): each a sum of positive terms from its own end.
  const below = new Float64Array(big + 1)
  const above = new Float64Array(big + 1)
  for (let h = 1; h <= big; h++) below[h] = below[h - 1]! + pmf[h - 1]!
  for (let h = big - 1; h >= 0; h--) above[h] = above[h + 1]! + pmf[h + 1]!
  scores.sort().reverse()
  let total = 0
  for (let i = 0; i < k;) {
    let end = i + 1
    while (end < k && scores[end] === scores[i]) end++
    const h = (scores[i]! + big) / 2
    total += (end - i) * memberCredit(m, k, i, end - i - 1, above[h]!, pmf[h]!, below[h]!)
    i = end
  }
  return total / k
}
