/**
 * The theory explorer page (served by `avgcon serve`): sliders for N, d, the k range
 * and the coordinate law or its moments; Proposition 2's curve and P(in>out) are
 * recomputed in the browser by avgcon's own theory module (bundled, not rewritten),
 * and results files dropped on the page are overlaid on the same axes.
 */
import { escapeHtml, htmlDocument } from './document.js'
import { EXPLORER_CONFIG_ID } from './ids.js'

/** What the page learns from the server at start-up. */
export interface ExplorerConfig {
  /** Directories the server may list (their names only); empty when none was given. */
  dirs: string[]
  /** Secret that lets this page start estimates on the server (`/api/estimate`); absent: none. */
  token?: string
}

/** A slider with its exact number box: ids `<id>-slider` and `<id>`. */
interface Control {
  id: string
  label: string
  min: number
  max: number
  step: number
  value: number
  /** Help on hover. */
  help: string
  /** The slider moves log10 of the value (N). */
  log?: boolean
}

/** The explorer's inputs; the defaults are the paper's Figure 2 setting (N = 1e6, d = 128, normal law). */
export const CONTROLS: Control[] = [
  {
    id: 'n',
    label: 'items N',
    min: 1,
    max: 9,
    step: 0.01,
    value: 1_000_000,
    log: true,
    help: 'number of items (slider: log scale)',
  },
  { id: 'd', label: 'dimension d', min: 1, max: 1024, step: 1, value: 128, help: 'embedding dimension' },
  { id: 'kmin', label: 'k from', min: 1, max: 200, step: 1, value: 2, help: 'smallest set size' },
  { id: 'kmax', label: 'k to', min: 1, max: 200, step: 1, value: 50, help: 'largest set size' },
  { id: 'mean', label: 'mean', min: -2, max: 2, step: 0.01, value: 0, help: 'mean of one coordinate' },
  { id: 'std', label: 'std', min: 0.05, max: 5, step: 0.01, value: 1, help: 'standard deviation of one coordinate' },
  { id: 'skewness', label: 'skewness', min: -4, max: 4, step: 0.01, value: 0, help: 'skewness of one coordinate' },
  {
    id: 'kurtosis',
    label: 'kurtosis',
    min: 1,
    max: 30,
    step: 0.1,
    value: 3,
    help: 'kurtosis (non-excess: 3 for a normal law)',
  },
]

/** Law presets of the picker (any law spec can be typed in the box). */
export const LAW_PRESETS = [
  'normal',
  'uniform(-1,1)',
  'uniform01',
  'rademacher',
  'laplace',
  'student-t(10)',
  'beta(2,2)',
]

function controlHtml(c: Control): string {
  const slider = c.log ? Math.log10(c.value) : c.value
  return (
    `<label title="${escapeHtml(c.help)}"><span>${escapeHtml(c.label)}</span>` +
    `<input type="range" id="${c.id}-slider" min="${c.min}" max="${c.max}" step="${c.step}" value="${slider}">` +
    `<input type="number" id="${c.id}" value="${c.value}"${c.log ? ' min="1" step="1"' : ''}></label>`
  )
}

/** Builds the explorer document around its bundled script. */
export function explorerHtml(script: string, config: ExplorerConfig): string {
  const presets = LAW_PRESETS.map((l) => `<option value="${escapeHtml(l)}">${escapeHtml(l)}</option>`).join('')
  const body = `<header>
<h1>Theory explorer</h1>
<p class="subtitle">Expected Consistency_k and P(in &gt; out) of i.i.d. embeddings by Proposition 2 (Bendada et al., RecSys 2023), computed in this page by avgcon's theory module.</p>
</header>
<main>
<section id="inputs"><h2>Inputs</h2>
<div class="controls">
${CONTROLS.slice(0, 4).map(controlHtml).join('\n')}
<label title="coordinate law: its moments feed the theory"><span>law</span><select id="law-preset">${presets}<option value="">(typed or moments)</option></select><input type="text" id="law" value="normal"></label>
${CONTROLS.slice(4).map(controlHtml).join('\n')}
</div>
<p class="note" id="source"></p>
<p class="error" id="error" role="alert"></p>
<p class="note" id="timing"></p>
</section>
<section id="curves"><h2>Curves</h2>
<div class="chart" id="chart-theory"></div>
<div class="chart" id="chart-pinout"></div>
</section>
<section id="runs"><h2>Overlay runs</h2>
<div class="drop" id="drop">Drop results files here (<code>avgcon report</code> pages or JSON, <code>estimate</code>, <code>simulate</code> or <code>theory --json</code>), or choose them: <input type="file" id="files" multiple accept=".json,.html"></div>
<p class="error" id="run-error" role="alert"></p>
<ul class="runs" id="run-list"></ul>
<div id="server-files"></div>
<div id="estimate-box" hidden><h3>Estimate on the server</h3>
<p class="note">"estimate" runs <code>avgcon estimate FILE --ci CI --k FROM..TO</code> on the server (k range from the inputs above) and overlays the result.</p>
<p><label>CI half-width <input type="number" id="estimate-ci" value="0.01" min="0.001" max="0.5" step="0.001"></label>
<label><input type="checkbox" id="estimate-center"> centre first</label></p>
<p><progress id="estimate-progress" max="1" value="0"></progress> <span id="estimate-status" class="note"></span></p>
</div>
</section>
<section id="values"><h2>Values</h2>
<div class="table-wrap"><table id="table-theory"><thead><tr><th>k</th><th>Consistency_k</th><th>P(in&gt;out)</th></tr></thead><tbody></tbody></table></div>
</section>
</main>
<footer>avgcon theory explorer. Computation happens in this page; the server only lists and sends files from the directories it was given.</footer>`
  return htmlDocument({
    title: 'avgcon theory explorer',
    body,
    data: { [EXPLORER_CONFIG_ID]: config },
    script,
    connectSelf: true,
  })
}
