/* eslint-disable @typescript-eslint/no-explicit-any -- JSON read back from the CLI and chart specs are walked loosely */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { interactiveChart, toggleParam } from '../../src/report/html/interactive.js'
import { htmlDocument, inlineScript, scriptJson } from '../../src/report/html/document.js'
import { summaryK } from '../../src/report/html/sections.js'
import { consistencyChart, distributionChart, estimateSeries, theorySeries } from '../../src/report/charts/index.js'
import { baseConfig, HEIGHT, WIDTH } from '../../src/report/charts/theme.js'
import { CURVES, reportCharts } from '../../src/report/html/charts.js'
import { avgconAll } from '../cli/spawn.js'
import { avgcon, tempDir, type CliRun } from '../helpers/cli.js'
import { buildPages, writeFixture, type Fixture } from '../browser/fixtures.js'

const { dir, cleanup } = tempDir('avgcon-report-')
let fx: Fixture
const K = '2..12'
const SEED = '3'

/** The embedded JSON blocks of a report page, by id. */
function blocks(html: string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const m of html.matchAll(/<script type="application\/json" id="([^"]+)">(.*?)<\/script>/gs))
    out[m[1]!] = JSON.parse(m[2]!)
  return out
}

/** Drops `seconds` everywhere: timings are the only numbers that differ between identical runs. */
function withoutSeconds(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'seconds' ? undefined : v)))
}

/** A report page with its date and timings blanked. */
function normalized(html: string): string {
  return html
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, 'DATE')
    .replace(/"seconds":[0-9.e-]+/g, '"seconds":0')
    .replace(/estimate [0-9.]+ s, whole report [0-9.]+ s/, 'TIMES')
}

let reportRun: CliRun
let html = ''
let json: Record<string, any>

beforeAll(async () => {
  fx = await writeFixture(dir)
  buildPages()
  reportRun = avgcon([
    'report',
    fx.items,
    '--sets',
    fx.sets,
    '--names',
    fx.names,
    '--k',
    K,
    '--ci',
    '0.05',
    '--seed',
    SEED,
    '--out',
    join(dir, 'a.html'),
    '--json',
    '--quiet',
  ])
  html = readFileSync(join(dir, 'a.html'), 'utf8')
  json = JSON.parse(reportRun.stdout)
}, 120_000)
afterAll(cleanup)

