/**
 * Runs a decoder whose parser is a dependency (hyparquet) in a worker thread
 * with a heap limit and a time limit, so that a damaged file that makes the
 * parser loop forever or grow an array without bound becomes one InputError
 * sentence (exit 2) instead of a frozen or aborted process. Cancellable with
 * an AbortSignal. The worker runs the compiled module (dist/) when this file
 * itself runs from TypeScript sources (tests).
 */
import { Worker } from 'node:worker_threads'
import { InputError, warn } from '../errors.js'

/** Limits for one sandboxed decode. */
export interface SandboxLimits {
  /** Milliseconds before the worker is stopped and the file reported as damaged. */
  timeoutMs: number
  /** V8 old-generation heap limit of the worker, in MiB. */
  heapMb: number
  signal?: AbortSignal
}

/** What the worker posts back. */
export type SandboxReply =
  | { kind: 'warning'; message: string }
  | { kind: 'result'; value: unknown }
  | { kind: 'input-error'; message: string }
  | { kind: 'error'; message: string; stack?: string }

/** Default limits for a file of `size` bytes: generous for real files, tight for tiny damaged ones. */
export function limitsForSize(size: number): SandboxLimits {
  const mb = size / 2 ** 20
  return {
    timeoutMs: Math.round(20_000 + mb * 400),
    heapMb: Math.round(Math.min(8192, Math.max(384, 256 + mb * 12))),
  }
}

/** URL of a compiled module next to this one (dist/io/x.js), also when running from src/io/x.ts. */
export function compiledSibling(name: string): URL {
  const here = import.meta.url
  if (here.endsWith('.ts')) return new URL(`../../dist/io/${name}.js`, here)
  return new URL(`./${name}.js`, here)
}

/**
 * Calls `exportName(...args)` from the compiled module `moduleName` inside a
 * worker. `path` names the file in the messages for a timeout or a heap blow-up.
 */
export function runSandboxed<T>(
  path: string,
  moduleName: string,
  exportName: string,
  args: unknown[],
  limits: SandboxLimits,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (limits.signal?.aborted) {
      reject(limits.signal.reason instanceof Error ? limits.signal.reason : new Error('aborted'))
      return
    }
    const worker = new Worker(compiledSibling('sandbox-worker'), {
      workerData: { module: compiledSibling(moduleName).href, exportName, args },
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 32 },
      stdout: false,
      stderr: false,
    })
    let settled = false
    const finish = (action: () => void): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      limits.signal?.removeEventListener('abort', onAbort)
      void worker.terminate()
      action()
    }
    const damaged = (why: string): InputError =>
      new InputError(
        `${path}: the file is damaged (${why}); re-export it, or check it with pyarrow.parquet.read_table.`,
      )
    const timer = setTimeout(
      () => finish(() => reject(damaged(`decoding did not finish within ${Math.round(limits.timeoutMs / 1000)} s`))),
      limits.timeoutMs,
    )
    const onAbort = (): void =>
      finish(() => reject(limits.signal?.reason instanceof Error ? limits.signal.reason : new Error('aborted')))
    limits.signal?.addEventListener('abort', onAbort, { once: true })
    worker.on('message', (reply: SandboxReply) => {
      if (reply.kind === 'warning') warn(reply.message)
      else if (reply.kind === 'result') finish(() => resolve(reply.value as T))
      else if (reply.kind === 'input-error') finish(() => reject(new InputError(reply.message)))
      else
        finish(() => {
          const error = new Error(reply.message)
          if (reply.stack) error.stack = reply.stack
          reject(error)
        })
    })
    worker.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY')
        finish(() => reject(damaged(`decoding it needed more than ${limits.heapMb} MiB of memory`)))
      else finish(() => reject(error))
    })
    worker.on('exit', (code) =>
      finish(() => reject(damaged(`the decoder stopped unexpectedly with exit code ${code}`))),
    )
  })
}
