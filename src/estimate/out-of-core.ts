/**
 * Out-of-core Consistency_k (issue 14 item 1): the N x d matrix stays on disk and is read
 * in blocks that fit a memory budget. The sampling, the averages and the accumulation are
 * the estimator's own (consistency.ts `estimateWith`), and every ranking is merged exactly,
 * so the numbers are bit for bit those of the in-memory run with the same seed:
 * - averages: the members of a batch's sets are read by position (sorted, coalesced) into a
 *   compact matrix and averaged there (the same rows summed in the same order);
 * - rankings: each round's queries are ranked against each block by the engine (block-local
 *   indices + offset), then each query's candidates of all blocks are merged by (score desc,
 *   global index asc), every candidate rescored with search/exact.ts over the GLOBAL per-item
 *   data (the euclidean centre of the whole matrix, per-row norms);
 * - ties: a block's k-th score never exceeds the global k-th score s*; a block whose k-th is
 *   s* adds its in-list ties and its tiedOutside, a block whose k-th is below s* has all its
 *   items >= s* in its list, so the merged tiedInside / tiedOutside are exact.
 * The engines centre a euclidean matrix on its own column means, so a block would be centred
 * on the block's; euclidean blocks are therefore ranked by the TypeScript scan over a
 * prep with the global centre (exact, but slower than the native engine).
 */
import { InputError, warn } from '../errors.js'
import type { NpyRows } from '../io/npy-rows.js'
import { newTieInfo, type TieInfo } from '../search/engine.js'
import { exactScore, prepareExact } from '../search/exact.js'
import { topkExactTypeScript } from '../search/typescript-engine.js'
import type { ConsistencyPoint, EstimateBackend, EstimateOptions } from './consistency.js'
import { estimateWith } from './consistency.js'
import { averageAt, ranksBySum, type Metric } from './metric.js'
import { TieScorer, type RankedQuery } from './ties.js'

/** Options of {@link estimateOutOfCore}: the estimator's, plus the budget and the row transforms. */
export interface OutOfCoreOptions extends EstimateOptions {
  metric: Metric
  /** Memory budget in bytes for the blocks, the gathered set members and the queries. */
  memory: number
  /** --center: subtract the mean row (float64, as transform/center.ts). */
  center?: boolean
  /** --normalize: scale each row to unit length (as transform/normalize.ts). */
  normalize?: boolean
}

/** How a budget is split: queries per engine call, rows per block, rows gathered for averages. */
export interface OutOfCoreLayout {
  batch: number
  blockRows: number
  gatherRows: number
}

/** Bytes per query: the query, its set, the merged and the block candidate lists, the tie counts. */
function queryBytes(d: number, kMax: number): number {
  return d * 4 + kMax * (4 + 4 + 8 + 4 + 8 + 12) + 16
}

/** Per-row bytes the engine adds to a block: the native engine's codes (int16: d*2, an upper bound for int8: d) and per-row doubles. */
const engineRowBytes = (d: number): number => 2 * d + 64
const MAX_BATCH = 16_384

/** Splits `memory` bytes; throws InputError when it cannot hold one row, one set and one query. */
export function outOfCoreLayout(n: number, d: number, kMax: number, memory: number): OutOfCoreLayout {
  const rowBytes = d * 4
  const perQuery = queryBytes(d, kMax)
  const minimum = rowBytes + engineRowBytes(d) + kMax * rowBytes + perQuery
  if (!(memory >= minimum))
    throw new InputError(
      `${formatBytes(memory)} is too small: one row, the ${kMax} rows of one set and one query with its top-${kMax} list (d=${d}) need at least ${formatBytes(minimum)}.`,
      { module: 'estimate', field: 'memory' },
    )
  const batch = Math.max(1, Math.min(MAX_BATCH, Math.floor((memory * 0.25) / perQuery)))
  const rest = memory - batch * perQuery
  const gatherRows = Math.max(kMax, Math.min(n, Math.floor((rest * 0.25) / rowBytes)))
  const blockRows = Math.max(
    1,
    Math.min(n, Math.floor((rest - gatherRows * rowBytes) / (rowBytes + engineRowBytes(d)))),
  )
  return { batch, blockRows, gatherRows }
}

/** Rows read from the file with --center and --normalize applied exactly as the in-memory transforms. */
class RowSource {
  constructor(
    readonly rows: NpyRows,
    readonly mean: Float64Array | undefined,
    readonly unit: boolean,
  ) {}

  get n(): number {
    return this.rows.n
  }

  read(lo: number, hi: number, out: Float32Array): void {
    this.rows.readRows(lo, hi, out)
    this.#apply(out, hi - lo)
  }

  readAt(positions: ArrayLike<number>, count: number, out: Float32Array): void {
    this.rows.readAt(positions, count, out)
    this.#apply(out, count)
  }

