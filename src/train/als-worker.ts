/**
 * Worker thread of the threaded ALS (als-threads.ts). It receives the fit's state once, as
 * typed arrays over SharedArrayBuffers (factors, CSR sides, Gram, targets), then one
 * message per job naming a contiguous row range (of a half-sweep, or of the upper triangle
 * of its Gram matrix); it updates those rows in place and answers `done`, or `failed` with the error's class, message and field.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { gramSource, sweepRows, type AlsState, type Side } from './als-sweep.js'
import { gramRows } from './dense.js'

/** A job: rows lo .. hi of one half-sweep, or rows lo .. hi of the upper triangle of its Gram matrix. */
export interface AlsJob {
  kind: 'rows' | 'gram'
  side: Side
  lo: number
  hi: number
}

/** What a worker answers to a job. */
export type AlsReply =
  { type: 'done' } | { type: 'failed'; name: string; message: string; detail?: string; field?: string; stack?: string }

const state = workerData as AlsState
const port = parentPort
if (port) {
  port.on('message', (job: AlsJob) => {
    try {
      if (job.kind === 'rows') sweepRows(state, job.side, job.lo, job.hi)
      else {
        const { y, n } = gramSource(state, job.side)
        gramRows(y, n, state.d, state.gram, job.lo, job.hi)
      }
      port.postMessage({ type: 'done' } satisfies AlsReply)
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err))
      const extra = e as { detail?: unknown; field?: unknown }
      port.postMessage({
        type: 'failed',
        name: e.name,
        message: e.message,
        detail: typeof extra.detail === 'string' ? extra.detail : undefined,
        field: typeof extra.field === 'string' ? extra.field : undefined,
        stack: e.stack,
      } satisfies AlsReply)
    }
  })
}
