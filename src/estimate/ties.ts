/**
 * Fractional tie credit at the cut-off place (theory.md §1, issue 10 item 2).
 *
 * The engines break exact score ties by the lower item index. That rule is unbiased for
 * random sets, but it penalises a real set holding the higher-index copy of a duplicated
 * item. The fair precision is the expectation under a uniformly random tie-break: with
 * s_c the c-th best score, g items scoring exactly s_c, m of them inside the top c,
 *   hits = h_strict + m * h_t / g
 * where h_strict counts the set's members scoring strictly above s_c and h_t those
 * scoring exactly s_c (inside or outside the returned list). Without ties (g = m) this is
 * the lower-index count itself, so both rules give identical numbers bit for bit.
 */
import { InputError } from '../errors.js'
import type { TieInfo } from '../search/engine.js'
import { exactScore, prepareExact, type ExactPrep } from '../search/exact.js'
import type { SearchSpace } from './metric.js'
import { StampSet } from './sampler.js'

/** How ties at the k-th place are counted. */
export type TieRule = 'fractional' | 'lower-index'
export const TIE_RULES: readonly TieRule[] = ['fractional', 'lower-index']

/** Checks a --ties value from the user. */
export function parseTieRule(text: string): TieRule {
  if ((TIE_RULES as readonly string[]).includes(text)) return text as TieRule
  throw new InputError(`unknown tie rule "${text}"; use fractional or lower-index.`, {
    module: 'estimate',
    field: 'ties',
  })
}

/** One query's ranking as the engine returned it, with the tie counts at its last place. */
export interface RankedQuery {
  /** Best-first item indices: top[offset .. offset + length). */
  top: Int32Array
  offset: number
  length: number
  /** The engine's tie counts for this call (at place `length`), and the query's row in them. */
  ties: TieInfo
  row: number
  /** The query vector: queries[qOffset .. qOffset + d). */
  queries: Float32Array
  qOffset: number
}

/**
 * Scores items exactly as the engines do (search/exact.ts), preparing the per-item data
 * lazily: only a query with a tie at its cut-off needs any score.
 */
export class TieScorer {
  #prep: ExactPrep | undefined

  /**
   * @param score  replaces the scores of `space` (out-of-core estimation, where the matrix
   *               is not in memory); it must return exactly what exact.ts computes.
   */
  constructor(
    readonly space: SearchSpace,
    readonly score?: (item: number, q: RankedQuery) => number,
  ) {}

  #score(item: number, q: RankedQuery): number {
    if (this.score) return this.score(item, q)
    const s = this.space
    this.#prep ??= prepareExact(s.items, s.n, s.d, s.metric, s.bias)
    return exactScore(this.#prep, s.items, item, q.queries, q.qOffset)
  }

  /**
   * Credited hits of `members` (marked in `seen` with `stamp`) at cut-off c <= q.length:
   * the expected |top-c ∩ members| under a uniformly random tie-break. Returns
   * `lowerIndexHits` itself when nothing outside the top c ties with the c-th score.
   */
  hits(
    q: RankedQuery,
    c: number,
    members: ArrayLike<number>,
    from: number,
    count: number,
    seen: Int32Array | StampSet,
    stamp: number,
    lowerIndexHits: number,
  ): number {
    const { top, offset, length } = q
    // Items past the list tie with s_c only if the list's last place does; the engine counted those.
    const listTail = q.ties.tiedOutside[q.row]!
    if (c === length && listTail === 0) return lowerIndexHits
    const sc = this.#score(top[offset + c - 1]!, q)
    let outside = 0
    if (c < length) {
      let r = c
      while (r < length && this.#score(top[offset + r]!, q) === sc) r++
      outside = r - c
      if (r === length) outside += listTail
    } else {
      outside = listTail
    }
    if (outside === 0) return lowerIndexHits
    let inside = 1
    while (inside < c && this.#score(top[offset + c - 1 - inside]!, q) === sc) inside++
    let strict = 0
    const marked = seen instanceof StampSet ? (i: number) => seen.has(i, stamp) : (i: number) => seen[i] === stamp
    for (let r = 0; r < c - inside; r++) if (marked(top[offset + r]!)) strict++
    let tied = 0
    for (let m = from; m < from + count; m++) if (this.#score(members[m]!, q) === sc) tied++
    return strict + (inside * tied) / (inside + outside)
  }
}
