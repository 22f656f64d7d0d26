/**
 * The verdict: which departure from the theoretical setting best explains a low
 * Consistency_k. Each candidate cause gets a severity, its measure divided by a
 * threshold (>= 1: flagged); the flagged cause with the largest severity wins.
 * Thresholds are rules of thumb, chosen so that i.i.d. normal data of moderate d
 * flags nothing (norm CV there is about 1/sqrt(2d)).
 */

/** A candidate cause. */
export type Cause = 'norms' | 'hubs' | 'anisotropy' | 'heavy-tails'

/** Thresholds of {@link judge}: a measure at its threshold has severity 1. */
export const THRESHOLDS = {
  /** Coefficient of variation of the item norms. */
  normCv: 0.25,
  /** Share of top-k slots taken by the 10 % of items with the largest norms (norms irrelevant: 0.1). */
  normShare: 0.3,
  /** Skewness of N_k over random averages. */
  hubSkewness: 3,
  /** Share of top-k slots taken by the top 1 % of items (even use: 0.01). */
  hubShare: 0.1,
  /** Mean cosine between item pairs. */
  meanCosine: 0.1,
  /** Effective dimension / d below this counts as anisotropic (severity = threshold / ratio). */
  effectiveRatio: 0.3,
  /** Pooled excess kurtosis of the row-normalised coordinates (tails not due to norm spread). */
  excessKurtosis: 3,
  /**
   * Relative shortfall below the theory that still counts as "close to the theoretical
   * setting": close when (theory - consistency) <= max(theoryGap * theory, 2 * CI half-width),
   * i.e. at most 30 % below the theory, or within two CI half-widths of it. Relative, not
   * absolute: where the theory itself is 0.03 (large N, small k) an absolute 0.05 called a
   * consistency six times smaller "close". Not tighter than 30 %: Proposition 2 is a large-N,
   * large-d approximation and on i.i.d. normal data at N = 2000, d = 16 it is 25 % above the
   * measured value (0.099 against 0.074 [0.066, 0.083]), which must not count as a departure.
   */
  theoryGap: 0.3,
} as const

/** How the verdict decides "close to theory", for `diagnose --help` (from THRESHOLDS). */
export const VERDICT_RULE_HELP = `Verdict: close to the theoretical setting (cause none) when
  theory - Consistency_k <= max(${THRESHOLDS.theoryGap} * theory, 2 * CI half-width),
i.e. at most ${100 * THRESHOLDS.theoryGap} % below Proposition 2 with the measured moments, or within two CI
half-widths of it. Otherwise the flagged cause with the largest severity (measure / threshold)
is named, or "unexplained" when none passes its threshold.`

/** The measures the verdict reads. */
export interface VerdictInputs {
  k: number
  consistency: number
  ciHalfWidth: number
  theory: number
  normCv: number
  normOccurrence: number
  normShare: number
  hubSkewness: number
  hubShare: number
  meanCosine: number
  effectiveRatio: number
  excessKurtosis: number
}

/** The verdict with the numbers behind it. */
export interface Verdict {
  /** The dominant cause; 'none' when consistency is close to theory, 'unexplained' when far but nothing is flagged. */
  cause: Cause | 'none' | 'unexplained'
  /** One or two sentences naming the cause and its numbers. */
  summary: string
  /**
   * Transform pipelines worth trying, best first, in the syntax of `parseTransforms`
   * ("center,whiten", "clip-norms=0.5"); empty when nothing is needed. The CLI words
   * them as command lines.
   */
  remedies: readonly string[]
  /** Severity of every candidate (>= 1: flagged). */
  severity: Record<Cause, number>
}

const REMEDIES: Record<Verdict['cause'], readonly string[]> = {
  norms: ['normalize', 'clip-norms=0.5'],
  hubs: ['center,whiten', 'normalize'],
  anisotropy: ['center,whiten', 'center'],
  'heavy-tails': ['standardize', 'whiten'],
  none: [],
  unexplained: ['center,whiten,normalize'],
}

/** Scores every candidate cause and names the dominant one (see the module comment). */
export function judge(x: VerdictInputs): Verdict {
  const t = THRESHOLDS
  const normSev = Math.min(x.normCv / t.normCv, x.normShare / t.normShare)
  const severity: Record<Cause, number> = {
    norms: normSev,
    hubs: Math.max(x.hubSkewness / t.hubSkewness, x.hubShare / t.hubShare),
    anisotropy: Math.max(
      x.meanCosine / t.meanCosine,
      x.effectiveRatio > 0 ? t.effectiveRatio / x.effectiveRatio : Infinity,
    ),
    'heavy-tails': x.excessKurtosis / t.excessKurtosis,
  }
  const gap = x.theory - x.consistency
  const close = gap <= Math.max(t.theoryGap * Math.max(x.theory, 0), 2 * x.ciHalfWidth)
  const flagged = (Object.keys(severity) as Cause[])
    .filter((c) => severity[c] >= 1)
    .sort((a, b) => severity[b] - severity[a])
  const head = `Consistency_${x.k} = ${x.consistency.toFixed(3)} against ${x.theory.toFixed(3)} for i.i.d. coordinates with the same moments`
  // Close to theory: nothing to explain. Hubs caused by norms are the norms' doing.
  let cause: Verdict['cause'] = close ? 'none' : (flagged[0] ?? 'unexplained')
  if (cause === 'hubs' && severity.norms >= 1) cause = 'norms'
  return { cause, summary: `${head}. ${explain(cause, x)}`, remedies: REMEDIES[cause], severity }
}

function explain(cause: Verdict['cause'], x: VerdictInputs): string {
  const p = (v: number): string => `${(100 * v).toFixed(1)} %`
  switch (cause) {
    case 'norms':
      return `Dominant cause: item norms. Norms vary widely (CV ${x.normCv.toFixed(2)}) and high-norm items are hubs of averages' neighbourhoods (the 10 % largest-norm items take ${p(x.normShare)} of all top-${x.k} slots, Spearman ${x.normOccurrence.toFixed(2)} between norm and N_${x.k}; the top 1 % of items take ${p(x.hubShare)} of all top-${x.k} slots, N_${x.k} skewness ${x.hubSkewness.toFixed(1)}).`
    case 'hubs':
      return `Dominant cause: hubs not explained by norms. The top 1 % of items take ${p(x.hubShare)} of all top-${x.k} slots (N_${x.k} skewness ${x.hubSkewness.toFixed(1)}, norm correlation only ${x.normOccurrence.toFixed(2)}).`
    case 'anisotropy':
      return `Dominant cause: anisotropy. Items crowd into a few directions: mean cosine ${x.meanCosine.toFixed(3)}, effective dimension ${p(x.effectiveRatio)} of d.`
    case 'heavy-tails':
      return `Dominant cause: heavy-tailed coordinates, even after removing norms (excess kurtosis of the directions ${x.excessKurtosis.toFixed(1)}).`
    case 'none':
      return 'No dominant cause: the embeddings are close to the theoretical setting.'
    case 'unexplained':
      return 'No single measured cause passes its threshold; the gap may come from dependence between coordinates or from structure the model learned.'
  }
}