describe('avgcon report', () => {
  it('writes one HTML page whose embedded JSON is what --json prints', () => {
    expect(reportRun.stderr).toBe('')
    expect(reportRun.code).toBe(0)
    expect(blocks(html)['avgcon-results']).toEqual(json)
    expect(json).toMatchObject({
      command: 'report',
      input: { file: 'items.npy', n: 400, d: 16, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    })
    expect(json.provenance.commandLine).toMatch(
      /^avgcon report .*items\.npy --sets .* --seed 3 --out .*a\.html --json --quiet$/,
    )
  })

  it('is self-contained: no external script, stylesheet, image or link to fetch', () => {
    // The markup around the inlined bundle (the browser test checks the page's requests).
    const markup = html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>')
    expect(markup.match(/<(script|img|iframe)[^>]+src=/i)).toBeNull()
    expect(markup.match(/<link[^>]+href=/i)).toBeNull()
    expect(markup.match(/@import|url\(\s*['"]?https?:/i)).toBeNull()
    expect(markup).toContain("connect-src 'none'")
  })

  it('has the golden structure: sections, charts, tables and data blocks in order', () => {
    const ids = (re: RegExp) => [...html.matchAll(re)].map((m) => m[1])
    expect(ids(/<section id="([^"]+)"/g)).toEqual([
      'summary',
      'consistency',
      'pinout',
      'items',
      'sets',
      'settings',
      'data',
    ])
    expect(ids(/<div class="chart" id="([^"]+)"/g)).toEqual([
      'chart-consistency',
      'chart-pinout',
      'chart-norms',
      'chart-kurtosis',
      'chart-sets-histogram',
      'chart-sets-by-size',
    ])
    expect(ids(/<table class="sortable" id="([^"]+)"/g)).toEqual([
      'table-consistency',
      'table-sets-by-size',
      'table-sets',
    ])
    expect(Object.keys(blocks(html))).toEqual(['avgcon-results', 'avgcon-charts'])
    const charts = blocks(html)['avgcon-charts'] as { id: string }[]
    expect(charts.map((c) => c.id)).toEqual(ids(/<div class="chart" id="([^"]+)"/g))
    expect(html).toMatch(
      /At <b>k=10<\/b> an average recovers <b>[\d.]+ of its 10 items<\/b>.*i\.i\.d\. normal theory predicts <b>[\d.]+<\/b>/,
    )
  })

  it('is deterministic for a fixed seed apart from the date and timings', () => {
    const again = avgcon([
      'report',
      fx.items,
      '--sets',
      fx.sets,
      '--names',
      fx.names,
      '--k',
      K,
      '--ci',
      '0.05',
      '--seed',
      SEED,
      '--out',
      join(dir, 'a.html'),
      '--json',
      '--quiet',
    ])
    expect(again.code).toBe(0)
    expect(normalized(readFileSync(join(dir, 'a.html'), 'utf8'))).toBe(normalized(html))
  })

  it('holds exactly what estimate, theory and sets print with --json for the same inputs and seed', async () => {
    const [est, normal, pooled, perDim, sets] = await avgconAll([
      ['estimate', fx.items, '--k', K, '--ci', '0.05', '--seed', SEED, '--json'],
      ['theory', '--n', '400', '--d', '16', '--k', K, '--law', 'normal', '--method', 'prop2', '--json'],
      ['theory', '--from', fx.items, '--k', K, '--method', 'prop2', '--json'],
      ['theory', '--from', fx.items, '--k', K, '--per-dim', '--method', 'prop2', '--json'],
      ['sets', fx.items, '--sets', fx.sets, '--seed', SEED, '--json'],
    ])
    expect(withoutSeconds(json.estimate)).toEqual(withoutSeconds(JSON.parse(est!.stdout)))
    expect(withoutSeconds(json.theory.normal)).toEqual(withoutSeconds(JSON.parse(normal!.stdout)))
    expect(withoutSeconds(json.theory.pooled)).toEqual(withoutSeconds(JSON.parse(pooled!.stdout)))
    expect(withoutSeconds(json.theory.perDimension)).toEqual(withoutSeconds(JSON.parse(perDim!.stdout)))
    expect(withoutSeconds(json.sets)).toEqual(withoutSeconds(JSON.parse(sets!.stdout)))
    expect(json.names).toMatchObject({ [json.sets.sets[0].nearest[0]]: expect.stringMatching(/^Item number \d+$/) })
  })

  it('leaves the sets out, and says so, without --sets; adaptive CI by default', () => {
    const out = join(dir, 'nosets.html')
    const r = avgcon([
      'report',
      '--synthetic',
      'normal',
      '--n',
      '300',
      '--d',
      '8',
      '--k',
      '2..6',
      '--out',
      out,
      '--json',
      '--quiet',
    ])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j.sets).toBeUndefined()
    expect(j.estimate.settings).toMatchObject({ ci: 0.01, samples: null })
    expect(j.input.sha256).toBeUndefined()
    const page = readFileSync(out, 'utf8')
    expect(page).toContain('No sets given')
    expect([...page.matchAll(/<div class="chart"/g)]).toHaveLength(4)
  })

  it('rejects bad usage with one sentence and exit 2, writing nothing', async () => {
    const out = join(dir, 'bad.html')
    const runs = await avgconAll([
      ['report', fx.items],
      ['report', fx.items, '--out', join(dir, 'bad.txt')],
      ['report', fx.items, '--names', fx.names, '--out', out],
      ['report', join(dir, 'missing.npy'), '--out', out],
      ['report', fx.items, '--k', '2..500', '--out', out],
    ])
    const messages = [
      /--out is required/,
      /should end in \.html/,
      /--names only applies with --sets/,
      /missing\.npy/,
      /k=401 exceeds the number of items N=400/,
    ]
    runs.forEach((r, i) => {
      expect(r.code, r.stderr).toBe(2)
      expect(r.stderr).toMatch(messages[i]!)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    })
    expect(existsSync(out)).toBe(false)
  })
})

