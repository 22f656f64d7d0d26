import { compile } from 'vega-lite'
import { describe, expect, it } from 'vitest'
import type { ConsistencyPoint } from '../../src/estimate/consistency.js'
import { InputError } from '../../src/errors.js'
import {
  barChart,
  type ChartSpec,
  consistencyChart,
  type CurveSeries,
  distributionChart,
  estimateSeries,
  histogramChart,
  MARKER_LIMIT,
  normalDensity,
  pairwiseChart,
  theorySeries,
} from '../../src/report/charts/index.js'

// Specs are plain JSON; tests look inside them through this loose view.
type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const json = (spec: ChartSpec): Json => spec as unknown as Json

/** Compiles with vega-lite and returns every warning it logged (a valid spec logs none). */
function compileWarnings(spec: ChartSpec): string[] {
  const messages: string[] = []
  const logger = {
    level: () => logger,
    error: (...a: unknown[]) => (messages.push(`error: ${a.join(' ')}`), logger),
    warn: (...a: unknown[]) => (messages.push(`warn: ${a.join(' ')}`), logger),
    info: () => logger,
    debug: () => logger,
  }
  compile(spec, { logger: logger as never })
  return messages
}

const ks = [2, 3, 4, 5]
const curve = (name: string, kind: CurveSeries['kind'], group?: string, band = true): CurveSeries => ({
  name,
  kind,
  group,
  points: ks.map((k) => ({ k, value: 1 / k, ...(band ? { low: 0.9 / k, high: 1.1 / k } : {}) })),
})

