/**
 * `diagnose`: why is Consistency_k of these embeddings what it is? One call
 * measures norms, hubness, coordinate moments and anisotropy, compares the
 * measured Consistency_k with Proposition 2 for the same per-dimension moments,
 * and names the dominant cause.
 */
import type { Embeddings } from '../io/embeddings.js'
import { halfWidth, type Summary } from '../estimate/interval.js'
import { searchSpace, type Metric } from '../estimate/metric.js'
import { rowNorms } from '../numeric.js'
import type { Engine } from '../search/engine.js'
import { referenceCurves } from '../theory/reference-curves.js'
import { anisotropy, type Anisotropy } from './anisotropy.js'
import { averageOccurrence, hubStats, itemOccurrence, type HubStats } from './hubness.js'
import { momentDiagnostics, type MomentDiagnostics } from './moments.js'
import { describe, histogram, spearman, type Bin, type Distribution } from './stats.js'
import { judge, type Verdict } from './verdict.js'

/** Options of {@link diagnose}. */
export interface DiagnoseOptions {
  engine: Engine
  /** Set size and neighbourhood size k (default 10). */
  k?: number
  /** Similarity (default 'dot', the paper's). */
  metric?: Metric
  /** Random averages ranked for N_k and Consistency_k (default 2000). */
  samples?: number
  /**
   * Also count N_k over the items' own k-NN lists: true for every item as a query,
   * a number for a seeded sample of that many query items (default false).
   */
  itemHubness?: boolean | number
  /** Seed of the sampler (default 0). */
  seed?: number
  threads?: number
  /** Number of hubs listed (default 10). */
  topHubs?: number
  /**
   * Called once with every item's norm and its N_k over the random averages (same
   * order as the rows), e.g. for `diagnose --plot`'s scatter; not kept in the result.
   */
  onItems?: (norms: Float64Array, occurrences: Int32Array) => void
}

/** Norm diagnostics. */
export interface NormDiagnostics {
  distribution: Distribution
  histogram: Bin[]
  /** Spearman correlation between an item's norm and its N_k over random averages. */
  occurrenceCorrelation: number
  /**
   * Share of all top-k slots of random averages taken by the 10 % of items with the
   * largest norms (0.1 when norms do not matter). Unlike the correlation, it stays
   * informative when most items are never listed (large N, few averages).
   */
  topDecileShare: number
}

/** Everything {@link diagnose} measures. Plain numbers: serialisable as JSON. */
export interface Diagnosis {
  n: number
  d: number
  k: number
  metric: Metric
  /** Consistency_k measured on the random averages used for N_k. */
  consistency: Summary
  /** Proposition 2 at k for the measured per-dimension moments, and for the paper's pooled moments. */
  theory: { perDimension: number; pooled: number }
  norms: NormDiagnostics
  hubness: { averages: HubStats; items?: HubStats }
  moments: Omit<MomentDiagnostics, 'dims'>
  anisotropy: Anisotropy
  verdict: Verdict
}

/**
 * Diagnoses `e` (left unmodified). Cost: `samples` exact top-k searches over N
 * items, one O(N d^2) covariance pass, a few O(N d) passes.
 */
export async function diagnose(e: Embeddings, opts: DiagnoseOptions): Promise<Diagnosis> {
  const k = opts.k ?? 10
  const metric = opts.metric ?? 'dot'
  const space = searchSpace(e, metric)
  const occ = await averageOccurrence(space, {
    engine: opts.engine,
    k,
    queries: opts.samples ?? 2000,
    seed: opts.seed,
    threads: opts.threads,
  })
  const averages = hubStats(occ, e.ids, opts.topHubs ?? 10)
  const items = opts.itemHubness
    ? hubStats(
        await itemOccurrence(space, {
          engine: opts.engine,
          k,
          queries: typeof opts.itemHubness === 'number' ? opts.itemHubness : undefined,
          seed: opts.seed,
          threads: opts.threads,
        }),
        e.ids,
        opts.topHubs ?? 10,
      )
    : undefined
  const normValues = rowNorms(e)
  opts.onItems?.(normValues, occ.counts)
  const norms: NormDiagnostics = {
    distribution: describe(normValues),
    histogram: histogram(normValues),
    occurrenceCorrelation: spearman(normValues, occ.counts),
    topDecileShare: topDecileShare(normValues, occ.counts),
  }
  const { dims, ...moments } = momentDiagnostics(e, 5, normValues)
  // Pooled as moments.pooledPaper: a small mean counts as 0, as in the paper.
  const ref = referenceCurves({ n: e.n, d: e.d, ks: [k], dimMoments: dims, pool: { zeroMeanBelow: 0.05 } })
  const theory = { perDimension: ref.perDimension[0]!.consistency, pooled: ref.pooled[0]!.consistency }
  const aniso = anisotropy(e)
  const verdict = judge({
    k,
    consistency: occ.consistency.mean,
    ciHalfWidth: halfWidth(occ.consistency.std, occ.consistency.n),
    theory: theory.perDimension,
    normCv: norms.distribution.cv,
    normOccurrence: Number.isFinite(norms.occurrenceCorrelation) ? norms.occurrenceCorrelation : 0,
    normShare: norms.topDecileShare,
    hubSkewness: averages.skewness,
    hubShare: averages.top1PercentShare,
    meanCosine: aniso.meanCosine,
    effectiveRatio: aniso.effectiveRatio,
    excessKurtosis: moments.gaps.directionExcessKurtosis,
  })
  return {
    n: e.n,
    d: e.d,
    k,
    metric,
    consistency: occ.consistency,
    theory,
    norms,
    hubness: { averages, ...(items ? { items } : {}) },
    moments,
    anisotropy: aniso,
    verdict,
  }
}

/** Share of the counts held by the ceil(N/10) items of largest norm (ties: lower index). */
function topDecileShare(norms: Float64Array, counts: Int32Array): number {
  const n = norms.length
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  order.sort((a, b) => norms[b]! - norms[a]! || a - b)
  let top = 0,
    total = 0
  for (let i = 0; i < n; i++) total += counts[i]!
  for (let i = 0; i < Math.ceil(n / 10); i++) top += counts[order[i]!]!
  return total > 0 ? top / total : 0
}
