/**
 * `avgcon report`'s HTML: one self-contained file with the summary, interactive
 * charts (the `--plot` specs made interactive), sortable tables, settings and
 * provenance, and the results JSON embedded with a download button.
 */
import { compileCharts, reportCharts, type ChartExtras } from './charts.js'
import { escapeHtml, htmlDocument } from './document.js'
import { REPORT_CHARTS_ID, REPORT_DATA_ID } from './ids.js'
import { bucketTableHtml, consistencyTableHtml, settingsHtml, summaryHtml } from './sections.js'
import type { BucketJson, ReportJson } from './types.js'

/** The sections of a report, in order (their element ids). */
export const REPORT_SECTIONS = ['summary', 'consistency', 'pinout', 'items', 'sets', 'settings', 'data'] as const

/**
 * Builds the report document. Deterministic: the same results JSON gives the same
 * bytes (the date and timings live in the JSON).
 */
export async function reportHtml(r: ReportJson, extras: ChartExtras, script: string): Promise<string> {
  const charts = await compileCharts(reportCharts(r, extras))
  const chartDiv = (id: string) => (charts.some((c) => c.id === id) ? `<div class="chart" id="${id}"></div>` : '')
  const name = r.input?.file ?? r.input?.synthetic ?? 'embeddings'
  const sets = r.sets
  const body = `<header>
<h1>Consistency of average embeddings: ${escapeHtml(name)}</h1>
<p class="subtitle">N=${(r.input?.n ?? 0).toLocaleString('en-US')} items, d=${r.input?.d}, ${escapeHtml(String(r.settings.metric))} similarity · avgcon ${escapeHtml(r.avgcon)} · <span id="report-date">${escapeHtml(r.provenance.date)}</span></p>
</header>
<main>
<section id="summary"><h2>Summary</h2><div class="summary">
${summaryHtml(r)}
</div></section>
<section id="consistency"><h2>Consistency_k</h2>
<p class="note">Consistency_k: the share of a random k-set that the k items nearest its average recover. Measured by exact search over all items, beside Proposition 2 for independent coordinates (i.i.d. normal; this file's pooled moments; each dimension's own moments). Hover for values, scroll to zoom, drag to pan, double-click to reset; the checkboxes hide curves.</p>
${chartDiv('chart-consistency')}
${consistencyTableHtml(r)}
</section>
<section id="pinout"><h2>P(in &gt; out)</h2>
<p class="note">The probability that, against a set's average, one of the set's items scores higher than an item outside it.</p>
${chartDiv('chart-pinout')}
</section>
<section id="items"><h2>Items</h2>
<p class="note">Item norms mean ${r.norms.mean.toFixed(4)}, std ${r.norms.std.toFixed(4)}, range [${r.norms.min.toFixed(4)}, ${r.norms.max.toFixed(4)}].</p>
${chartDiv('chart-norms')}
${chartDiv('chart-kurtosis')}
</section>
${sets ? setsSection(sets.results as BucketJson[], Number(sets.settings.at)) : '<section id="sets"><h2>Real sets</h2><p class="note">No sets given (use --sets FILE to compare real sets with random sets of the same sizes).</p></section>'}
<section id="settings"><h2>Settings and provenance</h2>
${settingsHtml(r)}
</section>
<section id="data"><h2>Raw results</h2>
<p class="note">The complete results as JSON: the <code>estimate</code>, <code>theory</code> and <code>sets</code> sections equal what <code>avgcon estimate</code>, <code>avgcon theory</code> and <code>avgcon sets</code> print with --json for the same inputs and seed.</p>
<p><button id="download-json" type="button">Download results JSON</button></p>
</section>
</main>
<footer>Made by avgcon ${escapeHtml(r.avgcon)} (Bendada et al., RecSys 2023). This page loads nothing from the network.</footer>`
  return htmlDocument({
    title: `avgcon report: ${name}`,
    body,
    data: { [REPORT_DATA_ID]: r, [REPORT_CHARTS_ID]: charts },
    script,
  })
}

function setsSection(buckets: BucketJson[], atN: number): string {
  return `<section id="sets"><h2>Real sets</h2>
<p class="note">Precision_|U|: the share of a real set (a user's history, a playlist) among the |U| items nearest its average, against a random set of the same size.</p>
<div class="chart" id="chart-sets-histogram"></div>
<div class="chart" id="chart-sets-by-size"></div>
${bucketTableHtml(buckets, atN)}
<h3>Every set</h3>
<p class="note" id="sets-table-note"></p>
<div class="table-wrap"><table class="sortable" id="table-sets"></table></div>
<p><button id="sets-more" type="button">Show more sets</button></p>
</section>`
}
