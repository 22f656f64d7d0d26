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
 * A euclidean block is ranked with the whole matrix's centre (the engines' `centre` option),
 * not the block's own column means, so its scores are those of the whole.
 */
import { InputError } from '../errors.js'
import type { NpyRows } from '../io/npy-rows.js'
import { newTieInfo, type Engine, type TieInfo } from '../search/engine.js'
import { exactScore, prepareExact } from '../search/exact.js'
import type { ConsistencyPoint, EstimateBackend, EstimateOptions } from './consistency.js'
import { estimateWith } from './consistency.js'
import { averageAt, ranksBySum, type Metric } from './metric.js'
import { formatBytes } from './memory-size.js'
import { find, MergedLists } from './merged-lists.js'
import { RowSource, streamedGlobals } from './row-source.js'
import { TieScorer, type RankedQuery } from './ties.js'

// The shard coordinator and workers import these from here.
export { RowSource, streamedGlobals, type StreamedGlobals } from './row-source.js'

/** Options of {@link estimateOutOfCore}: the estimator's, plus the budget and the row transforms. */
export interface OutOfCoreOptions extends EstimateOptions {
  metric: Metric
  /** Memory budget in bytes for the blocks, the gathered set members and the queries. */
  memory: number
  /** --center: subtract the mean row (float64, as transform/center.ts). */
  center?: boolean
  /** --normalize: scale each row to unit length (as transform/normalize.ts). */
  normalize?: boolean
  /** Bytes the rows hold for the whole run (--drop-untrained's map of dropped rows), taken off the budget. */
  reserved?: number
}

/** How a budget is split: queries per engine call, rows per block, rows gathered for averages. */
export interface OutOfCoreLayout {
  batch: number
  blockRows: number
  gatherRows: number
  /** Bytes the plan holds at most: queries, gathered rows, block buffers with the engine's per-row data, the sampler's marks, the reserved bytes; never over the budget. */
  total: number
}

/** Bytes per query: the query, its set, the merged and the block candidate lists, the tie counts. */
function queryBytes(d: number, kMax: number): number {
  return d * 4 + kMax * (4 + 4 + 8 + 4 + 8 + 12) + 16
}

/**
 * Per-row bytes ranking adds to a block, measured (RSS per row of exactPrepare, BENCHMARKS.md):
 * the native prepared copy's codes (int16: 2 bytes a value, d padded to 32; int8 takes d padded
 * to 4, less), 4 float64 a row (scale, residual, two norms), a float64 bias or norm, the tile
 * maxima (6 float64 per 32 rows), the lane test's 20 bytes a row (lane32); then the merge's
 * float64 per row (exact.ts prepareExact, cosine and euclidean); a few bytes to spare. One
 * block's copy is held at a time: it is released when the block's search settles (`once`).
 */
export const engineRowBytes = (d: number): number => 2 * Math.ceil(d / 32) * 32 + 84
const MAX_BATCH = 16_384

/** AVGCON_OOC_MEMLOG=1: one stderr line a block with the process's memory (rss, external, array buffers, heap). */
const MEMLOG = process.env.AVGCON_OOC_MEMLOG === '1'
const MB = (x: number): string => (x / 2 ** 20).toFixed(0)
function memlog(what: string): void {
  const m = process.memoryUsage()
  process.stderr.write(
    `memlog ${what}: rss ${MB(m.rss)} external ${MB(m.external)} arrayBuffers ${MB(m.arrayBuffers)} heap ${MB(m.heapUsed)} MB\n`,
  )
}

/** How a run uses its budget: block buffers (2: the next block is read while the engine ranks this one) and queries planned. */
export interface LayoutPlan {
  /** Block buffers held at once (default 1). */
  buffers?: 1 | 2
  /** The most queries the run ranks in all (fixed mode: sets per k x ks); caps the batch. */
  queries?: number
  /** The most set members the run averages in all (fixed mode: sets per k x the sum of ks); caps the gathered rows. */
  members?: number
  /** Bytes held outside the plan for the whole run (e.g. 4 per dropped row), taken off the budget first. */
  reserved?: number
}

/** The sampler's marks (consistency.ts StampSet: two int32 tables of 4-8 slots per member of the largest set). */
const marksBytes = (kMax: number): number => 64 * Math.max(1, kMax)

