/**
 * The worker pool of the threaded ALS: one worker_thread per thread, all sharing the
 * fit's state through SharedArrayBuffers. Each half-sweep, the calling thread computes
 * the radial targets (when penalised); the workers then compute the Gram matrix, each a
 * contiguous range of its upper-triangle rows (every entry still sums over the fixed side's
 * rows in order, exactly as the single-threaded gram), the calling thread adds the ridge
 * and mirrors it, and every worker updates one contiguous range of the half-sweep's rows,
 * cut so ranges hold about the same work (d + 2 nnz per row). No partition changes any
 * value's arithmetic, so the factors do not depend on the thread count.
 */
import { Worker } from 'node:worker_threads'
import { InputError } from '../errors.js'
import type { AlsJob, AlsReply } from './als-worker.js'
import { gramSource, sideRows, type AlsState, type Side } from './als-sweep.js'
import type { Csr } from './csr.js'
import { finishGram } from './dense.js'
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

/** Cuts the d rows of an upper triangle into `parts` contiguous ranges of about equal entries (d - a in row a). */
export function triangleRanges(d: number, parts: number): [number, number][] {
  const total = (d * (d + 1)) / 2
  const ranges: [number, number][] = []
  let lo = 0,
    done = 0
  for (let p = 1; p <= parts && lo < d; p++) {
    let hi = lo
    if (p === parts) hi = d
    else while (hi < d && done < (total * p) / parts) done += d - hi++
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
  private readonly gramRanges: [number, number][]

  constructor(
    private readonly state: AlsState,
    threads: number,
  ) {
    this.ranges = {
      users: rowRanges(state.ui, state.d, threads),
      items: rowRanges(state.iu, state.d, threads),
    }
    this.gramRanges = triangleRanges(state.d, threads)
    const n = Math.max(this.ranges.users.length, this.ranges.items.length, this.gramRanges.length)
    const url = alsWorkerUrl()
    this.workers = Array.from({ length: n }, () => new Worker(url, { workerData: state }))
  }

  /** Computes the half-sweep's Gram matrix into state.gram on the workers (the value of dense.ts gram). */
  async gram(side: Side): Promise<void> {
    const st = this.state
    st.gram.fill(0)
    await this.all(this.gramRanges.map(([lo, hi]) => ({ kind: 'gram', side, lo, hi })))
    finishGram(st.gram, st.d, gramSource(st, side).lambda)
  }

  /** Runs the rows of one half-sweep on the workers (after the Gram and targets are in place). */
  async sweep(side: Side): Promise<void> {
    if (sideRows(this.state, side) === 0) return
    await this.all(this.ranges[side].map(([lo, hi]) => ({ kind: 'rows', side, lo, hi })))
  }

  /** Job w on worker w; rejects with the error of the lowest failing job. */
  private async all(jobs: AlsJob[]): Promise<void> {
    const replies = await Promise.all(jobs.map((job, w) => this.run(this.workers[w]!, job)))
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
