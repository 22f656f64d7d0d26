/**
 * The theory explorer's script. Every input change recomputes Proposition 2 with
 * `theoryCurve` (the module `avgcon theory` runs), then redraws the two charts from the
 * shared spec builders and the values table. Results files dropped on the page are
 * overlaid. `document.body.dataset.updates` counts finished redraws (tests wait on it).
 */
import { setWarnSink } from '../src/errors.js'
import { consistencyChart, theorySeries } from '../src/report/charts/consistency.js'
import type { CurveSeries } from '../src/report/charts/types.js'
import { EXPLORER_CONFIG_ID } from '../src/report/html/ids.js'
import { interactiveChart } from '../src/report/html/interactive.js'
import type { ExplorerConfig } from '../src/report/html/explorer.js'
import { formatLaw, lawMoments, parseLaw, theoryCurve, type Moments, type TheoryPoint } from '../src/theory/index.js'
import { setupOverlays, type Overlays } from './drop.js'
import { readJson, renderChart, views } from './shared.js'

const MOMENTS = ['mean', 'std', 'skewness', 'kurtosis'] as const
const MAX_POINTS = 1000

const $ = <T extends HTMLElement = HTMLInputElement>(id: string): T => document.getElementById(id) as T
const warnings: string[] = []
setWarnSink((message) => warnings.push(message))

/** What the current inputs ask for (mirrors `avgcon theory` flags). */
interface Inputs {
  n: number
  d: number
  ks: number[]
  /** The law spec when the moments come from a law, else undefined (explicit moments). */
  law?: string
  moments: Moments
}

let source: 'law' | 'moments' = 'law'
let overlays: Overlays
let updates = 0
let pending = false
let drawing: Promise<void> = Promise.resolve()
const keys: Record<string, string> = {}