/**
 * Splits `memory` bytes; throws InputError when it cannot hold one row, one set and one query.
 * With `plan.buffers` 2 the block rows are counted twice (when even one row fits only once,
 * the layout falls back to one buffer: `buffers` in the answer says which).
 */
export function outOfCoreLayout(
  n: number,
  d: number,
  kMax: number,
  memory: number,
  plan: LayoutPlan = {},
): OutOfCoreLayout & { buffers: 1 | 2 } {
  const rowBytes = d * 4
  // A gathered row: its values and its position (gatherAverages sorts the positions).
  const gatherBytes = rowBytes + 4
  const perQuery = queryBytes(d, kMax)
  const reserved = Math.max(0, plan.reserved ?? 0) + marksBytes(kMax)
  const minimum = reserved + rowBytes + engineRowBytes(d) + kMax * gatherBytes + perQuery
  if (!(memory >= minimum)) {
    const held = plan.reserved ? `, ${formatBytes(plan.reserved)} held for the whole run (the dropped rows' map)` : ''
    throw new InputError(
      `--memory ${formatBytes(memory)} is too small: one row, the ${kMax} rows of one set and one query with its top-${kMax} list (d=${d})${held} need at least ${formatBytes(minimum)}.`,
      { module: 'estimate', field: 'memory' },
    )
  }
  const usable = memory - reserved
  const buffers = plan.buffers === 2 && memory >= minimum + rowBytes ? 2 : 1
  const cap = Math.max(1, Math.min(MAX_BATCH, plan.queries ?? MAX_BATCH))
  const perBlockRow = buffers * rowBytes + engineRowBytes(d)
  // A quarter for the queries, a quarter of the rest for the gathered rows, the rest for the blocks;
  // where the floors (one set's rows, one block row) do not fit that split, fewer queries.
  let batch = Math.max(1, Math.min(cap, Math.floor((usable * 0.25) / perQuery)))
  let gatherRows: number
  let blockRows: number
  for (;;) {
    const rest = usable - batch * perQuery
    gatherRows = Math.max(kMax, Math.min(n, plan.members ?? n, Math.floor((rest * 0.25) / gatherBytes)))
    blockRows = Math.min(n, Math.floor((rest - gatherRows * gatherBytes) / perBlockRow))
    if (blockRows >= 1 || batch === 1) break
    batch = Math.max(1, Math.floor(batch / 2))
  }
  blockRows = Math.max(1, blockRows)
  const total = reserved + batch * perQuery + gatherRows * gatherBytes + blockRows * perBlockRow
  return { batch, blockRows, gatherRows, buffers, total }
}

/**
 * Estimates Consistency_k of the .npy matrix behind `rows` within `opts.memory` bytes;
 * the results equal those of estimateConsistency on the loaded (and transformed) matrix.
 */
export async function estimateOutOfCore(rows: NpyRows, opts: OutOfCoreOptions): Promise<ConsistencyPoint[]> {
  const layout = streamedLayout(rows.n, rows.d, opts)
  const buffer = new Float32Array(layout.blockRows * rows.d)
  const spare = layout.buffers === 2 ? new Float32Array(layout.blockRows * rows.d) : undefined
  const global = streamedGlobals(rows, opts, layout.blockRows, buffer)
  const ctx = { metric: opts.metric, engine: opts.engine, threads: opts.threads, centre: global.centre }
  const ranker: BlockRanker = async (queries, q, k, lists, onPart) => {
    const blocks = Math.ceil(rows.n / layout.blockRows)
    await rankBlocks(
      global.source,
      0,
      rows.n,
      layout.blockRows,
      buffer,
      queries,
      q,
      k,
      ctx,
      lists,
      (b) => onPart?.(b / blocks),
      spare,
    )
  }
  return estimateWith(streamedBackend(global.source, opts, layout, global.centre, ranker), opts)
}

/** The layout {@link estimateOutOfCore} uses: two block buffers (read-ahead), the batch and the gathered rows capped by the plan (fixed mode). */
export function streamedLayout(
  n: number,
  d: number,
  opts: Pick<OutOfCoreOptions, 'ks' | 'memory' | 'samples' | 'ci' | 'reserved'>,
): OutOfCoreLayout & { buffers: 1 | 2 } {
  const fixed = opts.ci === undefined && opts.samples !== undefined ? opts.samples : undefined
  const queries = fixed === undefined ? undefined : fixed * opts.ks.length
  const members = fixed === undefined ? undefined : fixed * opts.ks.reduce((a, b) => a + b, 0)
  return outOfCoreLayout(n, d, Math.max(...opts.ks), opts.memory, {
    buffers: 2,
    queries,
    members,
    reserved: opts.reserved,
  })
}

