/**
 * Plain-text tables of `avgcon align`: before/after of a transform pipeline, and
 * the consistency-versus-recall sweep of the ALS norm penalty.
 */
import type { ConsistencyPoint } from '../estimate/consistency.js'
import { formatTable, pointDigits } from '../format.js'
import type { AlignReport, AlignSide } from './align.js'
import type { Diagnosis } from './diagnose.js'
import type { Verdict } from './verdict.js'

/** What the tables read of a diagnosis: everything but the verdict's remedies (so worded verdicts do too). */
type Shown = Omit<Diagnosis, 'verdict'> & { verdict: Pick<Verdict, 'cause' | 'summary'> }
import type { SweepPoint } from './sweep.js'

const f3 = (x: number | undefined): string => (x === undefined ? '-' : Number.isFinite(x) ? x.toFixed(3) : String(x))

function ci(p: ConsistencyPoint, digits: number): string {
  return `${p.mean.toFixed(digits)} [${p.ciLow.toFixed(digits)}, ${p.ciHigh.toFixed(digits)}]`
}

/** Rows (label, before, after) of the measures a transform may change. */
function measureRows(b: AlignSide<Shown>, a: AlignSide<Shown>): string[][] {
  const k = b.diagnosis.k
  const row = (label: string, get: (s: AlignSide<Shown>) => number | undefined): string[] => [
    label,
    f3(get(b)),
    f3(get(a)),
  ]
  const rows = [
    row('norm CV', (s) => s.diagnosis.norms.distribution.cv),
    row(`Spearman(norm, N_${k})`, (s) => s.diagnosis.norms.occurrenceCorrelation),
    row('top-10 % norm share of slots', (s) => s.diagnosis.norms.topDecileShare),
    row(`N_${k} skewness`, (s) => s.diagnosis.hubness.averages.skewness),
    row('top 1 % share of slots', (s) => s.diagnosis.hubness.averages.top1PercentShare),
    row('mean cosine', (s) => s.diagnosis.anisotropy.meanCosine),
    row('effective dim / d', (s) => s.diagnosis.anisotropy.effectiveRatio),
    row('|mean| / std', (s) => s.diagnosis.moments.gaps.meanOffset),
    row('CV of dim stds', (s) => s.diagnosis.moments.gaps.stdSpread),
    row('excess kurtosis', (s) => s.diagnosis.moments.gaps.excessKurtosis),
    row(`theory Consistency_${k}`, (s) => s.diagnosis.theory.perDimension),
  ]
  if (b.quality && a.quality) {
    rows.push(row(`recall@${b.quality.k} (user averages)`, (s) => s.quality?.recall))
    rows.push(row(`nDCG@${b.quality.k} (user averages)`, (s) => s.quality?.ndcg))
  }
  rows.push(['verdict', b.diagnosis.verdict.cause, a.diagnosis.verdict.cause])
  return rows
}

/** The before/after report of a transform pipeline. */
export function alignText(r: Omit<AlignReport<Shown>, 'embeddings'>): string {
  const digits = pointDigits([...r.before.consistency, ...r.after.consistency])
  const curve = r.before.consistency.map((p, i) => [
    `Consistency_${p.k}`,
    ci(p, digits),
    ci(r.after.consistency[i]!, digits),
  ])
  const steps = r.steps.map((s) => (s.note ? `${s.step} (${s.note})` : s.step)).join(' -> ')
  const cols = [
    { header: '', align: 'left' as const },
    { header: 'before', align: 'left' as const },
    { header: 'after', align: 'left' as const },
  ]
  const quality = r.before.quality
    ? `\nrecall/nDCG: each user's average of their train items ranks all items (train items excluded) against ${r.before.quality.users} users' held-out items; random recall@${r.before.quality.k} ${f3(r.before.quality.randomRecall)}.\n`
    : ''
  return `Transform: ${steps}\n\n${formatTable(cols, [...curve, ...measureRows(r.before, r.after)])}${quality}\nAfter: ${r.after.diagnosis.verdict.summary}\n`
}

/** The consistency-versus-recall table of a norm-penalty sweep. */
export function sweepText(points: SweepPoint[]): string {
  const k = points[0]?.consistency.k ?? 10
  const digits = pointDigits(points.map((p) => p.consistency))
  const rows = points.map((p) => [
    String(p.strength),
    ci(p.consistency, digits),
    f3(p.averages.recall),
    f3(p.averages.ndcg),
    f3(p.factors.recall),
    f3(p.normCv),
    f3(p.hubSkewness),
    f3(p.hubShare),
    p.cause,
    p.trainSeconds.toFixed(1),
  ])
  const cols = [
    'normPenalty',
    `Consistency_${k} [95% CI]`,
    'recall@10 avg',
    'nDCG@10 avg',
    'recall@10 factors',
    'norm CV',
    `N_${k} skew`,
    'top 1 % share',
    'verdict',
    'train s',
  ]
  return formatTable(
    cols.map((header, i) => ({ header, align: i === 1 || i === 8 ? ('left' as const) : ('right' as const) })),
    rows,
  )
}
