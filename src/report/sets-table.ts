/**
 * Text renderings of `avgcon sets`: the summary by set size (real against random sets of
 * the same sizes), the worst and best sets, and per-set CSV.
 */
import type { BucketSummary, SetScore } from '../estimate/sets.js'
import type { Summary } from '../estimate/interval.js'
import { decimalsFor, formatCsv, formatTable } from './table.js'

/** One set as the report shows it: its scores, its baseline's, and readable item labels. */
export interface SetRow {
  id: string
  size: number
  precision: number
  precisionAt: number
  random: number
  randomAt: number
  /** A few of the set's items (names when known, else ids). */
  items: string[]
  /** The items nearest the set's average, best first (names when known, else ids). */
  nearest: string[]
}

/** Joins a set's scores and its baseline's into report rows; `label` turns a row index into a name. */
export function setRows(
  real: readonly SetScore[],
  random: readonly SetScore[],
  members: (i: number) => Int32Array,
  label: (row: number) => string,
  show = 3,
): SetRow[] {
  return real.map((s, i) => ({
    id: s.id,
    size: s.size,
    precision: s.precision,
    precisionAt: s.precisionAt,
    random: random[i]!.precision,
    randomAt: random[i]!.precisionAt,
    items: Array.from(members(i).subarray(0, show), label),
    nearest: Array.from(s.nearest.subarray(0, show), label),
  }))
}

/** Digits for a column of means: enough for the tightest interval in it, at least 3. */
function digitsFor(summaries: Summary[]): number {
  return Math.max(3, ...summaries.map((s) => decimalsFor((s.ciHigh - s.ciLow) / 2)))
}

/** The per-bucket table: sets, mean size, real and random precision with CIs, their difference, and P@n. */
export function bucketTable(buckets: readonly BucketSummary[], at: number): string {
  const dp = digitsFor(buckets.map((b) => b.precision))
  const dr = digitsFor(buckets.map((b) => b.random))
  const ci = (s: { ciLow: number; ciHigh: number }, d: number): string =>
    `[${s.ciLow.toFixed(d)}, ${s.ciHigh.toFixed(d)}]`
  const sign = (x: number, d: number): string => (x >= 0 ? '+' : '') + x.toFixed(d)
  const rows = buckets.map((b) => [
    b.label,
    String(b.sets),
    b.meanSize.toFixed(1),
    b.precision.mean.toFixed(dp),
    ci(b.precision, dp),
    b.random.mean.toFixed(dr),
    ci(b.random, dr),
    sign(b.difference.mean, dp),
    `[${sign(b.difference.ciLow, dp)}, ${sign(b.difference.ciHigh, dp)}]`,
    b.precisionAt.mean.toFixed(3),
    b.randomAt.mean.toFixed(3),
  ])
  return formatTable(
    [
      { header: '|U|', align: 'left' },
      { header: 'sets' },
      { header: 'mean |U|' },
      { header: 'precision' },
      { header: '95% CI', align: 'left' },
      { header: 'random' },
      { header: '95% CI', align: 'left' },
      { header: 'real-random' },
      { header: '95% CI', align: 'left' },
      { header: `P@${at}` },
      { header: `random P@${at}` },
    ],
    rows,
  )
}

/**
 * The `count` worst and best sets by Precision_|U| (ties: larger sets first, then input
 * order), each with its baseline, a few of its items and what its average points at.
 */
export function extremesText(rows: readonly SetRow[], at: number, count = 5): string {
  const order = rows.map((_, i) => i)
  const worst = [...order].sort(
    (a, b) => rows[a]!.precision - rows[b]!.precision || rows[b]!.size - rows[a]!.size || a - b,
  )
  const best = [...order].sort(
    (a, b) => rows[b]!.precision - rows[a]!.precision || rows[b]!.size - rows[a]!.size || a - b,
  )
  const line = (i: number): string[] => {
    const r = rows[i]!
    return [
      `  ${r.id}: |U|=${r.size}, precision ${r.precision.toFixed(3)} (random ${r.random.toFixed(3)}), P@${at} ${r.precisionAt.toFixed(2)}`,
      `      items: ${r.items.join('; ')}${r.size > r.items.length ? '; ...' : ''}`,
      `      its average points at: ${r.nearest.join('; ')}`,
    ]
  }
  // Few sets: one list, so no set shows up as both worst and best.
  const text =
    rows.length <= 2 * count
      ? ['Sets from lowest to highest precision:', ...worst.flatMap(line)]
      : [
          `Worst ${count} sets (lowest precision):`,
          ...worst.slice(0, count).flatMap(line),
          `Best ${count} sets (highest precision):`,
          ...best.slice(0, count).flatMap(line),
        ]
  return text.join('\n') + '\n'
}

/** Two sentences on what the "all" row means. */
export function setsMeaning(all: BucketSummary): string {
  const f = (x: number): string => x.toFixed(3)
  const ratio =
    all.random.mean > 0 ? ` (${(all.precision.mean / all.random.mean).toFixed(1)} times the random level)` : ''
  const verdict = all.difference.ciLow > 0 ? 'more' : all.difference.ciHigh < 0 ? 'less' : 'neither more nor less'
  return (
    [
      `On average, the |U| items nearest a real set's average include ${f(all.precision.mean)} of the set, against ${f(all.random.mean)} for random sets of the same sizes${ratio}.`,
      `Real sets are ${verdict} consistent than random ones here (difference ${all.difference.mean >= 0 ? '+' : ''}${f(all.difference.mean)}, 95% CI [${f(all.difference.ciLow)}, ${f(all.difference.ciHigh)}]).`,
    ].join('\n') + '\n'
  )
}

/** Per-set CSV with full precision: id, size, both precisions and the baseline's. */
export function setsCsv(rows: readonly SetRow[], at: number): string {
  return formatCsv(
    ['id', 'size', 'precision', `precisionAt${at}`, 'randomPrecision', `randomPrecisionAt${at}`],
    rows.map((r) => [r.id, r.size, r.precision, r.precisionAt, r.random, r.randomAt]),
  )
}
