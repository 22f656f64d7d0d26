/**
 * The pairwise event of the paper: for a uniform k-set U, does an item u of U
 * outscore an item v outside U against mu_U? Its empirical frequency beside the closed form.
 */
import { sampleSubset, streamSeed } from '../estimate/sampler.js'
import type { Embeddings } from '../io/embeddings.js'
import { rng } from '../rng.js'
import { wilson } from '../stats/interval.js'

/** One k: the closed form P(s(u, mu_U) > s(v, mu_U)) beside its empirical frequency. */
export interface PairwisePoint {
  k: number
  closedForm: number
  /** (wins + ties / 2) / pairs. */
  empirical: number
  /** Wilson 95 % interval of `empirical`. */
  ciLow: number
  ciHigh: number
  pairs: number
  wins: number
  ties: number
}

/**
 * `pairs` draws of a uniform k-set U (Floyd), u uniform in U and v uniform outside U
 * (k < N); counts s(mu_U, u) > s(mu_U, v) with dot products in float64. One seeded stream per k.
 */
export function pairwiseAt(e: Embeddings, k: number, pairs: number, seed: number, closedForm: number): PairwisePoint {
  const { n, d, data } = e
  const r = rng(streamSeed(seed, k))
  const set = new Int32Array(k)
  const seen = new Int32Array(n)
  const mu = new Float64Array(d)
  let wins = 0,
    ties = 0
  for (let t = 1; t <= pairs; t++) {
    sampleSubset(r, n, k, set, seen, t)
    mu.fill(0)
    for (let m = 0; m < k; m++) for (let j = 0, o = set[m]! * d; j < d; j++) mu[j]! += data[o + j]!
    const u = set[r.int(k)]!
    let v: number
    do v = r.int(n)
    while (seen[v] === t)
    let su = 0,
      sv = 0
    for (let j = 0, ou = u * d, ov = v * d; j < d; j++) {
      su += mu[j]! * data[ou + j]!
      sv += mu[j]! * data[ov + j]!
    }
    // mu is k * mu_U: the common factor 1/k does not change the comparison.
    if (su > sv) wins++
    else if (su === sv) ties++
  }
  const empirical = (wins + ties / 2) / pairs
  const { low, high } = wilson(wins + ties / 2, pairs)
  return { k, closedForm, empirical, ciLow: low, ciHigh: high, pairs, wins, ties }
}
