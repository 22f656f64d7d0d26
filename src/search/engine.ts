/**
 * The exact top-k search interface: the one hot loop of avgcon.
 *
 * For each of Q queries q, return the k items with the highest score
 * s(q, x_i) = <q, x_i> + bias[i], best first. Ties (exactly equal scores) go to
 * the lower item index, and the output order breaks ties the same way, so the
 * first k' entries of a top-k list are the top-k' list for any k' <= k.
 * Cosine and Euclidean similarity reduce to this (see estimate/metric.ts).
 */
/** Optional inputs of {@link Engine.topk}. */
export interface TopKOptions {
  /** Per-item additive score term (length N), e.g. -|x|^2 for Euclidean. */
  bias?: Float32Array
  /** Worker threads; default: all cores. Results never depend on it. */
  threads?: number
}

/**
 * An exact top-k engine. Every engine returns the same lists for the same inputs:
 * the TypeScript and native engines compute each score as the same float32 FMA chain
 * (see float32.ts), so even rounding and ties agree. Get one from loadEngine().
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
  ): void
}
