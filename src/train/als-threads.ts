/**
 * The worker pool of the threaded ALS: one worker_thread per thread, all sharing the
 * fit's state through SharedArrayBuffers. Each half-sweep, the calling thread computes
 * the Gram matrix (and the radial targets), then every worker updates one contiguous
 * range of rows; ranges are cut so they hold about the same work (d + 2 nnz per row).
 * The partition never changes a row's arithmetic, so the factors do not depend on it.
 */
import { Worker } from 'node:worker_threads'
import { InputError } from '../errors.js'
import type { AlsJob, AlsReply } from './als-worker.js'
import { sideRows, type AlsState, type Side } from './als-sweep.js'
import type { Csr } from './csr.js'
import { FitError } from './fit-error.js'

/** URL of the compiled worker (dist/train/als-worker.js), also when this module runs from src/ (vitest). */
export function alsWorkerUrl(): URL {
  const here = import.meta.url
  if (here.endsWith('.ts')) return new URL('../../dist/train/als-worker.js', here)
  return new URL('./als-worker.js', here)
}

/** A Float64Array of n values over a SharedArrayBuffer, holding a copy of `from` when given. */
export function sharedFloat64(n: number, from?: Float64Array): Float64Array {
  const a = new Float64Array(new SharedArrayBuffer(Math.max(1, n) * 8), 0, n)
  if (from) a.set(from)
  return a
}

function sharedInt32(from: Int32Array): Int32Array {
  const a = new Int32Array(new SharedArrayBuffer(Math.max(1, from.length) * 4), 0, from.length)
  a.set(from)
  return a
}

/** A copy of a CSR matrix in shared memory. */
export function sharedCsr(m: Csr): Csr {
  return {
    rows: m.rows,
    cols: m.cols,
    indptr: sharedInt32(m.indptr),
    indices: sharedInt32(m.indices),
    values: sharedFloat64(m.values.length, m.values),
  }
}

/** Cuts rows 0 .. m.rows into `parts` contiguous ranges of about equal work d + 2 nnz(row); empty ones dropped. */
export function rowRanges(m: Csr, d: number, parts: number): [number, number][] {
  const total = m.rows * d + 2 * m.indptr[m.rows]!
  const ranges: [number, number][] = []
  let lo = 0
  for (let p = 1; p <= parts && lo < m.rows; p++) {
    let hi = lo
    if (p === parts) hi = m.rows
    else {
      const goal = (total * p) / parts
      while (hi < m.rows && hi * d + 2 * m.indptr[hi]! < goal) hi++
    }
    if (hi > lo) ranges.push([lo, hi])
    lo = hi
  }
  return ranges
}

/** The error a worker reported, rebuilt with its class (InputError, FitError) and fields. */
function rebuild(r: Extract<AlsReply, { type: 'failed' }>): Error {
  const e =
    r.name === 'InputError'
      ? new InputError(r.message)
      : r.name === 'FitError'
        ? new FitError(r.message)
        : new Error(r.message)
  if (r.name === 'InputError') Object.assign(e, { detail: r.detail ?? r.message, field: r.field })
  if (r.stack) e.stack = r.stack
  return e
}

/** A pool of workers over one fit's shared state. Call {@link AlsPool.close} when done. */
export class AlsPool {
  private readonly workers: Worker[]
  private readonly ranges: Record<Side, [number, number][]>

  constructor(
    private readonly state: AlsState,
    threads: number,
  ) {
    this.ranges = {
      users: rowRanges(state.ui, state.d, threads),
      items: rowRanges(state.iu, state.d, threads),
    }
    const n = Math.max(this.ranges.users.length, this.ranges.items.length)
    const url = alsWorkerUrl()
    this.workers = Array.from({ length: n }, () => new Worker(url, { workerData: state }))
  }

  /** Runs the rows of one half-sweep on the workers; rejects with the error of the lowest failing range. */
  async sweep(side: Side): Promise<void> {
    const ranges = this.ranges[side]
    if (sideRows(this.state, side) === 0) return
    const replies = await Promise.all(ranges.map(([lo, hi], w) => this.run(this.workers[w]!, { side, lo, hi })))
    // Each range stops at its first failing row, so the lowest failing range holds the first failing row overall.
    for (const r of replies) if (r.type === 'failed') throw rebuild(r)
  }

  private run(worker: Worker, job: AlsJob): Promise<AlsReply> {
    return new Promise<AlsReply>((resolve, reject) => {
      const onMessage = (r: AlsReply): void => {
        cleanup()
        resolve(r)
      }
      const onError = (err: Error): void => {
        cleanup()
        reject(err)
      }
      const onExit = (code: number): void => {
        cleanup()
        reject(new Error(`als: a worker thread exited with code ${code} during a half-sweep.`))
      }
      const cleanup = (): void => {
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
      }
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('exit', onExit)
      worker.postMessage(job)
    })
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()))
  }
}
