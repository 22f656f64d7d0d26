/** The multi-model compare figure: one colour per model, its per-dimension theory dashed in the same colour. */
import { describe, expect, it } from 'vitest'
import type { ConsistencyPoint } from '../../src/estimate/consistency.js'
import { modelsChart, renderSvg, type ModelCurves } from '../../src/report/charts/index.js'
import { PALETTE } from '../../src/report/charts/theme.js'
import { compareGolden } from './golden-svg.js'

function models(): ModelCurves[] {
  const ks = Array.from({ length: 9 }, (_, i) => i + 2)
  return [
    ['ALS', 0.08],
    ['SVD', 0.12],
    ['BPR', 0.2],
  ].map(([label, rate]) => {
    const theory = (k: number): number => Math.exp(-(rate as number) * (k - 2))
    const points: ConsistencyPoint[] = ks.map((k) => {
      const mean = theory(k) - 0.02 * Math.cos(k)
      return { k, mean, std: 0.1, n: 500, ciLow: Math.max(0, mean - 0.025), ciHigh: Math.min(1, mean + 0.025) }
    })
    return { label: label as string, points, theory: ks.map((k) => ({ k, consistency: theory(k) })) }
  })
}

describe('modelsChart', () => {
  it('draws each model in its own colour, measured solid with its band and its theory dashed', () => {
    const spec = modelsChart(models(), { title: 'three models' }) as unknown as {
      data: { values: { series: string; group: string; kind: string }[] }
      layer: { encoding: { color: { scale: { domain: string[]; range: string[] } } } }[]
    }
    const rows = spec.data.values
    expect(new Set(rows.map((r) => r.series)).size).toBe(6)
    const scale = spec.layer[0]!.encoding.color.scale
    expect(scale.domain).toEqual(['ALS', 'SVD', 'BPR'])
    expect(scale.range).toEqual(PALETTE.slice(0, 3))
    expect(new Set(scale.range).size).toBe(3)
    for (const label of scale.domain)
      expect(new Set(rows.filter((r) => r.group === label).map((r) => r.kind))).toEqual(new Set(['real', 'theory']))
  })

  it('matches the golden consistency-models.svg', async () => {
    const result = compareGolden(
      'consistency-models',
      await renderSvg(modelsChart(models(), { title: 'three models' })),
    )
    expect(result.ok, result.message).toBe(true)
  })
})
