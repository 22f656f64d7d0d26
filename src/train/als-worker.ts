/**
 * Worker thread of the threaded ALS (als-threads.ts). It receives the fit's state once, as
 * typed arrays over SharedArrayBuffers (factors, CSR sides, Gram, targets), then one
 * message per half-sweep naming a contiguous row range; it updates those rows in place
 * and answers `done`, or `failed` with the error's class, message and field.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { sweepRows, type AlsState, type Side } from './als-sweep.js'

/** A half-sweep job: rows lo .. hi of one side. */
export interface AlsJob {
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
      sweepRows(state, job.side, job.lo, job.hi)
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
