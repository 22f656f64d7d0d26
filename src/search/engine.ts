/**
 * The exact top-k search interface: the one hot loop of avgcon.
 *
 * For each of Q queries q, return the k items with the highest score s(q, x_i),
 * best first: the float64 score of exact.ts (dot: <q, x_i> + bias[i]; cosine:
 * <q, x_i>/|x_i|; euclidean: -|q - x_i|^2/2 up to a per-query constant, computed after
 * centring), which every engine computes in the same order, bit for bit. Ties
 * (exactly equal scores) go to the lower item index, and the output order breaks ties
 * the same way, so the first k' entries of a top-k list are the top-k' list for any k' <= k.
 */
/** How scores are formed from the raw item rows (see exact.ts). */
export type ScoreMetric = 'dot' | 'cosine' | 'euclidean'

/**
 * Where a query's k-th place stands, for fractional tie credit: the k-th score and how
 * many items score exactly that inside and outside the returned top k.
 */
export interface TieInfo {
  /** Length Q: the k-th best score of each query. */
  kthScore: Float64Array
  /** Length Q: items in the top k whose score equals kthScore (>= 1). */
  tiedInside: Int32Array
  /** Length Q: items outside the top k whose score equals kthScore. */
  tiedOutside: Int32Array
}

/** Optional inputs of {@link Engine.topk}. */
export interface TopKOptions {
  /** Per-item additive score term (length N), added in float64; only with metric 'dot'. */
  bias?: Float32Array | Float64Array
  /** Score metric over the raw rows; default 'dot'. */
  metric?: ScoreMetric
  /** Worker threads; default: all cores. Results never depend on it. */
  threads?: number
  /** Filled with the tie counts of every query when given (arrays of length Q). */
  ties?: TieInfo
  /**
   * euclidean only: centre on this float32 row (length d) instead of these items' column
   * means, so a block of a larger matrix scores exactly as within the whole (exact.ts).
   */
  centre?: Float32Array
  /**
   * The items are ranked this once (a streamed block): the engine frees its per-item data
   * (the native engine's prepared copy) when the call settles instead of caching it.
   */
  once?: boolean
}

/** Allocates a {@link TieInfo} for q queries. */
export function newTieInfo(q: number): TieInfo {
  return { kthScore: new Float64Array(q), tiedInside: new Int32Array(q), tiedOutside: new Int32Array(q) }
}

/**
 * An exact top-k engine. Every engine returns the same lists for the same inputs:
 * the TypeScript and native engines compute each score as the same float64 sum
 * (exact.ts), so even rounding and ties agree. Get one from loadEngine().
 */
export interface Engine {
  /** Short name reported in results ("native-avx512", "typescript", ...). */
  readonly name: string
  /**
   * @param items  N x d row-major matrix
   * @param n      N, number of items
   * @param d      dimension
   * @param queries Q x d row-major matrix
   * @param q      Q, number of queries
   * @param k      1 <= k <= N
   * @returns Q x k row-major item indices, best first
   */
  topk(
    items: Float32Array,
    n: number,
    d: number,
    queries: Float32Array,
    q: number,
    k: number,
    opts?: TopKOptions,
  ): Promise<Int32Array>
  /**
   * Optional fast path for building the queries: row r of `out` becomes the mean of
   * the raw rows `sets[r*stride .. r*stride + counts[r])` (raw row i = rowScale[i] *
   * items[i] when rowScale is given). Must equal estimate/metric.ts `averageAt` bit
   * for bit (double accumulation in set order, one rounding); callers fall back to it.
   * With `sum` the row is the sum instead of the mean (dot and cosine: see `ranksBySum`).
   */
  averageRows?(
    items: Float32Array,
    n: number,
    d: number,
    sets: Int32Array,
    stride: number,
    counts: Int32Array,
    rowScale: Float32Array | undefined,
    out: Float32Array,
    sum?: boolean,
  ): void
}