  #apply(out: Float32Array, count: number): void {
    const { d } = this.rows
    const { mean, unit } = this
    if (!mean && !unit) return
    for (let i = 0; i < count; i++) {
      const base = i * d
      if (mean) for (let j = 0; j < d; j++) out[base + j] = out[base + j]! - mean[j]!
      if (unit) {
        let s = 0
        for (let j = base; j < base + d; j++) s += out[j]! * out[j]!
        const norm = Math.sqrt(s)
        const inv = norm === 0 ? 0 : 1 / norm
        for (let j = base; j < base + d; j++) out[j] = out[j]! * inv
      }
    }
  }
}

/** Streams all rows through `visit` in row order, one block at a time. */
function eachBlock(
  source: RowSource,
  blockRows: number,
  buffer: Float32Array,
  visit: (rows: Float32Array, lo: number, count: number) => void,
): void {
  const { n, d } = source.rows
  for (let lo = 0; lo < n; lo += blockRows) {
    const hi = Math.min(n, lo + blockRows)
    source.read(lo, hi, buffer)
    visit(buffer.subarray(0, (hi - lo) * d), lo, hi - lo)
  }
}

/**
 * Estimates Consistency_k of the .npy matrix behind `rows` within `opts.memory` bytes;
 * the results equal those of estimateConsistency on the loaded (and transformed) matrix.
 */
export async function estimateOutOfCore(rows: NpyRows, opts: OutOfCoreOptions): Promise<ConsistencyPoint[]> {
  const { n, d } = rows
  const kMax = Math.max(...opts.ks)
  const layout = outOfCoreLayout(n, d, kMax, opts.memory)
  const buffer = new Float32Array(layout.blockRows * d)
  if (opts.metric === 'euclidean' && opts.engine.name !== 'typescript')
    warn(
      'euclidean with blocks ranks each block with the TypeScript scan (the native engine centres a block on its own means, which would change the numbers): exact, but slower.',
    )

  // First passes: the global per-item data, in row order exactly as the in-memory code.
  let mean: Float64Array | undefined
  if (opts.center) {
    mean = new Float64Array(d)
    const m = mean
    eachBlock(new RowSource(rows, undefined, false), layout.blockRows, buffer, (block, _lo, count) => {
      for (let i = 0; i < count; i++) for (let j = 0; j < d; j++) m[j]! += block[i * d + j]!
    })
    for (let j = 0; j < d; j++) m[j]! /= n
  }
  const centred = new RowSource(rows, mean, false)
  const source = new RowSource(rows, mean, Boolean(opts.normalize))
  if (opts.normalize) {
    let zero = 0
    eachBlock(centred, layout.blockRows, buffer, (block, _lo, count) => {
      for (let i = 0; i < count; i++) {
        let s = 0
        for (let j = i * d; j < (i + 1) * d; j++) s += block[j]! * block[j]!
        if (Math.sqrt(s) === 0) zero++
      }
    })
    if (zero > 0) warn(`${zero} item(s) have a zero vector and cannot be normalised; they stay zero.`)
  }
  let centre: Float32Array | undefined
  if (opts.metric === 'euclidean' || opts.metric === 'cosine') {
    const sum = new Float64Array(d)
    let zero = 0
    eachBlock(source, layout.blockRows, buffer, (block, _lo, count) => {
      for (let i = 0; i < count; i++) {
        let s = 0
        for (let j = 0; j < d; j++) {
          const x = block[i * d + j]!
          sum[j]! += x
          s += x * x
        }
        if (Math.sqrt(s) === 0) zero++
      }
    })
    if (opts.metric === 'euclidean') {
      centre = new Float32Array(d)
      for (let j = 0; j < d; j++) centre[j] = sum[j]! / n
    } else if (zero > 0) {
      warn(`${zero} item(s) have a zero vector; under cosine similarity they score 0 against every average.`)
    }
  }
  return estimateWith(streamedBackend(source, opts, layout, buffer, centre), opts)
}

