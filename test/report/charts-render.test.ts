import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InputError, setWarnSink } from '../../src/errors.js'
import { rng } from '../../src/rng.js'
import {
  type ChartSpec,
  consistencyChart,
  type CurveSeries,
  histogramChart,
  normalDensity,
  pngFontFiles,
  renderPng,
  renderSvg,
  savePlot,
  svgToPng,
} from '../../src/report/charts/index.js'
import { compareGolden, normalizeSvg } from './golden-svg.js'

/** Figure 2 in miniature: theory (dashed) and simulated (with CI band) for two N. */
function figure2Spec(): ChartSpec {
  const ks = Array.from({ length: 11 }, (_, i) => i + 2)
  const series: CurveSeries[] = []
  for (const [group, rate] of [
    ['N = 1,000', 0.09],
    ['N = 1,000,000', 0.03],
  ] as const) {
    const theory = (k: number): number => Math.exp(-rate * (k - 2))
    series.push({ name: `${group} theory`, group, kind: 'theory', points: ks.map((k) => ({ k, value: theory(k) })) })
    series.push({
      name: `${group} simulated`,
      group,
      kind: 'simulated',
      points: ks.map((k) => {
        const value = theory(k) - 0.01 * Math.sin(k)
        return { k, value, low: Math.max(0, value - 0.03), high: Math.min(1, value + 0.03) }
      }),
    })
  }
  return consistencyChart({ title: 'Consistency_k, d = 128, N(0,1): computed vs simulated', series })
}

/** Figure 1 in miniature: two panels of seeded samples with their normal density. */
function figure1Spec(): ChartSpec {
  const r = rng(7)
  const panels = [2, 32].map((d) => {
    const sd = Math.sqrt(d)
    return {
      label: `d = ${d}`,
      values: Float64Array.from({ length: 2000 }, () => r.normal() * sd),
      density: normalDensity(0, sd, { points: 40 }),
    }
  })
  return histogramChart({ panels, binCount: 16 })
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  return { width: view.getUint32(16), height: view.getUint32(20) }
}

function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\swidth="(\d+)" height="(\d+)"/.exec(svg)!
  return { width: Number(m[1]), height: Number(m[2]) }
}

let warnings: string[] = []
let previousSink: ReturnType<typeof setWarnSink>
beforeEach(() => {
  warnings = []
  previousSink = setWarnSink((m) => warnings.push(m))
})
afterEach(() => {
  setWarnSink(previousSink)
  expect(warnings).toEqual([]) // vega and vega-lite log nothing for our specs
})

describe('renderSvg', () => {
  it.each([
    ['consistency-figure2', figure2Spec],
    ['histogram-figure1', figure1Spec],
  ])('matches the golden %s.svg', async (name, make) => {
    const result = compareGolden(name, await renderSvg(make()))
    expect(result.ok, result.message).toBe(true)
  })

  it('is byte-identical for the same spec, whatever was rendered in between', async () => {
    const first = await renderSvg(figure2Spec())
    await renderSvg(figure1Spec())
    expect(await renderSvg(figure2Spec())).toBe(first)
  })

  it('writes the labels a reader needs', async () => {
    const svg = await renderSvg(figure2Spec())
    for (const text of ['set size k', 'Consistency_k', 'N = 1,000,000', 'theory', 'simulated'])
      expect(svg).toContain(`>${text}</text>`)
  })

  it('never fetches: a spec with a data URL is refused', async () => {
    const spec = {
      data: { url: 'https://example.com/data.json' },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' } },
    } as ChartSpec
    await expect(renderSvg(spec)).rejects.toThrow(
      'plot: charts render offline, yet the spec asked to load "https://example.com/data.json"; give data as inline values.',
    )
    warnings = [] // vega also warns that the load failed
  })

  it('draws 50,000 points per curve', async () => {
    const points = Array.from({ length: 50_000 }, (_, i) => ({
      k: i + 2,
      value: 1 / Math.sqrt(i + 2),
      low: 0.9 / Math.sqrt(i + 2),
      high: Math.min(1, 1.1 / Math.sqrt(i + 2)),
    }))
    const spec = consistencyChart({
      series: [
        { name: 'real', kind: 'real', points },
        { name: 'theory', kind: 'theory', points: points.map((p) => ({ k: p.k, value: p.value })) },
      ],
    })
    const svg = await renderSvg(spec)
    expect(svg.length).toBeGreaterThan(1e5)
  })
})

describe('normalizeSvg', () => {
  it('rounds long decimals and renumbers ids with their references', () => {
    const svg =
      '<svg><clipPath id="clip7"><rect/></clipPath><g clip-path="url(#clip7)" d="M0.12345,2.5L-0.00001,3"/></svg>'
    expect(normalizeSvg(svg)).toBe(
      '<svg>\n<clipPath id="id1">\n<rect/>\n</clipPath>\n<g clip-path="url(#id1)" d="M0.123,2.5L0,3"/>\n</svg>\n',
    )
  })
})