/** What a block is ranked with. */
export interface RankContext {
  metric: Metric
  engine: Engine
  threads?: number
  centre: Float32Array | undefined
}

/**
 * Ranks the q queries against rows [lo, hi) of `source`, `blockRows` rows at a time, and
 * merges each block's candidates into `lists` (whose lists cover the rows before lo);
 * `onBlock` is told how many blocks are done. With a `spare` buffer (as large as `buffer`)
 * the work is pipelined: while the engine ranks block b (off the main thread), block b-1's
 * candidates are merged and block b+1 is read into the other buffer. The merges keep block
 * order, so the lists are those of the one-buffer loop.
 */
export async function rankBlocks(
  source: RowSource,
  lo: number,
  hi: number,
  blockRows: number,
  buffer: Float32Array,
  queries: Float32Array,
  q: number,
  k: number,
  ctx: RankContext,
  lists: MergedLists,
  onBlock?: (done: number) => void,
  spare?: Float32Array,
): Promise<void> {
  const { d } = source.rows
  const { metric, engine, centre } = ctx
  /** A ranked block waiting for its merge. */
  interface Ranked {
    start: number
    nb: number
    rows: Float32Array
    local: Int32Array
    ties: TieInfo
  }
  let done = 0
  const mergeBlock = ({ start, nb, rows, local, ties }: Ranked): void => {
    const kb = Math.min(k, nb)
    const prep = prepareExact(rows, nb, d, metric, undefined, centre)
    for (let qi = 0; qi < q; qi++) {
      const scoreAt = (at: number): number => exactScore(prep, rows, local[qi * kb + at]!, queries, qi * d)
      lists.merge(qi, start, local, kb, scoreAt, ties.tiedOutside[qi]!)
    }
    lists.grow(nb)
    onBlock?.(++done)
    if (MEMLOG) memlog(`block ${start}+${nb}`)
  }
  const buffers = spare ? [buffer, spare] : [buffer]
  const readBlock = (start: number, into: Float32Array): Float32Array => {
    const nb = Math.min(hi, start + blockRows) - start
    source.read(start, start + nb, into)
    // A fresh view per block: the engines cache per-item data per array object.
    return into.subarray(0, nb * d)
  }
  let pending: Ranked | undefined
  let rows = lo < hi ? readBlock(lo, buffers[0]!) : undefined
  for (let b = 0, start = lo; rows; b++, start += blockRows) {
    const nb = rows.length / d
    const ties = newTieInfo(q)
    // The engine scores the block with the whole matrix's centre (euclidean), as exact.ts does within the whole.
    const ranking = engine.topk(rows, nb, d, queries, q, Math.min(k, nb), {
      metric,
      threads: ctx.threads,
      ties,
      centre,
      once: true,
    })
    // While the engine ranks: merge the previous block, read the next one into the other buffer.
    if (pending) mergeBlock(pending)
    pending = undefined
    const next = start + blockRows < hi && spare ? readBlock(start + blockRows, buffers[(b + 1) % 2]!) : undefined
    const current: Ranked = { start, nb, rows, local: await ranking, ties }
    if (spare) {
      pending = current
      rows = next
    } else {
      mergeBlock(current)
      rows = start + blockRows < hi ? readBlock(start + blockRows, buffer) : undefined
    }
  }
  if (pending) mergeBlock(pending)
}

/** Ranks a batch of queries over the whole matrix into `lists` (in memory, by blocks, or by shards on workers). */
export type BlockRanker = (
  queries: Float32Array,
  q: number,
  k: number,
  lists: MergedLists,
  onPart?: (fraction: number) => void,
) => Promise<void>

/** The backend that reads set members from disk and ranks with `ranker`. */
export function streamedBackend(
  source: RowSource,
  opts: OutOfCoreOptions,
  layout: OutOfCoreLayout,
  centre: Float32Array | undefined,
  ranker: BlockRanker,
): EstimateBackend {
  const { n, d } = source.rows
  const { metric } = opts
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
    await ranker(queries, q, k, lists, onPart)
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
