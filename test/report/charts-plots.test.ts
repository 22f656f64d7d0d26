/**
 * Plots that read well on real data (issue 13 item 2): the y range from the data,
 * one colour per series name, log axes for heavy tails, the diagnose figure, and
 * subtitles that do not widen a chart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setWarnSink } from '../../src/errors.js'
import { rng } from '../../src/rng.js'
import {
  consistencyChart,
  distributionChart,
  histogramChart,
  isHeavyTailed,
  logBinValues,
  normHubnessChart,
  renderSvg,
  SERIES_COLORS,
  seriesColors,
  withYAxis,
  wrapText,
  yDomainFromData,
  type ChartSpec,
} from '../../src/report/charts/index.js'
import { CURVES } from '../../src/report/html/charts.js'
import { denseKs } from '../../src/theory/index.js'
import { compareGolden } from './golden-svg.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (s: ChartSpec): any => JSON.parse(JSON.stringify(s))

let warnings: string[] = []
let previousSink: ReturnType<typeof setWarnSink>
beforeEach(() => {
  warnings = []
  previousSink = setWarnSink((m) => warnings.push(m))
})
afterEach(() => {
  setWarnSink(previousSink)
  expect(warnings).toEqual([]) // vega and vega-lite log nothing for these specs
})

describe('yDomainFromData: the default y range of a consistency chart', () => {
  it('pads the data range by 8% of its span on both sides', () => {
    const [lo, hi] = yDomainFromData([0.04, 0.05, 0.06, 0.3])
    expect(lo).toBeCloseTo(0.04 - 0.08 * 0.26, 12)
    expect(hi).toBeCloseTo(0.3 + 0.08 * 0.26, 12)
  })
  it('gives a flat curve a span of at least 0.02 and clamps to [0, 1]', () => {
    const [lo, hi] = yDomainFromData([0.05, 0.05])
    expect(lo).toBeCloseTo(0.05 - 0.0016, 12)
    expect(hi).toBeCloseTo(0.05 + 0.0016, 12)
    expect(yDomainFromData([0, 0.5, 1])).toEqual([0, 1])
    expect(yDomainFromData([0.001, 0.999])).toEqual([0, 1])
  })
  it('ignores non-finite values; no value at all gives [0, 1]', () => {
    expect(yDomainFromData([NaN, Infinity])).toEqual([0, 1])
    expect(yDomainFromData([0.2, NaN, 0.4])).toEqual(yDomainFromData([0.2, 0.4]))
  })
  it('on a log axis pads in log10 units and keeps to positive values', () => {
    const [lo, hi] = yDomainFromData([0, 0.001, 0.1], { log: true })
    expect(Math.log10(lo)).toBeCloseTo(-3 - 0.16, 12)
    expect(Math.log10(hi)).toBeCloseTo(-1 + 0.16, 12)
  })
  it('is what consistencyChart uses unless a range is given, covering the CI bands and theory', () => {
    const series = [
      { name: 'measured (95% CI)', kind: 'estimate' as const, points: [{ k: 2, value: 0.05, low: 0.03, high: 0.07 }] },
      { name: 'Proposition 2', kind: 'theory' as const, points: [{ k: 2, value: 0.09 }] },
    ]
    const y = json(consistencyChart({ series })).layer[1].encoding.y.scale
    expect(y.domain).toEqual(yDomainFromData([0.05, 0.03, 0.07, 0.09]))
    expect(json(consistencyChart({ series, yDomain: [0, 1] })).layer[1].encoding.y.scale.domain).toEqual([0, 1])
  })
})

describe('withYAxis: --ylim and --ylog on any chart', () => {
  const spec = consistencyChart({
    series: [
      {
        name: 'a',
        kind: 'estimate',
        points: [
          { k: 2, value: 0.01, low: 0.005, high: 0.02 },
          { k: 3, value: 0.2 },
        ],
      },
    ],
  })
  it('sets the range on every layer and leaves the input alone', () => {
    const out = json(withYAxis(spec, { lim: [0, 0.5] }))
    for (const layer of out.layer) expect(layer.encoding.y.scale.domain).toEqual([0, 0.5])
    expect(json(spec).layer[0].encoding.y.scale).toBeUndefined()
    expect(withYAxis(spec, {})).toBe(spec)
  })
  it('--ylog gives every layer one log range over all y values (bands included)', () => {
    const out = json(withYAxis(spec, { log: true }))
    const domains = out.layer.map((l: { encoding: { y: { scale: { type: string; domain: number[] } } } }) => {
      expect(l.encoding.y.scale.type).toBe('log')
      return l.encoding.y.scale.domain
    })
    expect(new Set(domains.map(String)).size).toBe(1)
    expect(domains[0]).toEqual(yDomainFromData([0.005, 0.02, 0.01, 0.2], { log: true }))
  })
})

describe('series colours: one colour per series name, everywhere', () => {
  it('gives the report and the CLI names of one curve the same colour', () => {
    expect(SERIES_COLORS[CURVES.measured]).toBe(SERIES_COLORS['real (95% CI)'])
    expect(SERIES_COLORS[CURVES.normal]).toBe(SERIES_COLORS['i.i.d. N(0,1)'])
    expect(SERIES_COLORS[CURVES.pooled]).toBe(SERIES_COLORS['moment-matched (pooled)'])
    expect(SERIES_COLORS[CURVES.perDimension]).toBe(SERIES_COLORS['per-dimension moments'])
    const theory = [CURVES.normal, CURVES.pooled, CURVES.perDimension, CURVES.measured]
    expect(new Set(theory.map((n) => SERIES_COLORS[n])).size).toBe(4)
  })
  it('colours a name the same whatever else the chart holds', () => {
    expect(seriesColors([CURVES.pooled])).toEqual(
      seriesColors([CURVES.measured, CURVES.normal, CURVES.pooled]).slice(2),
    )
    const chart = json(
      consistencyChart({ series: [{ name: CURVES.pooled, kind: 'theory', points: [{ k: 2, value: 0.5 }] }] }),
    )
    expect(chart.layer[0].encoding.color.scale.range).toEqual([SERIES_COLORS[CURVES.pooled]])
  })
  it('gives other names (models, N values) palette colours not reserved by a named series of the chart', () => {
    const colours = seriesColors(['ALS', CURVES.measured, 'SVD'])
    expect(colours[1]).toBe(SERIES_COLORS[CURVES.measured])
    expect(colours[0]).not.toBe(colours[1])
    expect(colours[2]).not.toBe(colours[1])
    expect(colours[0]).not.toBe(colours[2])
  })
  it('gives real and random sets two colours', () => {
    expect(SERIES_COLORS['real sets']).not.toBe(SERIES_COLORS['random sets, same sizes'])
    expect(SERIES_COLORS['random sets']).toBe(SERIES_COLORS['random sets, same sizes'])
  })
})

describe('smooth theory and wrapped subtitles', () => {
  it('denseKs: every k of the range, the measured k included; evenly thinned past maxPoints', () => {
    expect(denseKs([2, 10, 18])).toEqual(Array.from({ length: 17 }, (_, i) => i + 2))
    const wide = denseKs([2, 1000, 5000], 100)
    expect(wide.length).toBeLessThanOrEqual(103)
    expect(wide).toContain(1000)
    expect(wide[0]).toBe(2)
    expect(wide.at(-1)).toBe(5000)
    expect(denseKs([])).toEqual([])
  })
  it('wrapText breaks at spaces within the width and shortens a word longer than it', () => {
    const lines = wrapText('the quick brown fox jumps over the lazy dog', 15)
    expect(lines).toEqual(['the quick brown', 'fox jumps over', 'the lazy dog'])
    const [long] = wrapText('x'.repeat(60), 20)
    expect(long).toHaveLength(20)
    expect(long).toContain('…')
  })
  it('a long subtitle wraps: the figure is as wide as with a short one', async () => {
    const make = (subtitle: string): ChartSpec =>
      consistencyChart({
        series: [
          {
            name: 'Proposition 2',
            kind: 'theory',
            points: [
              { k: 2, value: 0.3 },
              { k: 9, value: 0.1 },
            ],
          },
        ],
        subtitle,
      })
    const width = (svg: string): number => Number(/<svg[^>]*\swidth="(\d+)"/.exec(svg)![1])
    const short = await renderSvg(make('short'))
    const long = await renderSvg(
      make(`moments measured on ${'a very long path/'.repeat(12)}items.npy, ${'and more words '.repeat(20)}`),
    )
    expect(width(long)).toBe(width(short))
  })
})

describe('log x axes for heavy-tailed norms', () => {
  it('isHeavyTailed: positive samples with max / median > 10', () => {
    expect(isHeavyTailed([1, 1, 1, 11])).toBe(true)
    expect(isHeavyTailed([1, 1, 1, 10])).toBe(false)
    expect(isHeavyTailed([0, 1, 1, 100])).toBe(false) // a zero norm cannot go on a log axis
    expect(isHeavyTailed([1])).toBe(false)
  })
  it('logBinValues: equal widths in log10, edges in the samples’ units', () => {
    const bins = logBinValues([1, 10, 100, 1000], { binCount: 3 })
    expect(bins.map((b) => [b.x0, b.x1].map((x) => Math.round(Math.log10(x) * 1e9) / 1e9))).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ])
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(4)
  })
  it('distributionChart switches to a log x axis by the rule, and not otherwise', () => {
    const heavy = json(distributionChart({ values: [1, 1.2, 0.9, 1.1, 40], xTitle: 'item norm ||x||' }))
    expect(heavy.layer[0].encoding.x.scale.type).toBe('log')
    expect(heavy.layer[0].encoding.x.title).toBe('item norm ||x|| (log scale)')
    const light = json(distributionChart({ values: [1, 1.2, 0.9, 1.1, 4], xTitle: 'item norm ||x||' }))
    expect(light.layer[0].encoding.x.scale.type).toBeUndefined()
  })
})

/** Seeded norms with a heavy tail and an N_k that grows with the norm (a hub structure). */
function hubData(): { norms: Float64Array; occurrences: Int32Array } {
  const r = rng(11)
  const n = 1500
  const norms = Float64Array.from({ length: n }, () => Math.exp(0.9 * r.normal()))
  const occurrences = Int32Array.from(norms, (x) => Math.max(0, Math.round(3 * x * x * r.next() - 1)))
  return { norms, occurrences }
}

