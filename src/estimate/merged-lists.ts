/**
 * The out-of-core merge (out-of-core.ts): per query, the best-first top-k over the item
 * blocks ranked so far, by (float64 score desc, global index asc), with the exact count of
 * items outside the list that tie with its k-th score. A block's k-th score never exceeds
 * the global one, so every item that ties it is either in a block's list or counted in
 * that block's tiedOutside.
 */
import type { TieInfo } from '../search/engine.js'

/**
 * Each query's best-first top-k over the blocks merged so far, with exact scores and the
 * count of items outside the list that tie with its k-th score (see the file comment).
 */
export class MergedLists {
  readonly top: Int32Array
  readonly scores: Float64Array
  readonly tail: Int32Array
  /** Entries per list: min(k, rows merged so far). */
  length = 0
  readonly #idx: Int32Array
  readonly #score: Float64Array

  constructor(
    readonly q: number,
    readonly k: number,
  ) {
    this.top = new Int32Array(q * k)
    this.scores = new Float64Array(q * k)
    this.tail = new Int32Array(q)
    this.#idx = new Int32Array(2 * k)
    this.#score = new Float64Array(2 * k)
  }

  /** Merges query qi's block list (kb local indices from `lo`, scores by scoreAt) after the current one. */
  merge(qi: number, lo: number, local: Int32Array, kb: number, scoreAt: (at: number) => number, outside: number): void {
    const { k, top, scores, length } = this
    const idx = this.#idx
    const sc = this.#score
    const base = qi * k
    const oldKth = length === k ? scores[base + k - 1]! : -Infinity
    // Ties go to the list so far: its indices are all below the block's.
    let a = 0
    let c = 0
    let m = 0
    let blockScore = kb > 0 ? scoreAt(0) : -Infinity
    let blockLast = -Infinity
    while (a < length || c < kb) {
      // Once k are kept, entries below the k-th can change neither the list nor its tie count:
      // the block's remaining candidates need no scores (most blocks add a few entries at most).
      if (m >= k && (a >= length || scores[base + a]! < sc[k - 1]!) && (c >= kb || blockScore < sc[k - 1]!)) break
      if (c >= kb || (a < length && scores[base + a]! >= blockScore)) {
        idx[m] = top[base + a]!
        sc[m++] = scores[base + a++]!
      } else {
        idx[m] = lo + local[qi * kb + c]!
        sc[m++] = blockScore
        blockLast = blockScore
        blockScore = ++c < kb ? scoreAt(c) : -Infinity
      }
    }
    const kept = Math.min(k, m)
    top.set(idx.subarray(0, kept), base)
    scores.set(sc.subarray(0, kept), base)
    if (kept < k) return
    const kth = sc[k - 1]!
    // The k-th score only rises; items tied with an older, lower k-th no longer tie.
    if (kth !== oldKth) this.tail[qi] = 0
    for (let r = k; r < m; r++) if (sc[r] === kth) this.tail[qi]!++
    // The block's own ties past its list tie with the global k-th only if its k-th equals it.
    // (A merge that stopped early left a candidate below the k-th, so the block's own k-th is below it.)
    if (kb > 0 && c >= kb && blockLast === kth) this.tail[qi]! += outside
  }

  /** Records that a block of nb rows was merged into every list. */
  grow(nb: number): void {
    this.length = Math.min(this.k, this.length + nb)
  }

  /** The tie counts at place k of every query. */
  ties(out: TieInfo): void {
    const { k, scores } = this
    for (let qi = 0; qi < this.q; qi++) {
      const kth = scores[qi * k + k - 1]!
      let inside = 1
      while (inside < k && scores[qi * k + k - 1 - inside] === kth) inside++
      out.kthScore[qi] = kth
      out.tiedInside[qi] = inside
      out.tiedOutside[qi] = this.tail[qi]!
    }
  }
}

/** Position of `value` in the ascending positions[0 .. count). */
export function find(positions: Int32Array, count: number, value: number): number {
  let lo = 0
  let hi = count - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (positions[mid]! < value) lo = mid + 1
    else hi = mid
  }
  return lo
}
