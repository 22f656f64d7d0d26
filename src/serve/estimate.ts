/**
 * `GET /api/estimate?...` of `avgcon serve`: runs an estimate on an embedding file inside
 * a served directory and streams its progress as Server-Sent Events (`progress`, then
 * `result` with the results JSON that `avgcon estimate --json` prints for the same file
 * and options, or `failed` with a message). One estimate at a time, in a child process
 * (estimate-worker.ts) so that the server's event loop never waits on user work; closing
 * the stream, a time limit or stopping the server kills it. The page's secret token must
 * come with the request, so other web pages cannot start work on this machine.
 */
import { fork, type ChildProcess } from 'node:child_process'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { parseEstimateQuery, requestMessage } from './estimate-run.js'
import type { WorkerMessage } from './estimate-worker.js'
import { PathError, resolveFile, type ServedDir } from './files.js'

/** A served estimate that runs longer than this is stopped (the adaptive mode caps its sets too). */
export const SERVE_ESTIMATE_LIMIT_MS = 10 * 60_000

/** The estimate child running now, if any (one at a time). */
let running: ChildProcess | undefined

/**
 * Kills an estimate child and everything it started: it leads its own process group,
 * so a Parquet sandbox it forked (possibly stuck in a decoder loop) dies with it.
 */
function killTree(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
  } catch {
    child.kill('SIGKILL') // the group is gone already
  }
}

/** Kills the running estimate, if any (the server calls this when it stops). */
export function stopEstimates(): void {
  if (running) killTree(running)
}

/** URL of the compiled worker next to this module, also when running from src/serve/*.ts (tests). */
function workerUrl(): URL {
  const here = import.meta.url
  return here.endsWith('.ts')
    ? new URL('../../dist/serve/estimate-worker.js', here)
    : new URL('./estimate-worker.js', here)
}

function event(res: ServerResponse, name: string, data: unknown): void {
  res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`)
}

/** Handles one estimate request (the caller has checked method and Host). */
export async function streamEstimate(
  _req: IncomingMessage,
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
  if (running) {
    event(res, 'failed', { message: 'another estimate is running; wait for it to finish.' })
    return void res.end()
  }
  let query
  try {
    query = parseEstimateQuery(url.searchParams)
  } catch (err) {
    event(res, 'failed', {
      message: requestMessage(err),
    })
    return void res.end()
  }
  const child = fork(workerUrl(), [], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    serialization: 'advanced',
    detached: true, // its own process group, see killTree
  })
  running = child
  await new Promise<void>((resolve) => {
    let settled = false
    const finish = (last?: [string, unknown]): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      killTree(child)
      if (running === child) running = undefined
      if (last && !res.destroyed) event(res, ...last)
      res.end()
      resolve()
    }
    const timer = setTimeout(
      () =>
        finish([
          'failed',
          {
            message: `the estimate took longer than ${SERVE_ESTIMATE_LIMIT_MS / 60_000} minutes and was stopped; ask for a wider ci.`,
          },
        ]),
      SERVE_ESTIMATE_LIMIT_MS,
    )
    res.on('close', () => finish())
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') event(res, 'progress', { done: m.done, total: m.total })
      else if (m.type === 'result') finish(['result', m.envelope])
      else finish(['failed', { message: m.message }])
    })
    child.on('error', (err) => finish(['failed', { message: `internal error: ${err.message}` }]))
    child.on('exit', (code, signal) =>
      finish([
        'failed',
        { message: `internal error: the estimate process ended early (${signal ?? `exit ${code}`}).` },
      ]),
    )
    child.send({ file, query })
  })
}
