/**
 * The work behind `GET /api/estimate`: load a served file and estimate it as
 * `avgcon estimate FILE --ci ... --json` would. It runs in a child process
 * (estimate-worker.ts), so a file that hangs or blows up its decoder never
 * blocks the server's event loop.
 */
import { basename } from 'node:path'
import { InputError } from '../errors.js'
import { checkEstimateOptions, estimateConsistency } from '../estimate/consistency.js'
import { parseKList } from '../estimate/klist.js'
import { parseMetric, searchSpace } from '../estimate/metric.js'
import { loadEmbeddings } from '../io/index.js'
import { runResult } from '../report/results.js'
import { loadEngine } from '../search/index.js'
import { center } from '../transform/center.js'

/** The most sets per k a served estimate may draw (the adaptive mode's cap). */
export const SERVE_MAX_SAMPLES = 100_000

/** The query parameters of an estimate request, checked (numbers before any expansion). */
export interface EstimateQuery {
  k: string
  metric: string
  ci: number
  seed: number
  center: boolean
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

/** Loads `file` and runs the adaptive estimate; returns the results envelope. */
export async function runServedEstimate(
  file: string,
  o: EstimateQuery,
  onProgress: (done: number, total: number) => void,
): Promise<unknown> {
  const started = performance.now()
  const ks = parseKList(o.k)
  const metric = parseMetric(o.metric)
  const loaded = await loadEmbeddings(file)
  const e = o.center ? center(loaded, true) : loaded
  checkEstimateOptions(e.n, { ks, ci: o.ci, maxSamples: SERVE_MAX_SAMPLES })
  const engine = loadEngine('auto')
  const results = await estimateConsistency(searchSpace(e, metric, true), {
    ks,
    engine,
    ci: o.ci,
    maxSamples: SERVE_MAX_SAMPLES,
    seed: o.seed,
    onProgress,
  })
  // The settings and input of `avgcon estimate FILE --ci ... --json` (cli/commands/estimate.ts).
  const settings = {
    k: ks,
    metric,
    samples: null,
    ci: o.ci,
    maxSamples: SERVE_MAX_SAMPLES,
    seed: o.seed,
    center: o.center,
    normalize: false,
  }
  const dot = file.lastIndexOf('.')
  const input = {
    file: basename(file),
    format: dot < 0 ? 'unknown' : file.slice(dot + 1).toLowerCase(),
    n: e.n,
    d: e.d,
  }
  return runResult('estimate', {
    settings,
    input,
    results,
    ties: 'fractional',
    seconds: Math.round(performance.now() - started) / 1000,
    engine: engine.name,
  })
}