describe('consistencyChart', () => {
  it('draws the colour legend in the one line style of a single-kind chart (dashed for theory alone)', () => {
    const colourLegend = (spec: unknown) =>
      (JSON.stringify(spec).match(/"legend":\{"symbolType":"stroke"[^}]*\}/) ?? [''])[0]
    const theoryOnly = consistencyChart({
      series: [
        {
          name: 'Proposition 2',
          kind: 'theory',
          points: [
            { k: 2, value: 1 },
            { k: 3, value: 0.9 },
          ],
        },
      ],
    })
    expect(colourLegend(theoryOnly)).toContain('"symbolDash":[6,4]')
    const mixed = consistencyChart({
      series: [
        { name: 'a theory', group: 'a', kind: 'theory', points: [{ k: 2, value: 1 }] },
        { name: 'a estimate', group: 'a', kind: 'estimate', points: [{ k: 2, value: 0.9 }] },
      ],
    })
    expect(colourLegend(mixed)).not.toContain('symbolDash')
  })

  const spec = json(
    consistencyChart({
      title: 'Figure 2',
      series: [
        curve('N=1e3 sim', 'simulated', 'N = 1,000'),
        curve('N=1e3 theory', 'theory', 'N = 1,000', false),
        curve('N=1e6 sim', 'simulated', 'N = 1,000,000'),
      ],
    }),
  )

  it('labels axes in the paper notation and titles the chart', () => {
    expect(spec.title).toBe('Figure 2')
    expect(spec.encoding.x).toMatchObject({ field: 'k', title: 'set size k' })
    expect(spec.layer[1].encoding.y).toMatchObject({ field: 'value', title: 'Consistency_k' })
    expect(spec.width).toBe(640)
  })

  it('draws a band, measured lines, markers, then dashed theory on top', () => {
    expect(spec.layer.map((l: Json) => l.mark.type)).toEqual(['area', 'line', 'point', 'line'])
    expect(spec.layer[0].encoding).toMatchObject({ y: { field: 'low' }, y2: { field: 'high' } })
    expect(spec.layer[0].mark.opacity).toBeLessThan(0.5)
    expect(spec.layer[3].transform).toEqual([{ filter: "datum.kind === 'theory'" }])
    const dash = spec.layer[3].encoding.strokeDash
    expect(dash.scale.domain).toEqual(['simulated', 'theory'])
    expect(dash.scale.range).toEqual([
      [1, 0],
      [6, 4],
    ])
  })

  it('colours by group in input order, with one legend entry per group', () => {
    const color = spec.layer[1].encoding.color
    expect(color.field).toBe('group')
    expect(color.scale.domain).toEqual(['N = 1,000', 'N = 1,000,000'])
    expect(color.scale.range).toEqual(['#0072B2', '#E69F00'])
  })

  it('keeps CI bounds only where both are finite, and drops non-finite points', () => {
    const s = json(
      consistencyChart({
        series: [
          {
            name: 'a',
            kind: 'estimate',
            points: [
              { k: 2, value: 0.5, low: 0.4, high: NaN },
              { k: 3, value: NaN },
              { k: 4, value: 0.3, low: 0.2, high: 0.4 },
            ],
          },
        ],
      }),
    )
    expect(s.data.values).toEqual([
      { series: 'a', group: 'a', kind: 'estimate', k: 2, value: 0.5, low: null, high: null, marker: true },
      { series: 'a', group: 'a', kind: 'estimate', k: 4, value: 0.3, low: 0.2, high: 0.4, marker: true },
    ])
  })

  it('leaves out layers that would be empty and the dash legend when there is one kind', () => {
    const s = json(consistencyChart({ series: [curve('t', 'theory', undefined, false)] }))
    expect(s.layer.map((l: Json) => l.mark.type)).toEqual(['line'])
    expect(s.layer[0].encoding.strokeDash.legend).toBeNull()
  })

  it('drops point markers on long curves', () => {
    const long = Array.from({ length: MARKER_LIMIT + 1 }, (_, i) => ({ k: i + 2, value: 0.5 }))
    const s = json(consistencyChart({ series: [{ name: 'a', kind: 'estimate', points: long }] }))
    expect(s.data.values.every((r: Json) => r.marker === false)).toBe(true)
    expect(s.layer.map((l: Json) => l.mark.type)).toEqual(['line'])
  })

  it('compiles without a vega-lite warning', () => {
    expect(compileWarnings(spec as ChartSpec)).toEqual([])
    expect(
      compileWarnings(consistencyChart({ series: [curve('t', 'theory', undefined, false)], yDomain: [0, 1] })),
    ).toEqual([])
  })

  it('rejects empty, duplicated, unknown and all-NaN curves', () => {
    expect(() => consistencyChart({ series: [] })).toThrow(
      new InputError('plot: a consistency chart needs at least one curve.'),
    )
    expect(() => consistencyChart({ series: [curve('a', 'theory'), curve('a', 'estimate')] })).toThrow(
      'plot: curve name "a" is used twice; give each curve its own name.',
    )
    expect(() => consistencyChart({ series: [curve('a', 'guess' as never)] })).toThrow(
      'plot: curve kind "guess" is unknown; use estimate, simulated, real, theory, baseline.',
    )
    expect(() =>
      consistencyChart({ series: [{ name: 'a', kind: 'estimate', points: [{ k: 2, value: NaN }] }] }),
    ).toThrow('plot: no curve has a finite point to draw.')
  })
})

describe('series adapters', () => {
  it('turns estimator points into a curve with its CI, and theory points into a dashed curve', () => {
    const points: ConsistencyPoint[] = [{ k: 2, mean: 0.9, std: 0.1, n: 1000, ciLow: 0.89, ciHigh: 0.91 }]
    expect(estimateSeries('UT-ALS', points, 'real')).toEqual({
      name: 'UT-ALS',
      kind: 'real',
      group: undefined,
      points: [{ k: 2, value: 0.9, low: 0.89, high: 0.91 }],
    })
    expect(theorySeries('theory', [{ k: 2, consistency: 0.95 }], 'N = 1,000')).toEqual({
      name: 'theory',
      kind: 'theory',
      group: 'N = 1,000',
      points: [{ k: 2, value: 0.95 }],
    })
  })
})

