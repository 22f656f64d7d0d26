/**
 * `avgcon theory --method exact|prop2`: which method a run uses, and the exact
 * method's curve (src/theory/exact) with its Monte-Carlo CI, as table, CSV and chart series.
 */
import { InputError } from '../../errors.js'
import type { CurveSeries } from '../../report/charts/index.js'
import { formatCsv, formatTable } from '../../report/table.js'
import type { ExactPoint } from '../../theory/exact/consistency.js'
import { exactSupports } from '../../theory/exact/tail.js'
import type { Law } from '../../theory/index.js'
import { intOption } from '../options.js'

export type TheoryMethod = 'exact' | 'prop2'

/** The laws `--method exact` handles, as messages name them. */
export const EXACT_LAWS = 'normal, uniform and laplace'
const EXACT_LAWS_OR = 'normal, uniform or laplace'

/** The method to run and, when the default had to fall back to Proposition 2, why. */
export interface MethodChoice {
  method: TheoryMethod
  note?: string
}

/**
 * --method given or not, for a named law (or none: --moments / --from).
 * The default is exact wherever the exact library supports the law, Proposition 2 otherwise.
 */
export function chooseMethod(flag: string | undefined, law: Law | undefined): MethodChoice {
  if (flag !== undefined && flag !== 'exact' && flag !== 'prop2')
    throw new InputError(`--method: "${flag}" is not a method; use exact or prop2.`)
  if (flag === 'prop2') return { method: 'prop2' }
  if (law === undefined) {
    if (flag === 'exact')
      throw new InputError(
        `--method exact needs a named --law (${EXACT_LAWS_OR}); use --method prop2 for --moments and --from.`,
      )
    return { method: 'prop2' }
  }
  if (exactSupports(law)) return { method: 'exact' }
  if (flag === 'exact')
    throw new InputError(`--method exact supports the laws ${EXACT_LAWS}, not ${law.kind}; use --method prop2.`)
  return {
    method: 'prop2',
    note: `Proposition 2 used: the exact method does not support ${law.kind} yet (it supports ${EXACT_LAWS}); Proposition 2 is an approximation that can be off by 0.1 or more (0.13 measured for Rademacher at N=5e4, d=64, k=3), so check it with avgcon simulate.`,
  }
}

/**
 * Work units a default run may spend: about 2 s for a k=2..50 curve at d=128 with
 * the normal law on 2 loaded cores (measured: ~8 ms a set for the whole curve, 240 sets).
 */
const WORK_BUDGET = 5e7
const MIN_DEFAULT_SETS = 50
const MAX_DEFAULT_SETS = 20_000
/** The saddlepoint tail (uniform, Laplace) solves for θ per score: ~40 law-CGF calls per coordinate. */
const SADDLEPOINT_COST = 40

/**
 * Default sets per k: as many as fit WORK_BUDGET, from the per-set cost k·d (draw and
 * score U) + k² (binomial sums) + the tail's k·d·40 for saddlepoint laws; 50..20,000.
 */
export function defaultSets(law: Law, d: number, ks: number[]): number {
  const tail = law.kind === 'normal' ? 0 : SADDLEPOINT_COST
  const perSet = ks.reduce((sum, k) => sum + k * d * (1 + tail) + k * k, 0)
  return Math.max(MIN_DEFAULT_SETS, Math.min(MAX_DEFAULT_SETS, Math.floor(WORK_BUDGET / perSet)))
}

/** --sets and --seed: only meaningful for the exact method. */
export function exactOptions(
  f: { sets?: string; seed?: string },
  choice: MethodChoice,
  law: Law | undefined,
  d: number,
  ks: number[],
): { sets: number; seed: number } | undefined {
  if (choice.method !== 'exact' || law === undefined) {
    for (const [flag, given] of [
      ['--sets', f.sets],
      ['--seed', f.seed],
    ] as const)
      if (given !== undefined) throw new InputError(`${flag} only applies to --method exact (sampled sets).`)
    return undefined
  }
  return {
    sets: intOption(f.sets, '--sets', 2, defaultSets(law, d, ks), 10_000_000),
    seed: intOption(f.seed, '--seed', 0, 0),
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