describe('new figures match their goldens', () => {
  it.each([
    [
      'diagnose-norm-hubness',
      () => {
        const { norms, occurrences } = hubData()
        return normHubnessChart({
          norms,
          occurrences,
          k: 10,
          title: 'Norms and hubness of items.npy',
          subtitle: 'Spearman(norm, N_10) = 0.71; verdict: norms',
          markers: [{ label: 'median', value: 1 }],
        })
      },
    ],
    [
      'histogram-sets',
      () => {
        const r = rng(5)
        return histogramChart({
          extent: [0, 1],
          binCount: 20,
          title: 'Precision of set averages',
          xTitle: 'Precision_|U|(U)',
          barLabel: 'sets',
          columns: 2,
          panels: [
            { label: 'real sets', values: Array.from({ length: 300 }, () => Math.min(1, 0.4 + 0.5 * r.next())) },
            { label: 'random sets, same sizes', values: Array.from({ length: 300 }, () => 0.3 * r.next()) },
          ],
        })
      },
    ],
    [
      'distribution-log-norms',
      () => distributionChart({ values: hubData().norms, xTitle: 'item norm ||x||', title: 'Item norms' }),
    ],
  ])('%s.svg', async (name, make) => {
    const result = compareGolden(name, await renderSvg(make()))
    expect(result.ok, result.message).toBe(true)
  })

  it('the diagnose figure has two panels, the scatter thinned to maxPoints with the hubs kept', () => {
    const { norms, occurrences } = hubData()
    const s = json(normHubnessChart({ norms, occurrences, k: 10, maxPoints: 200 }))
    expect(s.hconcat).toHaveLength(2)
    const points = s.hconcat[1].layer[0].data.values as { occurrence: number }[]
    expect(points.length).toBeLessThanOrEqual(200)
    expect(Math.max(...points.map((p) => p.occurrence))).toBe(Math.max(...occurrences))
    expect(() => normHubnessChart({ norms, occurrences: occurrences.slice(1), k: 10 })).toThrow(/k-occurrences/)
  })
})
