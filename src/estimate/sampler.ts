import type { Rng } from '../rng.js'

/**
 * Draws a uniformly random k-subset of {0, ..., n-1} with Floyd's algorithm
 * (Bentley & Floyd, CACM 1987): k draws, O(k) expected time, every k-subset
 * equally likely, never an item twice. Writes into `out` (length >= k) in draw
 * order, from `offset`; `seen` is scratch space of length n that must hold no value equal to
 * `stamp` on entry (callers pass an increasing stamp to avoid clearing it).
 */
export function sampleSubset(
  rng: Rng,
  n: number,
  k: number,
  out: Int32Array,
  seen: Int32Array,
  stamp: number,
  offset = 0,
): void {
  let m = offset
  for (let j = n - k; j < n; j++) {
    const t = rng.int(j + 1)
    // If t was already chosen, j cannot have been (all earlier draws are < j).
    const pick = seen[t] === stamp ? j : t
    seen[pick] = stamp
    out[m++] = pick
  }
}

/**
 * The seed of the sample stream for set size k: a fixed mix of the run's seed
 * and k, so a k's subsets do not depend on which other k are in the list, and
 * adaptive rounds extend the same stream as a fixed-sample run.
 */
export function streamSeed(seed: number, k: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(k + 0x632be5ab, 0x85ebca77)) >>> 0
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0
  return (h ^ (h >>> 12)) + Math.floor(seed / 2 ** 32) * 2 ** 32
}
