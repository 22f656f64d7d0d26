/**
 * `GET /api/estimate?...` of `avgcon serve`: runs an estimate on an embedding file inside
 * a served directory and streams its progress as Server-Sent Events (`progress`, then
 * `result` with the results JSON that `avgcon estimate --json` prints for the same file
 * and options, or `failed` with a message). One estimate at a time; closing the stream
 * cancels it. The page's secret token must come with the request, so other web pages
 * cannot start work on this machine.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { basename } from 'node:path'
import { InputError } from '../errors.js'
import { checkEstimateOptions, estimateConsistency } from '../estimate/consistency.js'
import { parseKList } from '../estimate/klist.js'
import { parseMetric, searchSpace } from '../estimate/metric.js'
import { loadEmbeddings } from '../io/index.js'
import { runResult } from '../report/results.js'
import { loadEngine } from '../search/index.js'
import { center } from '../transform/center.js'
import { PathError, resolveFile, type ServedDir } from './files.js'

/** Thrown from the progress callback when the client has gone: stops the estimate between batches. */
class Cancelled extends Error {}

let busy = false

/** Parses the query into the options of `avgcon estimate --ci` (adaptive mode only). */
function parseQuery(q: URLSearchParams) {
  const ks = parseKList(q.get('k') ?? '2..50')
  const metric = parseMetric(q.get('metric') ?? 'dot')
  const ci = Number(q.get('ci') ?? '0.01')
  const seed = Number(q.get('seed') ?? '0')
  if (!(ci > 0 && ci < 1)) throw new InputError(`ci: "${q.get('ci')}" must be a number strictly between 0 and 1.`)
  if (!Number.isInteger(seed) || seed < 0)
    throw new InputError(`seed: "${q.get('seed')}" must be a whole number of at least 0.`)
  return { ks, metric, ci, seed, center: q.get('center') === '1' }
}

function event(res: ServerResponse, name: string, data: unknown): void {
  res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`)
}

/** Handles one estimate request (the caller has checked method and Host). */
export async function streamEstimate(
  req: IncomingMessage,
  res: ServerResponse,
  dirs: ServedDir[],
  token: string,
  url: URL,
): Promise<void> {
  if (url.searchParams.get('token') !== token) throw new PathError(403, "this request lacks the explorer page's token.")
  const dir = url.searchParams.get('dir') ?? ''
  const path = url.searchParams.get('path') ?? ''
  const file = await resolveFile(dirs, `${dir}/${path.split('/').map(encodeURIComponent).join('/')}`)
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  })
  if (busy) {
    event(res, 'failed', { message: 'another estimate is running; wait for it to finish.' })
    return void res.end()
  }
  busy = true
  let gone = false
  req.on('close', () => {
    gone = true
  })
  const started = performance.now()
  try {
    const o = parseQuery(url.searchParams)
    const loaded = await loadEmbeddings(file)
    const e = o.center ? center(loaded, true) : loaded
    checkEstimateOptions(e.n, { ks: o.ks, ci: o.ci, maxSamples: 100_000 })
    const engine = loadEngine('auto')
    const onProgress = (done: number, total: number) => {
      if (gone) throw new Cancelled()
      event(res, 'progress', { done, total })
    }
    const results = await estimateConsistency(searchSpace(e, o.metric, true), {
      ks: o.ks,
      engine,
      ci: o.ci,
      maxSamples: 100_000,
      seed: o.seed,
      onProgress,
    })
    // The settings and input of `avgcon estimate FILE --ci ... --json` (cli/commands/estimate.ts).
    const settings = {
      k: o.ks,
      metric: o.metric,
      samples: null,
      ci: o.ci,
      maxSamples: 100_000,
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
    event(
      res,
      'result',
      runResult('estimate', {
        settings,
        input,
        results,
        seconds: Math.round(performance.now() - started) / 1000,
        engine: engine.name,
      }),
    )
  } catch (err) {
    if (!(err instanceof Cancelled))
      event(res, 'failed', {
        message: err instanceof InputError ? err.message : `internal error: ${(err as Error).message}`,
      })
  } finally {
    busy = false
    res.end()
  }
}
