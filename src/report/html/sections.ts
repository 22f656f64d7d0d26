/**
 * The text of the report: the plain-language summary, the tables and the
 * settings/provenance list. Pure functions of the results JSON.
 */
import type { ConsistencyPoint } from '../../estimate/consistency.js'
import type { TheoryPoint } from '../../theory/index.js'
import { decimalsFor } from '../table.js'
import { escapeHtml } from './document.js'
import { htmlTable, int, num, type HtmlCell } from './table-html.js'
import type { BucketJson, ReportJson } from './types.js'

/** The k the summary talks about: 10 when measured, else the measured k nearest 10. */
export function summaryK(points: readonly { k: number }[]): number {
  let best = points[0]!.k
  for (const p of points)
    if (Math.abs(p.k - 10) < Math.abs(best - 10) || (Math.abs(p.k - 10) === Math.abs(best - 10) && p.k > best))
      best = p.k
  return best
}

/** "3" or "3.4": items out of k, with one decimal unless it rounds to a whole number. */
function items(x: number): string {
  const r = Math.round(x * 10) / 10
  return Number.isInteger(r) ? String(r) : r.toFixed(1)
}

function at<P extends { k: number }>(points: readonly P[], k: number): P | undefined {
  return points.find((p) => p.k === k)
}

/** Sentences of the summary, as HTML paragraphs. */
export function summaryHtml(r: ReportJson): string {
  const est = r.estimate.results
  const k = summaryK(est)
  const m = at(est, k)!
  const normal = at(r.theory.normal.results, k)!
  const pooled = at(r.theory.pooled.results, k)!
  const perDim = at(r.theory.perDimension.results, k)!
  const dp = Math.max(2, decimalsFor((m.ciHigh - m.ciLow) / 2))
  const lines = [
    `At <b>k=${k}</b> an average recovers <b>${items(m.mean * k)} of its ${k} items</b> (Consistency_${k} = ${m.mean.toFixed(dp)}, 95% CI [${m.ciLow.toFixed(dp)}, ${m.ciHigh.toFixed(dp)}], ${m.n.toLocaleString('en-US')} random sets); ` +
      `i.i.d. normal theory predicts <b>${items(normal.consistency * k)}</b>, theory with this file's moments ${items(pooled.consistency * k)} (pooled) or ${items(perDim.consistency * k)} (per dimension).`,
  ]
  const first = est[0]!,
    last = est[est.length - 1]!
  if (first.k !== last.k)
    lines.push(
      `Measured consistency goes from ${first.mean.toFixed(dp)} at k=${first.k} to ${last.mean.toFixed(dp)} at k=${last.k}.`,
    )
  lines.push(
    `Against a set's average, one of its own items outscores an outsider with probability ${perDim.pInOut.toFixed(3)} at k=${k} (Proposition 2, per-dimension moments); the lower it is, the more outsiders crowd into the top ${k}.`,
  )
  lines.push(verdict(m, normal.consistency, perDim.consistency))
  if (r.settings.metric !== 'dot' && !r.settings.normalize) {
    lines.push(
      `Note: Proposition 2 is for dot similarity; the measurement uses ${String(r.settings.metric)} similarity while the theory uses the moments of the rows as given (add --normalize to feed it unit-length rows).`,
    )
  }
  const sets = r.sets?.results as BucketJson[] | undefined
  const all = sets?.find((b) => b.label === 'all')
  if (all) {
    lines.push(
      `Real sets: the |U| items nearest a real set's average hold ${all.precision.mean.toFixed(3)} of the set on average, against ${all.random.mean.toFixed(3)} for random sets of the same sizes (difference ${signed(all.difference.mean)}, 95% CI [${signed(all.difference.ciLow)}, ${signed(all.difference.ciHigh)}]).`,
    )
  }
  return lines.map((l) => `<p>${l}</p>`).join('\n')
}

function signed(x: number): string {
  return (x >= 0 ? '+' : '') + x.toFixed(3)
}

/** One sentence comparing the measurement with the theories. */
function verdict(m: ConsistencyPoint, normal: number, perDim: number): string {
  const inside = (x: number) => x >= m.ciLow && x <= m.ciHigh
  if (inside(perDim))
    return 'The measurement agrees with the moment-matched theory: these embeddings behave like independent coordinates with their own moments.'
  if (m.ciHigh < Math.min(normal, perDim))
    return 'The measurement is below every theoretical curve: the items are less independent than the theory assumes (clusters, hubs or a few dominant directions).'
  if (m.ciLow > Math.max(normal, perDim))
    return 'The measurement is above the theoretical curves: averages point at their items more reliably than independent coordinates would.'
  return 'The measurement lies between the theoretical curves.'
}

