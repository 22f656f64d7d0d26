import { InputError, warn } from '../errors.js'
import { validateEmbeddings, type Embeddings } from '../io/embeddings.js'
import { rowNorms } from '../numeric.js'

export { rowNorms }

/** Similarity between an average and an item. */
export type Metric = 'dot' | 'cosine' | 'euclidean'
export const METRICS: readonly Metric[] = ['dot', 'cosine', 'euclidean']

/**
 * What the top-k engine scores against, for one metric (theory.md §1): every
 * metric becomes an inner product plus an optional per-item bias.
 * - dot: <q, x>.
 * - cosine: <q, x/|x|>; the ranking ignores |q|, so only items are normalised.
 * - euclidean: argmax -|q-x|² = argmax <q, x> - |x|²/2 (|q|² is constant per query).
 * The averages themselves are always taken over the raw rows: row i of the raw
 * matrix is `rowScale[i] * items[i]` when rowScale is set (cosine), else items[i].
 */
export interface SearchSpace {
  metric: Metric
  n: number
  d: number
  items: Float32Array
  bias?: Float32Array
  rowScale?: Float32Array
}

/** Checks a metric name from the user. */
export function parseMetric(text: string): Metric {
  if ((METRICS as readonly string[]).includes(text)) return text as Metric
  throw new InputError(`unknown similarity "${text}"; use one of ${METRICS.join(', ')}.`, {
    module: 'estimate',
    field: 'metric',
  })
}

/**
 * Builds the search space for `metric`. With `inPlace` the cosine case normalises
 * `e.data` itself (saves a copy of the matrix for large catalogues); otherwise
 * `e` is left untouched.
 */
export function searchSpace(e: Embeddings, metric: Metric, inPlace = false): SearchSpace {
  // The engine forms cosine and Euclidean scores itself, in float64 from the raw rows
  // (search/exact.ts): normalising or a float32 -|x|^2/2 bias here would lose the
  // ranking on offset data (issue 9). `inPlace` is kept for callers; nothing is copied.
  void inPlace
  validateEmbeddings(e) // a caller's matrix gets the loaders' checks (a file is checked when loaded)
  const { n, d } = e
  if (metric === 'cosine') {
    const norms = rowNorms(e)
    let zero = 0
    for (let i = 0; i < n; i++) if (norms[i] === 0) zero++
    if (zero > 0)
      warn(`${zero} item(s) have a zero vector; under cosine similarity they score 0 against every average.`)
  }
  return { metric, n, d, items: e.data }
}

/**
 * Writes the average of the raw rows `set` into `out` (length d), accumulating
 * in `acc` (Float64Array of length d) so the mean is exact to float32 rounding.
 * Optional `weights` give a weighted average (they need not sum to 1).
 */
export function averageInto(
  space: SearchSpace,
  set: ArrayLike<number>,
  out: Float32Array,
  acc: Float64Array,
  weights?: ArrayLike<number>,
): void {
  averageAt(space, set, 0, set.length, out, 0, acc, weights)
}

/**
 * Whether a query may be the set's sum rather than its mean. Dot and cosine rankings are
 * unchanged by scaling the query, and the sum of float32 rows is exact in float64 (then
 * rounded once), where the mean is not: a mean like 3/5 rounds to float32 and breaks,
 * always the same way, scores that tie exactly in real arithmetic (Rademacher-like
 * lattice data). Euclidean scores and an additive bias depend on the query's scale.
 */
export function ranksBySum(metric: Metric, bias?: ArrayLike<number>): boolean {
  return metric !== 'euclidean' && bias === undefined
}

/**
 * {@link averageInto} on slices: the set is `set[from .. from+count)` and the average
 * goes to `out[outOffset .. outOffset+d)`. Offsets instead of subarray views: the
 * estimator averages tens of thousands of sets, and each view is an allocation.
 */
export function averageAt(
  space: SearchSpace,
  set: ArrayLike<number>,
  from: number,
  count: number,
  out: Float32Array,
  outOffset: number,
  acc: Float64Array,
  weights?: ArrayLike<number>,
): void {
  const { d, items, rowScale } = space
  acc.fill(0)
  let total = 0
  for (let m = 0; m < count; m++) {
    const i = set[from + m]!
    const wm = weights ? weights[m]! : 1
    total += wm
    const w = wm * (rowScale ? rowScale[i]! : 1)
    const base = i * d
    if (w === 1) for (let j = 0; j < d; j++) acc[j]! += items[base + j]!
    else for (let j = 0; j < d; j++) acc[j]! += w * items[base + j]!
  }
  // The sum where the ranking allows it (see ranksBySum), else the mean.
  const inv = ranksBySum(space.metric, space.bias) ? 1 : total === 0 ? 0 : 1 / total
  for (let j = 0; j < d; j++) out[outOffset + j] = acc[j]! * inv
}
