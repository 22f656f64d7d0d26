/**
 * Runs the explorer overlays: a results JSON (`avgcon report`, `estimate`, `simulate`
 * or `theory` with --json), or a report HTML page (its embedded JSON), turned into
 * curves for the consistency and P(in>out) charts. One colour per run.
 */
import { estimateSeries, theorySeries } from '../src/report/charts/consistency.js'
import type { CurveSeries } from '../src/report/charts/types.js'
import { REPORT_DATA_ID } from '../src/report/html/ids.js'

/** One overlaid run: its label and its curves on each chart. */
export interface Run {
  label: string
  consistency: CurveSeries[]
  pInOut: CurveSeries[]
}

type Json = Record<string, unknown>
type Point = {
  k: number
  mean?: number
  std?: number
  n?: number
  ciLow?: number
  ciHigh?: number
  consistency?: number
  pInOut?: number
}

/** Reads a dropped or fetched file: JSON, or an avgcon report page. */
export function parseRunText(text: string, name: string): Json {
  const trimmed = text.trimStart()
  if (trimmed.startsWith('<')) {
    const doc = new DOMParser().parseFromString(text, 'text/html')
    const block = doc.getElementById(REPORT_DATA_ID)
    if (!block) throw new Error(`${name}: an HTML page, but not an avgcon report (no embedded results).`)
    return JSON.parse(block.textContent ?? '') as Json
  }
  try {
    return JSON.parse(text) as Json
  } catch (err) {
    throw new Error(`${name}: not JSON (${(err as Error).message}).`)
  }
}

const isPoints = (v: unknown): v is Point[] =>
  Array.isArray(v) && v.every((p) => typeof p === 'object' && p !== null && typeof (p as Point).k === 'number')

/** Turns a results object into curves named after `label`; throws for results without a curve over k. */
export function runFromJson(j: Json, label: string): Run {
  const points = j.results
  if (typeof j.avgcon !== 'string' || !isPoints(points)) {
    throw new Error(
      `${label}: not an avgcon results file with a curve over k (command ${JSON.stringify(j.command ?? 'unknown')}).`,
    )
  }
  const measured = (name: string, ps: Point[]) =>
    estimateSeries(
      name,
      ps.map((p) => ({
        k: p.k,
        mean: p.mean!,
        std: p.std ?? NaN,
        n: p.n ?? 0,
        ciLow: p.ciLow ?? NaN,
        ciHigh: p.ciHigh ?? NaN,
      })),
      'estimate',
      label,
    )
  const theory = (name: string, ps: Point[], pick: 'consistency' | 'pInOut') =>
    theorySeries(
      name,
      ps.map((p) => ({ k: p.k, consistency: p[pick]! })),
      label,
    )
  if (j.command === 'report') {
    const perDim = ((j.theory as Json | undefined)?.perDimension as Json | undefined)?.results
    const run: Run = { label, consistency: [measured(`${label}: measured`, points)], pInOut: [] }
    if (isPoints(perDim)) {
      run.consistency.push(theory(`${label}: theory (per dimension)`, perDim, 'consistency'))
      run.pInOut.push(theory(`${label}: theory (per dimension)`, perDim, 'pInOut'))
    }
    return run
  }
  if (points.every((p) => typeof p.consistency === 'number')) {
    const withP = points.every((p) => typeof p.pInOut === 'number')
    return {
      label,
      consistency: [theory(`${label}: theory`, points, 'consistency')],
      pInOut: withP ? [theory(`${label}: theory`, points, 'pInOut')] : [],
    }
  }
  if (points.every((p) => typeof p.mean === 'number'))
    return { label, consistency: [measured(`${label}: measured`, points)], pInOut: [] }
  throw new Error(`${label}: its results have neither "mean" nor "consistency" per k.`)
}

/** A label not used yet: the file name, then "name (2)", "name (3)", ... */
export function uniqueLabel(name: string, taken: string[]): string {
  let label = name
  for (let i = 2; taken.includes(label); i++) label = `${name} (${i})`
  return label
}