describe('histogramChart', () => {
  const values = Float64Array.from({ length: 200 }, (_, i) => (i % 20) / 2)
  const panels = [2, 10].map((d) => ({ label: `d = ${d}`, values, density: normalDensity(5, 3, { points: 20 }) }))

  it('facets one panel per label, in order, with independent axes and a shared legend', () => {
    const s = json(histogramChart({ panels, binCount: 10 }))
    expect(s.facet).toMatchObject({ field: 'panel', sort: ['d = 2', 'd = 10'] })
    expect(s.columns).toBe(2)
    expect(s.resolve).toEqual({ scale: { x: 'independent', y: 'independent' } })
    expect(s.spec.layer.map((l: Json) => l.mark.type)).toEqual(['rect', 'line', 'text'])
    expect(s.spec.layer[0].encoding.x.title).toBe('<X_i, X_j>')
    expect(s.spec.layer[0].encoding.y.title).toBe('density')
    expect(s.spec.layer[1].encoding.color.scale.domain).toEqual(['histogram', 'normal approximation'])
  })

  it('normalises bars to a density that integrates to 1', () => {
    const s = json(histogramChart({ panels, binCount: 10 }))
    const bars = s.data.values.filter((r: Json) => r.panel === 'd = 2' && r.part === 'bar')
    expect(bars).toHaveLength(10)
    expect(bars.reduce((a: number, b: Json) => a + b.y * (b.x1 - b.x0), 0)).toBeCloseTo(1, 12)
  })

  it('draws a single panel without facets, its label in the title', () => {
    const s = json(histogramChart({ panels: [panels[0]!], title: 'Inner products' }))
    expect(s.facet).toBeUndefined()
    expect(s.title).toBe('Inner products (d = 2)')
    expect(s.layer.map((l: Json) => l.mark.type)).toEqual(['rect', 'line'])
  })

  it('accepts pre-computed bins', () => {
    const s = json(
      histogramChart({
        panels: [
          {
            label: 'x',
            bins: [
              { x0: 0, x1: 1, count: 1 },
              { x0: 1, x1: 2, count: 3 },
            ],
          },
        ],
      }),
    )
    expect(s.data.values.filter((r: Json) => r.part === 'bar').map((r: Json) => r.y)).toEqual([0.25, 0.75])
  })

  it('compiles without a vega-lite warning', () => {
    expect(compileWarnings(histogramChart({ panels }))).toEqual([])
    expect(compileWarnings(histogramChart({ panels: [panels[0]!] }))).toEqual([])
  })

  it('rejects no panels, duplicate labels and panels without samples', () => {
    expect(() => histogramChart({ panels: [] })).toThrow('plot: a histogram chart needs at least one panel.')
    expect(() => histogramChart({ panels: [panels[0]!, panels[0]!] })).toThrow(
      'plot: histogram panel labels must be unique.',
    )
    expect(() => histogramChart({ panels: [{ label: 'empty', values: [NaN] }] })).toThrow(
      'plot: histogram panel "empty" has no finite sample to draw.',
    )
    expect(() => histogramChart({ panels: [{ label: 'none' }] })).toThrow('plot: a histogram needs raw values or bins.')
  })
})

describe('distributionChart', () => {
  it('draws counts with labelled reference lines', () => {
    const s = json(
      distributionChart({
        xTitle: 'item norm ||x||',
        values: [1, 2, 2, 3],
        binCount: 2,
        markers: [{ label: 'mean', value: 2 }],
      }),
    )
    expect(s.title).toBe('Distribution of item norm ||x||')
    expect(s.layer.map((l: Json) => l.mark.type)).toEqual(['rect', 'rule', 'text'])
    expect(s.layer[0].encoding.y.title).toBe('count')
    expect(s.data.values.map((r: Json) => r.y)).toEqual([1, 3])
    expect(compileWarnings(s as ChartSpec)).toEqual([])
  })

  it('scales to fractions on request and rejects a non-finite marker', () => {
    const s = json(distributionChart({ xTitle: 'precision', values: [0, 0, 1, 1], binCount: 2, scale: 'fraction' }))
    expect(s.data.values.map((r: Json) => r.y)).toEqual([0.5, 0.5])
    expect(() => distributionChart({ xTitle: 'x', values: [1], markers: [{ label: 'm', value: NaN }] })).toThrow(
      'plot: marker "m" has a non-finite value NaN.',
    )
  })
})