function int(id: string, name: string, min: number): number {
  const v = Number($(id).value)
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be a whole number of at least ${min}.`)
  return v
}

function readInputs(): Inputs {
  const n = int('n', 'N', 1),
    d = int('d', 'd', 1),
    kmin = int('kmin', 'k from', 1),
    kmax = int('kmax', 'k to', 1)
  if (kmin > kmax) throw new Error(`k from (${kmin}) must not exceed k to (${kmax}).`)
  if (kmax > n) throw new Error(`k to (${kmax}) must not exceed N (${n}).`)
  if (kmax - kmin + 1 > MAX_POINTS) throw new Error(`at most ${MAX_POINTS} values of k at a time.`)
  const ks = Array.from({ length: kmax - kmin + 1 }, (_, i) => kmin + i)
  if (source === 'law') {
    const law = parseLaw($('law').value)
    return { n, d, ks, law: formatLaw(law), moments: lawMoments(law) }
  }
  const [mean, std, skewness, kurtosis] = MOMENTS.map((m) => Number($(m).value))
  return { n, d, ks, moments: { mean: mean!, std: std!, skewness: skewness!, kurtosis: kurtosis! } }
}

/** Recomputes and redraws once per animation frame, however fast the sliders move. */
function schedule(): void {
  if (pending) return
  pending = true
  requestAnimationFrame(() => {
    pending = false
    drawing = drawing.then(update, update)
  })
}

async function update(): Promise<void> {
  const error = $<HTMLParagraphElement>('error')
  try {
    const inputs = readInputs()
    warnings.length = 0
    const started = performance.now()
    const points = theoryCurve({ n: inputs.n, d: inputs.d, ks: inputs.ks, moments: inputs.moments })
    const ms = performance.now() - started
    error.textContent = warnings.join(' ')
    $<HTMLParagraphElement>('timing').textContent = `Computed ${points.length} points in ${ms.toFixed(1)} ms.`
    $<HTMLParagraphElement>('source').textContent = describe(inputs)
    Object.assign(window, { avgconExplorer: { inputs, points, ms, views } })
    fillTable(points)
    await drawCharts(points)
  } catch (err) {
    error.textContent = (err as Error).message
  }
  document.body.dataset.updates = String(++updates)
}

function describe(i: Inputs): string {
  const m = i.moments
  const g = (x: number) => Number(x.toPrecision(6)).toString()
  const what = i.law ? `law ${i.law}` : 'explicit moments'
  return `${what}: mean ${g(m.mean)}, std ${g(m.std)}, skewness ${g(m.skewness)}, kurtosis ${g(m.kurtosis)}; N=${i.n.toLocaleString('en-US')}, d=${i.d}.`
}

function fillTable(points: TheoryPoint[]): void {
  const body = $<HTMLTableElement>('table-theory').tBodies[0]!
  body.replaceChildren(
    ...points.map((p) => {
      const tr = document.createElement('tr')
      tr.dataset.k = String(p.k)
      for (const [text, value] of [
        [String(p.k), p.k],
        [p.consistency.toFixed(6), p.consistency],
        [p.pInOut.toFixed(6), p.pInOut],
      ] as const) {
        const td = tr.insertCell()
        td.textContent = text
        td.dataset.v = String(value)
      }
      return tr
    }),
  )
}

async function drawCharts(points: TheoryPoint[]): Promise<void> {
  const runs = overlays.runs()
  const mine = (name: string, pick: (p: TheoryPoint) => number): CurveSeries =>
    theorySeries(
      name,
      points.map((p) => ({ k: p.k, consistency: pick(p) })),
      'this theory',
    )
  const curves = [mine('Proposition 2', (p) => p.consistency), ...runs.flatMap((r) => r.consistency)]
  const pins = [mine('P(in>out)', (p) => p.pInOut), ...runs.flatMap((r) => r.pInOut)]
  await Promise.all([
    draw('chart-theory', curves, { title: 'Consistency_k by Proposition 2', yDomain: [0, 1] }),
    draw('chart-pinout', pins, { title: 'P(in > out)', yTitle: 'P(in > out)', yDomain: [0.5, 1] }),
  ])
}

/**
 * Draws a chart; when only the numbers changed (same curves), swaps the data into the
 * live view instead of compiling a new one, which keeps slider drags smooth.
 */
async function draw(
  id: string,
  series: CurveSeries[],
  opts: { title: string; yTitle?: string; yDomain: [number, number] },
): Promise<void> {
  const inRange = series.every((s) => s.points.every((p) => p.value >= opts.yDomain[0]))
  const spec = consistencyChart({ ...opts, yDomain: inRange ? opts.yDomain : [0, 1], series })
  const key = JSON.stringify([series.map((s) => [s.name, s.kind, s.group]), inRange])
  const view = views[id]
  const rows = (spec as unknown as { data: { values: unknown[] } }).data.values
  if (view && keys[id] === key) {
    await view.data('source_0', rows).runAsync()
    return
  }
  keys[id] = key
  await renderChart(id, interactiveChart(spec, { toggles: series.map((s) => s.name) }))
}

/** Keeps a slider and its number box in step; `log` sliders move log10 of the value. */
function link(id: string, log: boolean, onInput: () => void): void {
  const box = $(id),
    slider = $(`${id}-slider`)
  slider.addEventListener('input', () => {
    box.value = log ? String(Math.round(10 ** Number(slider.value))) : slider.value
    onInput()
  })
  box.addEventListener('input', () => {
    const v = Number(box.value)
    if (Number.isFinite(v) && v > 0 && log) slider.value = String(Math.log10(v))
    else if (Number.isFinite(v)) slider.value = String(v)
    onInput()
  })
}

/** Shows a law's moments in the moment inputs. */
function showLawMoments(): void {
  try {
    const m = lawMoments(parseLaw($('law').value))
    for (const key of MOMENTS) {
      $(key).value = String(m[key])
      $(`${key}-slider`).value = String(m[key])
    }
  } catch {
    // readInputs reports the bad spec.
  }
}

function main(): void {
  const config = readJson<ExplorerConfig>(EXPLORER_CONFIG_ID)
  for (const id of ['n', 'd', 'kmin', 'kmax']) link(id, id === 'n', schedule)
  for (const m of MOMENTS)
    link(m, false, () => {
      source = 'moments'
      $<HTMLSelectElement>('law-preset').value = ''
      schedule()
    })
  const preset = $<HTMLSelectElement>('law-preset')
  preset.addEventListener('change', () => {
    if (preset.value === '') return
    $('law').value = preset.value
    source = 'law'
    showLawMoments()
    schedule()
  })
  $('law').addEventListener('input', () => {
    source = 'law'
    preset.value = ''
    showLawMoments()
    schedule()
  })
  overlays = setupOverlays(config, schedule)
  showLawMoments()
  schedule()
  document.body.dataset.ready = 'true'
}

main()