/** The per-k table: measured curve beside the three theories and P(in>out). */
export function consistencyTableHtml(r: ReportJson): string {
  const est = r.estimate.results
  const dp = Math.max(3, ...est.map((p) => decimalsFor((p.ciHigh - p.ciLow) / 2)))
  const theory = (points: TheoryPoint[], k: number) => at(points, k)
  const rows: HtmlCell[][] = est.map((p) => {
    const n = theory(r.theory.normal.results, p.k),
      po = theory(r.theory.pooled.results, p.k),
      pd = theory(r.theory.perDimension.results, p.k)
    return [
      int(p.k),
      num(p.mean, dp),
      num(p.ciLow, dp),
      num(p.ciHigh, dp),
      int(p.n),
      num(n?.consistency, 4),
      num(po?.consistency, 4),
      num(pd?.consistency, 4),
      num(n?.pInOut, 4),
      num(po?.pInOut, 4),
      num(pd?.pInOut, 4),
    ]
  })
  return htmlTable(
    'table-consistency',
    [
      { header: 'k' },
      { header: 'measured' },
      { header: 'CI low' },
      { header: 'CI high' },
      { header: 'sets' },
      { header: 'normal theory', help: 'i.i.d. N(0,1) coordinates, same N and d' },
      { header: 'pooled theory', help: "i.i.d. coordinates with this file's pooled moments" },
      { header: 'per-dim theory', help: "independent coordinates, each with its dimension's moments" },
      { header: 'P(in>out) normal' },
      { header: 'P(in>out) pooled' },
      { header: 'P(in>out) per-dim' },
    ],
    rows,
  )
}

/** The real-set summary by size bucket. */
export function bucketTableHtml(buckets: BucketJson[], atN: number): string {
  const rows: HtmlCell[][] = buckets.map((b) => [
    b.label,
    int(b.sets),
    num(b.meanSize, 1),
    num(b.precision.mean, 3),
    num(b.precision.ciLow, 3),
    num(b.precision.ciHigh, 3),
    num(b.random.mean, 3),
    num(b.random.ciLow, 3),
    num(b.random.ciHigh, 3),
    num(b.difference.mean, 3),
    num(b.precisionAt.mean, 3),
    num(b.randomAt.mean, 3),
  ])
  return htmlTable(
    'table-sets-by-size',
    [
      { header: '|U|', text: true },
      { header: 'sets' },
      { header: 'mean |U|' },
      { header: 'precision' },
      { header: 'CI low' },
      { header: 'CI high' },
      { header: 'random' },
      { header: 'CI low' },
      { header: 'CI high' },
      { header: 'real−random' },
      { header: `P@${atN}` },
      { header: `random P@${atN}` },
    ],
    rows,
  )
}

/** Settings and provenance as a definition list. */
export function settingsHtml(r: ReportJson): string {
  const entries: [string, string][] = [
    ['avgcon version', r.avgcon],
    ['command line', r.provenance.commandLine],
    ['date', r.provenance.date],
    ['input', r.input?.file ?? r.input?.synthetic ?? '–'],
    ['format', r.input?.format ?? '–'],
    ['sha256', r.input?.sha256 ?? '– (generated input)'],
    ['N × d', `${(r.input?.n ?? 0).toLocaleString('en-US')} × ${r.input?.d}`],
    ...Object.entries(r.estimate.settings).map(([key, v]): [string, string] => [
      key,
      Array.isArray(v) ? compactList(v as number[]) : String(v),
    ]),
    ['engine', r.engine ?? '–'],
    ['node', r.provenance.node],
    ['time', `estimate ${r.estimate.seconds} s, whole report ${r.seconds} s`],
  ]
  return `<dl class="settings">\n${entries.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd data-key="${escapeHtml(k)}">${escapeHtml(v)}</dd>`).join('\n')}\n</dl>`
}

/** "2..50" for a run of consecutive integers, else the list. */
function compactList(ks: number[]): string {
  const consecutive = ks.length > 2 && ks.every((k, i) => i === 0 || k === ks[i - 1]! + 1)
  return consecutive ? `${ks[0]}..${ks[ks.length - 1]}` : ks.join(',')
}
