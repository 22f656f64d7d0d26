/**
 * Plain-text rendering of a {@link Diagnosis}: one short section per concern,
 * then the verdict. Numbers carry 3 significant decimals; the JSON keeps them all.
 */
import { formatTable } from '../format.js'
import type { Diagnosis } from './diagnose.js'
import type { HubStats } from './hubness.js'
import { QUANTILE_LEVELS, type Distribution } from './stats.js'

const f3 = (x: number): string =>
  Number.isFinite(x)
    ? Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3)
      ? x.toExponential(2)
      : x.toFixed(3)
    : String(x)
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`

/** A diagnosis whose verdict has been worded (report/verdict-wording.ts): what the text shows. */
export type DiagnosisWithSuggestion = Omit<Diagnosis, 'verdict'> & { verdict: { summary: string; suggestion: string } }

/** The readable report `avgcon diagnose` prints. */
export function diagnosisText(dg: DiagnosisWithSuggestion): string {
  const c = dg.consistency
  const out = [
    `N=${dg.n.toLocaleString('en-US')}, d=${dg.d}, k=${dg.k}, ${dg.metric} similarity, ${c.n} random averages`,
    `Consistency_${dg.k} = ${f3(c.mean)} [${f3(c.ciLow)}, ${f3(c.ciHigh)}]; Proposition 2 with the measured per-dimension moments: ${f3(dg.theory.perDimension)} (pooled as the paper: ${f3(dg.theory.pooled)})`,
    '',
    'Norms',
    distributionLine(dg.norms.distribution),
    `  Spearman(norm, N_${dg.k} over random averages) = ${f3(dg.norms.occurrenceCorrelation)}; the 10 % largest-norm items take ${pct(dg.norms.topDecileShare)} of top-${dg.k} slots`,
    '',
    'Hubness',
    hubLines('random averages', dg.hubness.averages),
    ...(dg.hubness.items ? [hubLines('items themselves', dg.hubness.items)] : []),
    '',
    'Moments',
    momentLines(dg),
    '',
    'Anisotropy',
    `  mean cosine between items ${f3(dg.anisotropy.meanCosine)}; effective dimension ${dg.anisotropy.effectiveDimension.toFixed(1)} of ${dg.d} (${pct(dg.anisotropy.effectiveRatio)}); first direction holds ${pct(dg.anisotropy.topShare)} of the variance`,
    `  top eigenvalues: ${dg.anisotropy.eigenvalues.slice(0, 5).map(f3).join(', ')}`,
    '',
    'Verdict',
    `  ${dg.verdict.summary}`,
    `  Try: ${dg.verdict.suggestion}`,
  ]
  return out.join('\n') + '\n'
}

function distributionLine(d: Distribution): string {
  const qs = QUANTILE_LEVELS.map((q) => `p${Math.round(q * 100)} ${f3(d.quantiles[String(q)]!)}`).join(', ')
  return `  min ${f3(d.min)}, ${qs}, max ${f3(d.max)}; mean ${f3(d.mean)}, CV ${f3(d.cv)}`
}

function hubLines(label: string, h: HubStats): string {
  const hubs = h.top
    .slice(0, 5)
    .map((x) => `${x.id ?? `#${x.index}`} (${x.count})`)
    .join(', ')
  return [
    `  N_${h.k} over ${h.queries} ${label}: skewness ${f3(h.skewness)}, top 1 % of items take ${pct(h.top1PercentShare)} of slots, ${pct(h.neverListed)} never listed, max ${h.maxCount} vs mean ${f3(h.meanCount)}`,
    `  Robin Hood ${f3(h.measures.robinHood)}, Gini ${f3(h.measures.gini)}, antihubs ${pct(h.measures.antihubRate)}, hubs (N_k > 2 mean) ${pct(h.measures.hubRate)} holding ${pct(h.measures.hubOccurrence)} of slots`,
    ...(h.skewnessAt && Object.keys(h.skewnessAt).length > 0
      ? [
          `  N_k' skewness by list length: ${Object.entries(h.skewnessAt)
            .map(([k, v]) => `k'=${k} ${f3(v)}`)
            .join(', ')}`,
        ]
      : []),
    `  top hubs: ${hubs}`,
  ].join('\n')
}

function momentLines(dg: DiagnosisWithSuggestion): string {
  const m = dg.moments
  const rows = (['mean', 'std', 'skewness', 'kurtosis'] as const).map((name) => {
    const d = m.perDimension[name]
    return [name, f3(d.min), f3(d.quantiles['0.5']!), f3(d.max), f3(m.pooled[name])]
  })
  const table = formatTable(
    [
      { header: 'per dimension', align: 'left' },
      { header: 'min' },
      { header: 'median' },
      { header: 'max' },
      { header: 'pooled' },
    ],
    rows,
  )
  const g = m.gaps
  const worst = m.worst.kurtosis
    .slice(0, 3)
    .map((w) => `dim ${w.dim} (kurtosis ${f3(w.kurtosis)}, skewness ${f3(w.skewness)})`)
    .join(', ')
  return [
    table
      .trimEnd()
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
    `  gaps to i.i.d.: |mean|/std ${f3(g.meanOffset)}, spread of means ${f3(g.meanSpread)}, CV of stds ${f3(g.stdSpread)}, mean |skewness| ${f3(g.absSkewness)}, excess kurtosis ${f3(g.excessKurtosis)} (directions only: ${f3(g.directionExcessKurtosis)})`,
    `  worst dimensions: ${worst}`,
  ].join('\n')
}
