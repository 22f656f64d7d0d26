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
  seen: Int32Array | StampSet,
  stamp: number,
  offset = 0,
): void {
  let m = offset
  if (seen instanceof StampSet) {
    // The same draws and the same picks as with a dense array: only the membership test differs.
    for (let j = n - k; j < n; j++) {
      const t = rng.int(j + 1)
      const pick = seen.has(t, stamp) ? j : t
      seen.add(pick, stamp)
      out[m++] = pick
    }
    return
  }
  for (let j = n - k; j < n; j++) {
    const t = rng.int(j + 1)
    // If t was already chosen, j cannot have been (all earlier draws are < j).
    const pick = seen[t] === stamp ? j : t
    seen[pick] = stamp
    out[m++] = pick
  }
}

/**
 * A set of items marked with a stamp, in O(most) memory instead of an n-sized array
 * (issue 14: the streamed run's memory must not grow with n): open addressing over a
 * power-of-two table at most a quarter full; a slot whose stamp is not the current one is
 * empty, so a new stamp empties the set without clearing it. At most `most` items per stamp.
 */
export class StampSet {
  readonly #keys: Int32Array
  readonly #stamps: Int32Array
  readonly #shift: number

  constructor(most: number) {
    let bits = 2
    while (1 << bits < 4 * Math.max(1, most)) bits++
    this.#keys = new Int32Array(1 << bits)
    this.#stamps = new Int32Array(1 << bits)
    this.#shift = 32 - bits
  }

  /** Bytes held: two int32 tables of about 4-8 slots per item. */
  get bytes(): number {
    return this.#keys.byteLength * 2
  }

  /** Whether `item` was added with `stamp` (stamps are positive; a fresh table holds none). */
  has(item: number, stamp: number): boolean {
    const mask = this.#keys.length - 1
    for (let slot = Math.imul(item, 0x9e3779b1) >>> this.#shift; this.#stamps[slot] === stamp; slot = (slot + 1) & mask)
      if (this.#keys[slot] === item) return true
    return false
  }

  add(item: number, stamp: number): void {
    const mask = this.#keys.length - 1
    let slot = Math.imul(item, 0x9e3779b1) >>> this.#shift
    for (; this.#stamps[slot] === stamp; slot = (slot + 1) & mask) if (this.#keys[slot] === item) return
    this.#keys[slot] = item
    this.#stamps[slot] = stamp
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