describe('renderPng', () => {
  it('gives a PNG twice the SVG size by default, the same bytes each time', async () => {
    const spec = figure2Spec()
    const [svg, png] = [await renderSvg(spec), await renderPng(spec)]
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE)
    const { width, height } = svgSize(svg)
    expect(pngSize(png)).toEqual({ width: 2 * width, height: 2 * height })
    expect(width).toBeGreaterThan(640)
    expect(png.length).toBeGreaterThan(20_000)
    expect(await renderPng(spec)).toEqual(png)
    expect(pngSize(await renderPng(spec, { scale: 1 }))).toEqual({ width, height })
  })

  it.skipIf(pngFontFiles().length === 0)('draws the text (DejaVu Sans found)', async () => {
    const svg = await renderSvg(figure1Spec())
    const withText = await svgToPng(svg, { scale: 1 })
    const withoutText = await svgToPng(svg.replace(/<text\b[^>]*>[^<]*<\/text>/g, ''), { scale: 1 })
    const { width, height } = svgSize(svg)
    const blank = await svgToPng(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"/>`, {
      scale: 1,
    })
    expect(Buffer.from(withText).equals(Buffer.from(withoutText))).toBe(false)
    expect(Buffer.from(withoutText).equals(Buffer.from(blank))).toBe(false)
  })

  it('rejects a silly scale', async () => {
    await expect(
      svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', { scale: 0 }),
    ).rejects.toThrow(new InputError('plot: PNG scale 0 must lie in (0, 16].'))
  })
})

describe('pngFontFiles', () => {
  it('honours AVGCON_FONT, and finds nothing for a missing file', () => {
    expect(pngFontFiles({ AVGCON_FONT: '/no/such/font.ttf' })).toEqual([])
    const found = pngFontFiles({})
    if (found.length > 0) expect(pngFontFiles({ AVGCON_FONT: found[0] })).toEqual([found[0]])
  })
})

describe('savePlot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'avgcon-plot-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const spec = consistencyChart({
    series: [
      {
        name: 'a',
        kind: 'estimate',
        points: [
          { k: 2, value: 0.9, low: 0.85, high: 0.95 },
          { k: 3, value: 0.8 },
        ],
      },
    ],
  })

  it('writes SVG or PNG by extension (any case) and leaves no temporary file', async () => {
    await savePlot(join(dir, 'a.svg'), spec)
    await savePlot(join(dir, 'b.PNG'), spec)
    expect(readFileSync(join(dir, 'a.svg'), 'utf8')).toBe(await renderSvg(spec))
    expect([...readFileSync(join(dir, 'b.PNG')).subarray(0, 8)]).toEqual(PNG_SIGNATURE)
    expect(readdirSync(dir).sort()).toEqual(['a.svg', 'b.PNG'])
  })

  it('replaces an existing file', async () => {
    const other = consistencyChart({
      title: 'second',
      series: [
        {
          name: 'b',
          kind: 'theory',
          points: [
            { k: 2, value: 1 },
            { k: 3, value: 0.9 },
          ],
        },
      ],
    })
    await savePlot(join(dir, 'a.svg'), other)
    expect(readFileSync(join(dir, 'a.svg'), 'utf8')).toContain('>second</text>')
  })

  it('refuses other extensions before rendering', async () => {
    await expect(savePlot(join(dir, 'c.gif'), spec)).rejects.toThrow(
      `charts: cannot tell the image format of "${join(dir, 'c.gif')}" (extension ".gif"); use .svg or .png.`,
    )
    // No maintained browser-free SVG-to-PDF converter: PDF gets its own sentence.
    await expect(savePlot(join(dir, 'c.pdf'), spec)).rejects.toThrow(
      `charts: PDF is not supported ("${join(dir, 'c.pdf')}"); use .svg (vector, opens in any browser) or .png.`,
    )
    await expect(savePlot(join(dir, 'c.pdf'), spec)).rejects.toThrow(expect.objectContaining({ field: 'plot' }))
    await expect(savePlot(join(dir, 'plot'), spec)).rejects.toThrow('(no extension); use .svg or .png.')
  })

  it('reports a missing directory as an input error', async () => {
    const path = join(dir, 'missing', 'a.svg')
    await expect(savePlot(path, spec)).rejects.toThrow(
      new InputError(
        `${path}: no such file or directory; check the path (relative paths start from ${process.cwd()}).`,
      ),
    )
  })

  it('removes the temporary file when the final rename fails', async () => {
    const target = join(dir, 'taken.svg')
    mkdirSync(join(target, 'inside'), { recursive: true }) // a non-empty directory cannot be replaced by a file
    await expect(savePlot(target, spec)).rejects.toThrow(InputError)
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
    expect(existsSync(join(target, 'inside'))).toBe(true)
  })
})