describe('pairwiseChart', () => {
  const series = [
    {
      name: 'd = 32',
      closedForm: ks.map((k) => ({ k, value: 0.9 - k / 100 })),
      empirical: ks.map((k) => ({ k, value: 0.89 - k / 100, low: 0.88 - k / 100, high: 0.9 - k / 100 })),
    },
  ]

  it('draws the 0.5 reference, the closed form as a line and frequencies as points with CI bars', () => {
    const s = json(pairwiseChart({ series }))
    expect(s.layer.map((l: Json) => l.mark.type)).toEqual(['rule', 'line', 'rule', 'point'])
    expect(s.layer[0].data.values).toEqual([{ value: 0.5 }])
    expect(s.layer[1].encoding.y.title).toBe('P(s(u, μ_U) > s(v, μ_U))')
    expect(s.layer[2].encoding).toMatchObject({ y: { field: 'low' }, y2: { field: 'high' } })
    expect(s.layer[1].encoding.x.title).toBe('set size k')
    expect(compileWarnings(s as ChartSpec)).toEqual([])
  })

  it('leaves out what a series does not have, and rejects bad input', () => {
    expect(json(pairwiseChart({ series: [{ name: 'a', closedForm: series[0]!.closedForm }] })).layer).toHaveLength(2)
    expect(() => pairwiseChart({ series: [] })).toThrow('plot: a pairwise chart needs at least one series.')
    expect(() => pairwiseChart({ series: [{ name: 'a' }, { name: 'a' }] })).toThrow(
      'plot: pairwise series names must be unique.',
    )
    expect(() => pairwiseChart({ series: [{ name: 'a' }] })).toThrow(
      'plot: the pairwise chart has no finite point to draw.',
    )
  })
})

describe('barChart', () => {
  it('keeps the input order and draws error bars where given', () => {
    const s = json(
      barChart({
        valueTitle: 'mean Precision_|U|',
        bars: [
          { label: 'histories', value: 0.12, low: 0.1, high: 0.14 },
          { label: 'random', value: 0.04 },
        ],
      }),
    )
    expect(s.layer[0].encoding.y.sort).toEqual(['histories', 'random'])
    expect(s.data.values[1]).toEqual({ label: 'random', value: 0.04, low: null, high: null })
    expect(s.layer.map((l: Json) => l.mark.type)).toEqual(['bar', 'rule'])
    expect(compileWarnings(s as ChartSpec)).toEqual([])
  })

  it('rejects no bars, duplicate labels and non-finite values', () => {
    expect(() => barChart({ valueTitle: 'v', bars: [] })).toThrow('plot: a bar chart needs at least one bar.')
    expect(() =>
      barChart({
        valueTitle: 'v',
        bars: [
          { label: 'a', value: 1 },
          { label: 'a', value: 2 },
        ],
      }),
    ).toThrow('plot: bar labels must be unique.')
    expect(() => barChart({ valueTitle: 'v', bars: [{ label: 'a', value: Infinity }] })).toThrow(
      'plot: bar "a" has a non-finite value Infinity.',
    )
  })
})

describe('purity', () => {
  it('returns plain JSON: the same input gives the same spec, and it survives a JSON round trip', () => {
    const make = (): ChartSpec =>
      consistencyChart({ series: [curve('a', 'estimate'), curve('b', 'theory', undefined, false)] })
    expect(make()).toEqual(make())
    expect(JSON.parse(JSON.stringify(make()))).toEqual(make())
  })
})
