/**
 * `avgcon report`'s HTML: one self-contained file with the summary, interactive
 * charts (the `--plot` specs made interactive), sortable tables, settings and
 * provenance, and the results JSON embedded with a download button.
 */
import { modelsChart } from '../charts/index.js'
import { PALETTE } from '../charts/theme.js'
import { compileCharts, reportCharts, type ChartExtras, type PageChart } from './charts.js'
import { escapeHtml, htmlDocument } from './document.js'
import { MODELS_CHART_ID, REPORT_CHARTS_ID, REPORT_DATA_ID, REPORT_MODELS_ID } from './ids.js'
import { interactiveChart } from './interactive.js'
import { bucketTableHtml, consistencyTableHtml, settingsHtml, summaryHtml } from './sections.js'
import type { BucketJson, PageModel, ReportJson, ReportManyJson, ReportModelJson } from './types.js'

/** The sections of a report, in order (their element ids). */
export const REPORT_SECTIONS = ['summary', 'consistency', 'pinout', 'items', 'sets', 'settings', 'data'] as const

/**
 * Builds the report document. Deterministic: the same results JSON gives the same
 * bytes (the date and timings live in the JSON).
 */
export async function reportHtml(r: ReportJson, extras: ChartExtras, script: string): Promise<string> {
  const charts = await compileCharts(reportCharts(r, extras))
  const name = r.input?.file ?? r.input?.synthetic ?? 'embeddings'
  const body = `<header>
<h1>Consistency of average embeddings: ${escapeHtml(name)}</h1>
<p class="subtitle">N=${(r.input?.n ?? 0).toLocaleString('en-US')} items, d=${r.input?.d}, ${escapeHtml(String(r.settings.metric))} similarity · avgcon ${escapeHtml(r.avgcon)} · <span id="report-date">${escapeHtml(r.provenance.date)}</span></p>
</header>
<main>
${reportSectionsHtml(r, charts)}
</main>
<footer>Made by avgcon ${escapeHtml(r.avgcon)} (Bendada et al., RecSys 2023). This page loads nothing from the network.</footer>`
  return htmlDocument({
    title: `avgcon report: ${name}`,
    body,
    data: { [REPORT_DATA_ID]: r, [REPORT_CHARTS_ID]: charts },
    script,
  })
}

/** The sections of one report (summary to raw results), as the single page and each model of a several-model page show them. */
function reportSectionsHtml(r: ReportJson, charts: PageChart[]): string {
  const chartDiv = (id: string) => (charts.some((c) => c.id === id) ? `<div class="chart" id="${id}"></div>` : '')
  const sets = r.sets
  return `<section id="summary"><h2>Summary</h2><div class="summary">
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
</section>`
}

/**
 * The page of several models (`avgcon report a.npy b.npy ...`): an overlay of every model's
 * measured curve (95% CI band) and per-dimension theory, one colour per model, and a selector
 * that shows one model's full sections, exactly as its single report shows them.
 */
export async function reportManyHtml(r: ReportManyJson, extras: ChartExtras[], script: string): Promise<string> {
  const overlay = await compileCharts([modelsFigure(r.models, extras)])
  const models: PageModel[] = []
  for (const [i, m] of r.models.entries()) {
    const charts = await compileCharts(reportCharts(m, extras[i]!))
    models.push({ label: m.label, colour: modelColour(i), html: modelViewHtml(m, charts, i), charts })
  }
  const labels = r.models.map((m) => m.label).join(', ')
  const options = models
    .map((m, i) => `<option value="${i}"${i === 0 ? ' selected' : ''}>${escapeHtml(m.label)}</option>`)
    .join('')
  const body = `<header>
<h1>Consistency of average embeddings: ${r.models.length} models</h1>
<p class="subtitle">${escapeHtml(labels)} · ${escapeHtml(String(r.settings.metric))} similarity · avgcon ${escapeHtml(r.avgcon)} · <span id="report-date">${escapeHtml(r.provenance.date)}</span></p>
</header>
<main>
<section id="models"><h2>Models</h2>
<p class="note">Every model's measured Consistency_k (solid, 95% CI band) and Proposition 2 with its own per-dimension moments (dashed), one colour per model. Each model below is exactly its own single report (same settings and seed).</p>
<div class="chart" id="${MODELS_CHART_ID}"></div>
<p><label for="model-select">Model shown below:</label> <select id="model-select">${options}</select> <span id="model-swatch" style="${swatchStyle(models[0]!.colour)}"></span></p>
</section>
<div id="model-view" data-model="0">
${models[0]!.html}
</div>
</main>
<footer>Made by avgcon ${escapeHtml(r.avgcon)} (Bendada et al., RecSys 2023). This page loads nothing from the network.</footer>`
  return htmlDocument({
    title: `avgcon report: ${labels}`,
    body,
    data: { [REPORT_DATA_ID]: r, [REPORT_CHARTS_ID]: overlay, [REPORT_MODELS_ID]: models },
    script,
  })
}

/** Model i's colour: the overlay's (modelsChart gives model i PALETTE[i]). */
function modelColour(i: number): string {
  return PALETTE[i % PALETTE.length]!
}

function swatchStyle(colour: string): string {
  return `display:inline-block;width:1.4em;height:0.8em;vertical-align:middle;border-radius:2px;background:${colour}`
}

/** One model's view: its name in its colour, then its report's sections. */
function modelViewHtml(m: ReportModelJson, charts: PageChart[], i: number): string {
  const name = m.input?.file ?? m.input?.synthetic ?? 'embeddings'
  return `<h2 class="model-title" style="border-left:0.4em solid ${modelColour(i)};padding-left:0.4em">${escapeHtml(m.label)}: ${escapeHtml(name)}, N=${(m.input?.n ?? 0).toLocaleString('en-US')}, d=${m.input?.d}</h2>
${reportSectionsHtml(m, charts)}`
}

function modelsFigure(models: ReportModelJson[], extras: ChartExtras[]): PageChart {
  const sizes = [...new Set(models.map((m) => `N=${(m.input?.n ?? 0).toLocaleString('en-US')}, d=${m.input?.d}`))]
  const spec = modelsChart(
    // Theory at every k of the range where the run computed it (smooth), else at the measured k.
    models.map((m, i) => ({
      label: m.label,
      points: m.estimate.results,
      theory: extras[i]?.theory?.perDimension ?? m.theory.perDimension.results,
    })),
    {
      title: `Consistency_k of ${models.length} models against their per-dimension theory`,
      subtitle: `${sizes.length === 1 ? sizes[0] : 'N and d per model'}: measured (95% CI, solid) vs Proposition 2 with each model's per-dimension moments (dashed)`,
    },
  )
  const names = models.flatMap((m) => [m.label, `${m.label} (per-dimension theory)`])
  return { id: MODELS_CHART_ID, spec: interactiveChart(spec, { toggles: names }) }
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
