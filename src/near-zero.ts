/**
 * The near-zero row rule of numeric.ts (`nearZeroOf`: norm <= relative x the median norm, or 0)
 * over rows streamed from disk, without an n-sized array of norms (issue 14: `--memory` must
 * bound the run). The median is found exactly by passes over the rows: a norm is a
 * non-negative double, so its 64-bit pattern orders as its value; each pass histograms the
 * next bits of the patterns that share the prefix found so far (2^20 counts first, then 2^16), and once
 * the bin holding the wanted order statistic has at most `cap` values, the next pass collects
 * and sorts them. The threshold is then applied in one more pass (folded into the last one
 * when its candidates are few), so the answer is nearZeroOf's, value for value.
 */

/** One pass over all row norms in row order: `visit(norms, lo)` per block (norms of rows lo, lo+1, ...). */
export type NormPass = (visit: (norms: Float64Array, lo: number) => void) => void

/** What {@link nearZeroStreamed} answers. */
export interface NearZero {
  /** Rows that are near zero. */
  count: number
  /** Their ascending row indices (when asked for). */
  rows: Int32Array | undefined
  /** The median norm, exactly as nearZeroOf's. */
  median: number
  /** Passes made over the rows (the first is the caller's check pass). */
  passes: number
}

const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
const HI = LITTLE ? 1 : 0
const bits = new Float64Array(1)
const words = new Uint32Array(bits.buffer)

/** The double whose pattern is hi:lo. */
function fromWords(hi: number, lo: number): number {
  words[HI] = hi
  words[1 - HI] = lo
  return bits[0]!
}

/** Bits of the four digits of a pattern, from the top (20 first: the exponent and 8 bits of mantissa, a 4 MB histogram). */
const WIDTHS = [20, 16, 16, 12]
/** Bytes of the histograms one pass holds at most (two order statistics). */
export const HISTOGRAM_BYTES = 2 * 4 * 2 ** 20
const TOPS = WIDTHS.map((w) => 2 ** w - 1)

/** Digit l (0..3, of WIDTHS bits from the top) of the pattern hi:lo. */
const digit = (hi: number, lo: number, l: number): number =>
  l === 0 ? hi >>> 12 : l === 1 ? ((hi & 0xfff) << 4) | (lo >>> 28) : l === 2 ? (lo >>> 12) & 0xffff : lo & 0xfff

/** The search for one order statistic: the pattern's top `level` digits are known. */
interface Target {
  rank: number
  level: number
  prefix: number[]
  /** Values below the prefix's range. */
  below: number
  /** Values within the prefix's range (n at level 0). */
  inRange: number
  hist: Uint32Array | undefined
  collected: Float64Array | undefined
  filled: number
  value: number | undefined
}

/** Whether the pattern hi:lo starts with the target's prefix. */
function inPrefix(t: Target, hi: number, lo: number): boolean {
  for (let l = 0; l < t.level; l++) if (digit(hi, lo, l) !== t.prefix[l]) return false
  return true
}

/** The largest value whose pattern starts with the target's prefix. */
function rangeTop(t: Target): number {
  if (t.value !== undefined) return t.value
  const d = TOPS.map((top, l) => (l < t.level ? t.prefix[l]! : top))
  return fromWords(((d[0]! << 12) | (d[1]! >>> 4)) >>> 0, (((d[1]! & 0xf) << 28) | (d[2]! << 12) | d[3]!) >>> 0)
}

/**
 * nearZeroOf over streamed norms: `pass` is called once per pass (the first one may also
 * check the rows); at most `cap` values (8 bytes each) are collected at once, plus the rows
 * asked for (4 bytes each) and histograms of at most 4 MB each (two targets, {@link HISTOGRAM_BYTES}).
 */
