/**
 * The report's theory: the three reference curves (theory/reference-curves.ts) at the
 * data's N, d and k, each wrapped as `avgcon theory --json --method prop2` would print it
 * (normal law; --from FILE; --from FILE --per-dim), and a summary of the item norms.
 */
import { runResult, type InputInfo, type RunResult } from '../results.js'
import { formatLaw, lawMoments, parseLaw, referenceCurves, type DimMoments, type TheoryPoint } from '../theory/index.js'
import type { NormSummary, ReportTheory } from './html/types.js'

/** What the theory sections are computed from. */
export interface TheorySectionsInput {
  n: number
  d: number
  ks: readonly number[]
  dims: DimMoments
  /** The embeddings' input section (its sha256, if any, is left to the report's own input). */
  info: InputInfo
  center: boolean
  normalize: boolean
}

/** The normal, pooled and per-dimension theory sections of the report. */
export function theorySections(p: TheorySectionsInput): ReportTheory {
  const started = performance.now()
  const curves = referenceCurves({ n: p.n, d: p.d, ks: p.ks, dimMoments: p.dims })
  // One computation gives all three curves; each section reports its time.
  const seconds = Math.round(performance.now() - started) / 1000
  const input = { ...p.info, sha256: undefined }
  const section = (
    perDim: boolean,
    source: 'law' | 'file',
    results: TheoryPoint[],
    moments: Record<string, unknown>,
  ): RunResult<TheoryPoint> =>
    runResult('theory', {
      settings: {
        n: p.n,
        d: p.d,
        k: [...p.ks],
        source,
        law: source === 'law' ? (moments.law as string) : null,
        perDim,
        center: source === 'file' && p.center,
        ...(source === 'file' && p.normalize ? { normalize: true } : {}),
      },
      input: source === 'file' ? input : undefined,
      results,
      seconds,
      // As `avgcon theory --json --method prop2` says it: the report's theory is Proposition 2.
      method: 'prop2',
      moments,
    })
  const normal = parseLaw('normal')
  const pooled = curves.pooledMoments
  return {
    normal: section(false, 'law', curves.iid, {
      source: 'law',
      law: formatLaw(normal),
      perDimension: false,
      ...lawMoments(normal),
    }),
    pooled: section(false, 'file', curves.pooled, { source: 'file', perDimension: false, ...pooled }),
    perDimension: section(true, 'file', curves.perDimension, {
      source: 'file',
      perDimension: true,
      ...pooled,
      dims: {
        mean: Array.from(p.dims.mean),
        std: Array.from(p.dims.std),
        skewness: Array.from(p.dims.skewness),
        kurtosis: Array.from(p.dims.kurtosis),
      },
    }),
  }
}

/** Mean, standard deviation, minimum and maximum of the item norms. */
export function normSummary(norms: Float64Array): NormSummary {
  let sum = 0
  let sumSq = 0
  let min = Infinity
  let max = -Infinity
  for (const x of norms) {
    sum += x
    sumSq += x * x
    if (x < min) min = x
    if (x > max) max = x
  }
  const n = norms.length
  const mean = sum / n
  return { mean, std: Math.sqrt(Math.max(0, sumSq / n - mean * mean)), min, max }
}
