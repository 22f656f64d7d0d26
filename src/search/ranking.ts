/**
 * The ranking order shared by every engine: higher score first, equal scores by lower
 * item index. NaN (never produced from validated inputs) ranks after every number so
 * the order stays total.
 */

/** True when (scoreA, indexA) ranks strictly before (scoreB, indexB). */
export function ranksBefore(scoreA: number, indexA: number, scoreB: number, indexB: number): boolean {
  if (scoreA !== scoreA || scoreB !== scoreB) {
    const aNaN = scoreA !== scoreA
    return aNaN === (scoreB !== scoreB) ? indexA < indexB : !aNaN
  }
  return scoreA > scoreB || (scoreA === scoreB && indexA < indexB)
}

/**
 * The k best (score, index) pairs seen so far, in a binary heap whose root is the
 * worst kept pair, so a candidate costs one comparison unless it enters.
 */
export class BoundedRanking {
  readonly #scores: Float64Array
  readonly #indices: Int32Array
  #size = 0
  #tiedOutside = 0

  /** Keeps at most `k` pairs (k >= 1). */
  constructor(readonly k: number) {
    this.#scores = new Float64Array(k)
    this.#indices = new Int32Array(k)
  }

  /** Empties the ranking for reuse with another query. */
  clear(): void {
    this.#size = 0
    this.#tiedOutside = 0
  }

  /** Offered pairs left out (or evicted) whose score equals the current worst kept score. */
  get tiedOutside(): number {
    return this.#tiedOutside
  }

  /** Kept pairs whose score equals the worst kept score. */
  get tiedInside(): number {
    let c = 0
    for (let i = 0; i < this.#size; i++) if (this.#scores[i] === this.#scores[0]) c++
    return c
  }

  /** Score a candidate must beat to enter (NaN while fewer than k are kept). */
  get threshold(): number {
    return this.#size < this.k ? NaN : this.#scores[0]
  }

  /** Offers a pair; it enters if fewer than k are kept or it ranks before the worst. */
  offer(score: number, index: number): void {
    if (this.#size < this.k) {
      this.#siftUp(this.#size++, score, index)
    } else if (ranksBefore(score, index, this.#scores[0], this.#indices[0])) {
      const old = this.#scores[0]
      this.#siftDown(0, score, index)
      this.#tiedOutside = this.#scores[0] === old ? this.#tiedOutside + 1 : 0
    } else if (score === this.#scores[0]) {
      this.#tiedOutside++
    }
  }

  /** Writes the kept indices best first into out[offset ..]. */
  writeSorted(out: Int32Array, offset: number): void {
    const order = Array.from({ length: this.#size }, (_, i) => i)
    order.sort((a, b) => (ranksBefore(this.#scores[a], this.#indices[a], this.#scores[b], this.#indices[b]) ? -1 : 1))
    for (let i = 0; i < order.length; i++) out[offset + i] = this.#indices[order[i]]
  }

  // The heap keeps the worst pair at the root: a parent never ranks before its child.
  #siftUp(slot: number, score: number, index: number): void {
    while (slot > 0) {
      const parent = (slot - 1) >> 1
      if (!ranksBefore(this.#scores[parent], this.#indices[parent], score, index)) break
      this.#scores[slot] = this.#scores[parent]
      this.#indices[slot] = this.#indices[parent]
      slot = parent
    }
    this.#scores[slot] = score
    this.#indices[slot] = index
  }

  #siftDown(slot: number, score: number, index: number): void {
    const size = this.#size
    for (;;) {
      let child = 2 * slot + 1
      if (child >= size) break
      const right = child + 1
      if (
        right < size &&
        ranksBefore(this.#scores[child], this.#indices[child], this.#scores[right], this.#indices[right])
      )
        child = right
      if (!ranksBefore(score, index, this.#scores[child], this.#indices[child])) break
      this.#scores[slot] = this.#scores[child]
      this.#indices[slot] = this.#indices[child]
      slot = child
    }
    this.#scores[slot] = score
    this.#indices[slot] = index
  }
}