export function nearZeroStreamed(
  pass: NormPass,
  n: number,
  { relative = 1e-6, rows: wantRows = false, cap = 1 << 20 }: { relative?: number; rows?: boolean; cap?: number } = {},
): NearZero {
  if (n === 0) return { count: 0, rows: wantRows ? new Int32Array(0) : undefined, median: NaN, passes: 0 }
  const pos = 0.5 * (n - 1)
  const lo = Math.floor(pos)
  const targets: Target[] = [lo, Math.min(n - 1, lo + 1)].map((rank) => ({
    rank,
    level: 0,
    prefix: [],
    below: 0,
    inRange: n,
    hist: undefined,
    collected: undefined,
    filled: 0,
    value: undefined,
  }))
  // The first pass's histogram of all values (top 16 bits) bounds the threshold's candidates.
  let full: Uint32Array | undefined
  let passes = 0
  for (;;) {
    const open = targets.filter((t) => t.value === undefined)
    for (const t of open) {
      if (t.inRange <= cap) t.collected = new Float64Array(t.inRange)
      else t.hist = new Uint32Array(2 ** WIDTHS[t.level]!)
    }
    // The last pass for the median (every open target collects) also takes the threshold's
    // candidates when the first histogram says they are few: norms <= relative x the range's top.
    let candidates: { idx: Int32Array; val: Float64Array; filled: number; limit: number } | undefined
    if (full && open.every((t) => t.collected)) {
      const limit = relative * Math.max(...targets.map(rangeTop))
      bits[0] = limit
      const top = digit(words[HI]!, words[1 - HI]!, 0)
      let bound = 0
      for (let b = 0; b <= top; b++) bound += full[b]!
      if (bound <= cap) candidates = { idx: new Int32Array(bound), val: new Float64Array(bound), filled: 0, limit }
    }
    pass((norms, first) => {
      const u = new Uint32Array(norms.buffer, norms.byteOffset, norms.length * 2)
      for (let i = 0; i < norms.length; i++) {
        const hi = u[2 * i + HI]!
        const lw = u[2 * i + 1 - HI]!
        for (const t of open) {
          if (!inPrefix(t, hi, lw)) continue
          if (t.collected) t.collected[t.filled++] = norms[i]!
          else t.hist![digit(hi, lw, t.level)]!++
        }
        if (candidates && norms[i]! <= candidates.limit) {
          candidates.idx[candidates.filled] = first + i
          candidates.val[candidates.filled++] = norms[i]!
        }
      }
    })
    passes++
    for (const t of open) {
      if (t.collected) {
        t.value = t.collected.sort()[t.rank - t.below]!
        t.collected = undefined
        continue
      }
      const hist = t.hist!
      let b = 0
      let before = t.below
      while (before + hist[b]! <= t.rank) before += hist[b++]!
      if (t.level === 0) full = hist
      t.prefix.push(b)
      t.level++
      t.below = before
      t.inRange = hist[b]!
      t.hist = undefined
      if (t.level === 4) t.value = rangeTop(t)
    }
    if (targets.some((t) => t.value === undefined)) continue
    const [a, z] = [targets[0]!.value!, targets[1]!.value!]
    const median = a + (pos - lo) * (z - a)
    const threshold = relative * median
    const keep = (v: number): boolean => v <= threshold || v === 0
    if (candidates) {
      let count = 0
      for (let c = 0; c < candidates.filled; c++)
        if (keep(candidates.val[c]!)) candidates.idx[count++] = candidates.idx[c]!
      return { count, rows: wantRows ? candidates.idx.slice(0, count) : undefined, median, passes }
    }
    let count = 0
    let list = wantRows ? new Int32Array(1024) : undefined
    pass((norms, first) => {
      for (let i = 0; i < norms.length; i++) {
        if (!keep(norms[i]!)) continue
        if (list) {
          if (count === list.length) {
            const grown = new Int32Array(Math.min(n, 2 * list.length))
            grown.set(list)
            list = grown
          }
          list[count] = first + i
        }
        count++
      }
    })
    passes++
    return { count, rows: list?.slice(0, count), median, passes }
  }
}
