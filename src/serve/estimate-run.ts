/**
 * The work behind `GET /api/estimate`: load a served file and estimate it as
 * `avgcon estimate FILE --ci ... --json` would. It runs in a child process
 * (estimate-worker.ts), so a file that hangs or blows up its decoder never
 * blocks the server's event loop.
 */
import { InputError } from '../errors.js'
import type { ConsistencyPoint } from '../estimate/consistency.js'
import { parseKList } from '../estimate/klist.js'
import { parseMetric, type Metric } from '../estimate/metric.js'
import type { RunResult } from '../results.js'
import { estimate } from '../runs/estimate.js'

/** The most sets per k a served estimate may draw (the adaptive mode's cap). */
export const SERVE_MAX_SAMPLES = 100_000

/** The query parameters of an estimate request, checked (numbers before any expansion). */
export interface EstimateQuery {
  k: string
  metric: Metric
  ci: number
  seed: number
  center: boolean
}

/** A failed request's message, naming the query parameter at fault (`k: ...`) where the error names one. */
export function requestMessage(err: unknown): string {
  if (!(err instanceof InputError)) return `internal error: ${(err as Error).message}`
  if (err.field === undefined) return err.message
  return `${err.field === 'ks' ? 'k' : err.field}: ${err.detail}`
}

/** Parses and checks the query; throws InputError naming the parameter. */
export function parseEstimateQuery(q: URLSearchParams): EstimateQuery {
  const ci = Number(q.get('ci') ?? '0.01')
  const seed = Number(q.get('seed') ?? '0')
  if (!(ci > 0 && ci < 1)) throw new InputError(`ci: "${q.get('ci')}" must be a number strictly between 0 and 1.`)
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new InputError(`seed: "${q.get('seed')}" must be a whole number in 0 .. 9,007,199,254,740,991.`)
  const k = q.get('k') ?? '2..50'
  parseKList(k) // refuses a malformed or oversized list before any work (k <= N is checked once N is known)
  return { k, metric: parseMetric(q.get('metric') ?? 'dot'), ci, seed, center: q.get('center') === '1' }
}

/** Loads `file` and runs the adaptive estimate: the envelope of `avgcon estimate FILE --ci ... --json`. */
export async function runServedEstimate(
  file: string,
  o: EstimateQuery,
  onProgress: (done: number, total: number) => void,
): Promise<RunResult<ConsistencyPoint>> {
  // loadRunInput reports the file's own name only: a client never learns where served files live.
  return estimate({
    file,
    center: o.center,
    k: o.k,
    metric: o.metric,
    ci: o.ci,
    maxSamples: SERVE_MAX_SAMPLES,
    seed: o.seed,
    onProgress,
  })
}
