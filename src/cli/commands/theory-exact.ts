/**
 * `avgcon theory --method exact|prop2`: the method flags in flag words, and the exact
 * method's curve (src/theory/exact) with its Monte-Carlo CI as table, CSV and chart series.
 * The choice itself is the run's (src/runs/theory.ts).
 */
import type { CurveSeries } from '../../report/charts/index.js'
import { formatCsv, formatTable } from '../../report/table.js'
import { MAX_SETS, type TheoryMethod } from '../../runs/theory.js'
import type { ExactPoint } from '../../theory/exact/consistency.js'
import { intOption, numberOption } from '../options.js'

/** --method, --sets, --seed and --ci as numbers; the run checks the method, the law and when they apply. */
export function methodFlags(f: { method?: string; sets?: string; seed?: string; ci?: string }): {
  method?: TheoryMethod
  sets?: number
  seed?: number
  ci?: number
} {
  return {
    method: f.method as TheoryMethod | undefined,
    sets: f.sets === undefined ? undefined : intOption(f.sets, '--sets', 2, undefined, MAX_SETS),
    seed: f.seed === undefined ? undefined : intOption(f.seed, '--seed', 0),
    ci: numberOption(f.ci, '--ci', 0, 1),
  }
}

export function exactTable(points: ExactPoint[]): string {
  const rows = points.map((p) => [
    String(p.k),
    p.consistency.toFixed(4),
    `[${p.ciLow.toFixed(4)}, ${p.ciHigh.toFixed(4)}]`,
    String(p.sets),
  ])
  return formatTable([{ header: 'k' }, { header: 'consistency' }, { header: '95% CI' }, { header: 'sets' }], rows)
}

export function exactCsv(points: ExactPoint[]): string {
  return formatCsv(
    ['k', 'consistency', 'ciLow', 'ciHigh', 'std', 'sets'],
    points.map((p) => [p.k, p.consistency, p.ciLow, p.ciHigh, p.std, p.sets]),
  )
}

/** The exact curve with its CI as the chart's band. */
export function exactSeries(points: ExactPoint[]): CurveSeries {
  return {
    name: 'exact (Rao-Blackwellised)',
    kind: 'theory',
    points: points.map((p) => ({ k: p.k, value: p.consistency, low: p.ciLow, high: p.ciHigh })),
  }
}
