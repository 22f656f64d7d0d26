/**
 * Composable transforms, applied in the order given: `center,whiten,normalize`,
 * `clip-norms=0.9`, `whiten=0.1` (explicit shrinkage), `standardize`.
 */
import { InputError } from '../errors.js'
import type { Embeddings } from '../io/embeddings.js'
import { center } from './center.js'
import { clipNorms } from './clip.js'
import { normalize } from './normalize.js'
import { standardize } from './standardize.js'
import { whiten } from './whiten.js'

/** One step of a pipeline. */
export type TransformStep =
  | { name: 'center' }
  | { name: 'normalize' }
  | { name: 'standardize' }
  | { name: 'whiten'; shrinkage?: number }
  | { name: 'clip-norms'; quantile: number }

/** Names {@link parseTransforms} accepts. */
export const TRANSFORM_NAMES = ['center', 'whiten', 'normalize', 'clip-norms', 'standardize'] as const

/** Default quantile of `clip-norms` without `=q`: cap the top 10 % of norms. */
export const DEFAULT_CLIP_QUANTILE = 0.9

/** What one applied step did, for the report (e.g. the norm cap, the shrinkage used). */
export interface StepReport {
  step: string
  note?: string
}

/** The transformed matrix and one report per step, in order. */
export interface PipelineResult {
  embeddings: Embeddings
  steps: StepReport[]
}

/** An InputError about the --transform text (the CLI names its flag). */
const refuse = (message: string) => new InputError(message, { module: 'transform', field: 'transform' })

const USAGE = 'use center, whiten[=shrinkage], normalize, clip-norms[=q] or standardize, comma-separated'

/**
 * Parses `center,whiten,normalize,clip-norms=0.9` into steps (in order).
 * @throws InputError naming an unknown transform or a bad parameter.
 */
export function parseTransforms(text: string): TransformStep[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
  if (parts.length === 0) throw refuse(`no transform given; ${USAGE}.`)
  return parts.map(parseStep)
}

function parseStep(part: string): TransformStep {
  const [name, arg, extra] = part.split('=')
  const value = arg === undefined ? undefined : Number(arg)
  if (extra !== undefined || (arg !== undefined && (arg.trim() === '' || !Number.isFinite(value)))) {
    throw refuse(`"${part}" has a malformed parameter; ${USAGE}.`)
  }
  const none = (): void => {
    if (arg !== undefined) throw refuse(`${name} takes no parameter (got "${part}").`)
  }
  switch (name) {
    case 'center':
    case 'normalize':
    case 'standardize':
      none()
      return { name }
    case 'whiten':
      if (value !== undefined && !(value >= 0 && value <= 1))
        throw refuse(`whiten shrinkage ${arg} must lie in [0, 1].`)
      return value === undefined ? { name } : { name, shrinkage: value }
    case 'clip-norms': {
      const q = value ?? DEFAULT_CLIP_QUANTILE
      if (!(q > 0 && q <= 1)) throw refuse(`clip-norms: quantile ${arg} must lie in (0, 1], e.g. clip-norms=0.9.`)
      return { name, quantile: q }
    }
    default:
      throw refuse(`unknown transform "${name}"; ${USAGE}.`)
  }
}

/** The canonical text of a step (`clip-norms=0.9`), as parseTransforms reads it. */
export function formatStep(s: TransformStep): string {
  if (s.name === 'clip-norms') return `clip-norms=${s.quantile}`
  if (s.name === 'whiten' && s.shrinkage !== undefined) return `whiten=${s.shrinkage}`
  return s.name
}

/**
 * Applies the steps in order. Without `inPlace` the input is never modified (the
 * first step copies, the rest reuse that copy).
 */
export function applyPipeline(
  e: Embeddings,
  steps: readonly TransformStep[],
  opts: { inPlace?: boolean } = {},
): PipelineResult {
  let cur = e
  const reports: StepReport[] = []
  steps.forEach((s, idx) => {
    const inPlace = opts.inPlace === true || idx > 0
    const r = applyStep(cur, s, inPlace)
    cur = r.embeddings
    reports.push({ step: formatStep(s), ...(r.note === undefined ? {} : { note: r.note }) })
  })
  return { embeddings: cur, steps: reports }
}

function applyStep(e: Embeddings, s: TransformStep, inPlace: boolean): { embeddings: Embeddings; note?: string } {
  switch (s.name) {
    case 'center':
      return { embeddings: center(e, inPlace) }
    case 'normalize':
      return { embeddings: normalize(e, inPlace) }
    case 'standardize':
      return { embeddings: standardize(e, inPlace) }
    case 'whiten': {
      const w = whiten(e, { shrinkage: s.shrinkage ?? 'auto', inPlace })
      return { embeddings: w.embeddings, note: `rank ${w.rank} of ${e.d}, shrinkage ${fmt(w.shrinkage)}` }
    }
    case 'clip-norms': {
      const c = clipNorms(e, s.quantile, inPlace)
      return { embeddings: c.embeddings, note: `cap ${fmt(c.threshold)}, ${c.clipped} of ${e.n} rows clipped` }
    }
  }
}

function fmt(x: number): string {
  return x === 0
    ? '0'
    : Math.abs(x) >= 0.01 && Math.abs(x) < 1e4
      ? x.toFixed(4).replace(/\.?0+$/, '')
      : x.toExponential(2)
}