/** The backend that reads blocks and set members from disk. */
function streamedBackend(
  source: RowSource,
  opts: OutOfCoreOptions,
  layout: OutOfCoreLayout,
  buffer: Float32Array,
  centre: Float32Array | undefined,
): EstimateBackend {
  const { n, d } = source.rows
  const { metric, engine } = opts
  const gathered = new Float32Array(layout.gatherRows * d)
  const one = new Float32Array(d)
  // The last merged lists, to answer the tie scorer without reading rows again.
  let lastTop: Int32Array | undefined
  let lastScores: Float64Array | undefined

  const average = (sets: Int32Array, stride: number, counts: Int32Array, queries: Float32Array): void =>
    gatherAverages(source, opts, layout.gatherRows, gathered, { sets, stride, counts }, queries)

  const rank = async (
    queries: Float32Array,
    q: number,
    k: number,
    ties?: TieInfo,
    onPart?: (fraction: number) => void,
  ): Promise<Int32Array> => {
    const lists = new MergedLists(q, k)
    const blocks = Math.ceil(n / layout.blockRows)
    for (let b = 0; b < blocks; b++) {
      const lo = b * layout.blockRows
      const nb = Math.min(n, lo + layout.blockRows) - lo
      source.read(lo, lo + nb, buffer)
      // A fresh view per block: the engines cache per-item data per array object.
      const rows = buffer.subarray(0, nb * d)
      const kb = Math.min(k, nb)
      const prep = prepareExact(rows, nb, d, metric, undefined, centre)
      const blockTies = newTieInfo(q)
      const local =
        metric === 'euclidean'
          ? topkExactTypeScript(prep, rows, queries, q, kb, blockTies)
          : await engine.topk(rows, nb, d, queries, q, kb, { metric, threads: opts.threads, ties: blockTies })
      for (let qi = 0; qi < q; qi++) {
        const scoreAt = (at: number): number => exactScore(prep, rows, local[qi * kb + at]!, queries, qi * d)
        lists.merge(qi, lo, local, kb, scoreAt, blockTies.tiedOutside[qi]!)
      }
      lists.grow(nb)
      // The native engine's prepared copy of this block is reported to V8 as external
      // memory (exact_addon.cc), so the garbage collector frees it before copies pile up.
      onPart?.((b + 1) / blocks)
    }
    if (ties) lists.ties(ties)
    lastTop = lists.top
    lastScores = lists.scores
    return lists.top
  }

  const score = (item: number, q: RankedQuery): number => {
    if (q.top === lastTop && lastScores)
      for (let r = q.offset; r < q.offset + q.length; r++) if (q.top[r] === item) return lastScores[r]!
    source.readAt([item], 1, one)
    return exactScore(prepareExact(one, 1, d, metric, undefined, centre), one, 0, q.queries, q.qOffset)
  }

  return {
    n,
    d,
    batchSize: () => layout.batch,
    average,
    rank,
    scorer:
      (opts.ties ?? 'fractional') === 'fractional'
        ? new TieScorer({ metric, n, d, items: new Float32Array(0) }, score)
        : undefined,
  }
}

/** The sets of one batch: set r is sets[r*stride .. r*stride + counts[r]). */
interface BatchSets {
  sets: Int32Array
  stride: number
  counts: Int32Array
}

/**
 * Averages the sets into queries (row r for set r): the members of as many sets as fit
 * `gatherRows` are read by position (sorted, distinct, coalesced) into a compact matrix and
 * averaged there, member by member in set order, as the in-memory averages are.
 */
function gatherAverages(
  source: RowSource,
  opts: OutOfCoreOptions,
  gatherRows: number,
  gathered: Float32Array,
  { sets, stride, counts }: BatchSets,
  queries: Float32Array,
): void {
  const { d } = source.rows
  const { engine, metric } = opts
  const q = counts.length
  const acc = new Float64Array(d)
  for (let qi = 0; qi < q;) {
    let total = counts[qi]!
    let qj = qi + 1
    while (qj < q && total + counts[qj]! <= gatherRows) total += counts[qj++]!
    const positions = new Int32Array(total)
    let m = 0
    for (let r = qi; r < qj; r++) for (let t = 0; t < counts[r]!; t++) positions[m++] = sets[r * stride + t]!
    positions.sort()
    let unique = 0
    for (let t = 0; t < total; t++)
      if (t === 0 || positions[t] !== positions[unique - 1]) positions[unique++] = positions[t]!
    const items = total > gatherRows ? new Float32Array(unique * d) : gathered.subarray(0, unique * d)
    source.readAt(positions, unique, items)
    const local = new Int32Array((qj - qi) * stride)
    for (let r = qi; r < qj; r++)
      for (let t = 0; t < counts[r]!; t++) local[(r - qi) * stride + t] = find(positions, unique, sets[r * stride + t]!)
    const out = queries.subarray(qi * d, qj * d)
    if (engine.averageRows) {
      engine.averageRows(items, unique, d, local, stride, counts.subarray(qi, qj), undefined, out, ranksBySum(metric))
    } else {
      const space = { metric, n: unique, d, items }
      for (let r = qi; r < qj; r++) averageAt(space, local, (r - qi) * stride, counts[r]!, out, (r - qi) * d, acc)
    }
    qi = qj
  }
}

/**
 * Each query's best-first top-k over the blocks merged so far, with exact scores and the
 * count of items outside the list that tie with its k-th score (see the file comment).
 */
class MergedLists {
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
    if (kb > 0 && blockLast === kth) this.tail[qi]! += outside
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
function find(positions: Int32Array, count: number, value: number): number {
  let lo = 0
  let hi = count - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (positions[mid]! < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Parses a --memory size: bytes, or a number with KB, MB, GB or TB (1024-based; the B is optional). */
export function parseMemory(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(text)
  const scale = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }
  const bytes = match ? Math.floor(Number(match[1]) * scale[match[2]!.toLowerCase() as keyof typeof scale]) : NaN
  if (!(bytes >= 1) || !Number.isSafeInteger(bytes))
    throw new InputError(`"${text}" is not a memory size; give a positive size such as 256MB or 2GB.`, {
      module: 'estimate',
      field: 'memory',
    })
  return bytes
}

/** Bytes in the units --memory takes (1024-based). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = bytes
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return `${u === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`
}