describe('report figures', () => {
  it('are the --plot specs (same builders and theme), with interactivity added on top', () => {
    const charts = reportCharts(json as never, { norms: [1, 2, 3] })
    for (const c of charts) expect((c.spec as any).config, c.id).toEqual(baseConfig())
    const consistency = charts[0]!.spec as any
    const plain = consistencyChart({
      title: 'Consistency_k: measured and predicted',
      subtitle: 'items.npy: N=400, d=16, dot similarity',
      yDomain: [0, 1],
      series: [
        estimateSeries(CURVES.measured, json.estimate.results),
        theorySeries(CURVES.normal, json.theory.normal.results),
        theorySeries(CURVES.pooled, json.theory.pooled.results),
        theorySeries(CURVES.perDimension, json.theory.perDimension.results),
      ],
    }) as any
    expect([consistency.width, consistency.height]).toEqual([WIDTH, HEIGHT])
    expect(consistency.data).toEqual(plain.data)
    expect(consistency.encoding).toEqual(plain.encoding)
    expect(consistency.layer.slice(0, plain.layer.length).map((l: any) => l.mark)).toEqual(
      plain.layer.map((l: any) => l.mark),
    )
  })
})

describe('interactive charts', () => {
  const spec = consistencyChart({
    series: [
      estimateSeries('measured', [{ k: 2, mean: 0.5, std: 0.1, n: 10, ciLow: 0.4, ciHigh: 0.6 }]),
      theorySeries('theory', [{ k: 2, consistency: 0.55 }]),
    ],
  })

  it('adds one checkbox per curve, a filter on every layer, tooltips and zoom, and leaves the input alone', () => {
    const before = JSON.stringify(spec)
    const out = interactiveChart(spec, { toggles: ['measured', 'theory'] }) as any
    expect(JSON.stringify(spec)).toBe(before)
    expect(out.params.map((p: any) => [p.name, p.bind.input])).toEqual([
      [toggleParam(0), 'checkbox'],
      [toggleParam(1), 'checkbox'],
    ])
    for (const layer of out.layer)
      expect(layer.transform[0].filter).toBe(
        '(datum.series !== "measured" || show_0) && (datum.series !== "theory" || show_1)',
      )
    const hover = out.layer.at(-1)
    expect(hover.params.map((p: any) => p.name)).toEqual(['hover', 'zoom'])
    expect(hover.encoding.tooltip.map((t: any) => t.field)).toEqual(['series', 'k', 'value', 'low', 'high'])
  })

  it('gives histogram bars a tooltip and no toggles', () => {
    const out = interactiveChart(distributionChart({ values: [1, 2, 2, 3], xTitle: 'x' })) as any
    expect(out.layer[0].mark.tooltip).toEqual({ content: 'encoding' })
    expect(out.params).toBeUndefined()
  })
})

describe('page shell', () => {
  it('embeds JSON and scripts so that no "</script>" ends them early', () => {
    const value = { a: '</script><script>alert(1)</script>', b: '\u2028' }
    expect(scriptJson(value)).not.toContain('</')
    expect(JSON.parse(scriptJson(value))).toEqual(value)
    expect(inlineScript('var s = "</script>"')).toBe('var s = "<\\/script>"')
    const page = htmlDocument({ title: 'a <b>', body: '', data: { x: value }, script: '' })
    expect(page).toContain('<title>a &lt;b&gt;</title>')
    expect(page.match(/<\/script>/g)).toHaveLength(2)
  })

  it('summarises at k=10, else at the measured k nearest it', () => {
    expect(summaryK([{ k: 2 }, { k: 10 }, { k: 50 }])).toBe(10)
    expect(summaryK([{ k: 2 }, { k: 5 }, { k: 20 }])).toBe(5)
    expect(summaryK([{ k: 8 }, { k: 12 }])).toBe(12)
    expect(summaryK([{ k: 30 }])).toBe(30)
  })
})
