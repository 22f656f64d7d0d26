/**
 * The hubness measures people cite, computed from a k-occurrence vector N_k
 * (Radovanovic, Nanopoulos & Ivanovic, JMLR 2010; Feldbauer, Leodolter, Plant &
 * Flexer, "Fast approximate hubness reduction", ICBK 2018, and scikit-hubness
 * 2019/2020). Definitions follow scikit-hubness's `Hubness` estimator so numbers
 * are comparable; the mean of N_k is sum(N_k) / n (= k when every item is a query).
 */
import { skewness } from './stats.js'

/** The standard hubness measures of one N_k vector. */
export interface HubnessMeasures {
  /** Skewness of N_k (third standardised moment, population form, as scipy.stats.skew). */
  skewness: number
  /** Robin Hood index: sum |N_k - mean| / (2 sum N_k), the share of slots to move to make N_k even; 0..1. */
  robinHood: number
  /** Gini index of N_k (0 = even, -> 1 = one item takes every slot). */
  gini: number
  /** Share of items with N_k = 0 (antihubs). */
  antihubRate: number
  /** Share of items with N_k > hubSize * mean (hubs; scikit-hubness hub_size = 2). */
  hubRate: number
  /** Share of all slots held by the hubs. */
  hubOccurrence: number
}

/** Hubness measures of `counts`; `hubSize` is the hub threshold in multiples of the mean (default 2). */
export function hubnessMeasures(counts: ArrayLike<number>, hubSize = 2): HubnessMeasures {
  const n = counts.length
  let total = 0
  for (let i = 0; i < n; i++) total += counts[i]!
  const mean = n > 0 ? total / n : 0
  let absDev = 0,
    antihubs = 0,
    hubs = 0,
    hubSlots = 0
  for (let i = 0; i < n; i++) {
    const c = counts[i]!
    absDev += Math.abs(c - mean)
    if (c === 0) antihubs++
    if (c > hubSize * mean) {
      hubs++
      hubSlots += c
    }
  }
  return {
    skewness: skewness(counts),
    robinHood: total > 0 ? absDev / (2 * total) : 0,
    gini: gini(counts),
    antihubRate: n > 0 ? antihubs / n : 0,
    hubRate: n > 0 ? hubs / n : 0,
    hubOccurrence: total > 0 ? hubSlots / total : 0,
  }
}

/** Gini index: sum_i (2i - n - 1) x_(i) / (n sum x) over ascending x, i = 1..n (0 when all are 0). */
export function gini(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort()
  const n = sorted.length
  let weighted = 0,
    total = 0
  for (let i = 0; i < n; i++) {
    weighted += (2 * (i + 1) - n - 1) * sorted[i]!
    total += sorted[i]!
  }
  return total > 0 ? weighted / (n * total) : 0
}

/** Help text defining each measure, with references (shared by `diagnose --help` and docs). */
export const HUBNESS_MEASURES_HELP = `Hubness measures (from N_k, the k-occurrence of each item; mean = sum N_k / n):
  skewness    E[(N_k - mean)^3] / std^3 (Radovanovic, Nanopoulos & Ivanovic, JMLR 2010)
  skewnessAt  the skewness of N_k' of the same random averages' top-k' lists at k' = 5, 10, 50
              (those <= N; one search at the largest, shorter lists are its prefixes)
              (Radovanovic et al. 2010, who report it at k' = 5 and 10)
  robin-hood  sum |N_k - mean| / (2 sum N_k): share of list slots to move for an even N_k
              (Feldbauer et al., ICBK 2018; Feldbauer et al. 2020, scikit-hubness)
  gini        Gini index of N_k (0 even, near 1 one item everywhere)
              (Feldbauer et al. 2018/2020, scikit-hubness)
  antihubs    share of items with N_k = 0 (Radovanovic et al. 2010; scikit-hubness)
  hubs        share of items with N_k > 2 * mean (Feldbauer et al. 2020, scikit-hubness hub_size = 2)
Reported at the --k in use, over random averages and (with --item-hubness) the items' own k-NN lists;
skewnessAt over random averages only (JSON: hubness.averages.skewnessAt).`
