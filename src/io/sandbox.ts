/**
 * Runs a decoder whose parser is a dependency (hyparquet) in a child process
 * with a heap limit and a time limit, so that a damaged file that makes the
 * parser loop forever or grow an array without bound becomes one InputError
 * sentence (exit 2) instead of a frozen or aborted process. Cancellable with
 * an AbortSignal. A child process, not a worker thread: V8 aborts the whole
 * process when a worker hits its heap limit inside one large allocation
 * (measured: "Reached heap limit", SIGABRT, on a damaged page header).
 * The child runs the compiled module (dist/) when this file itself runs from
 * TypeScript sources (tests).
 */
import { fork } from 'node:child_process'
import { InputError, warn } from '../errors.js'

/** Limits for one sandboxed decode. */
export interface SandboxLimits {
  /** Milliseconds before the child is killed and the file reported as damaged. */
  timeoutMs: number
  /** V8 old-generation heap limit of the child process, in MiB. */
  heapMb: number
  signal?: AbortSignal
}

/** What the child sends back. */
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
 * child process. `path` names the file in the messages for a timeout or a heap blow-up.
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
    const child = fork(compiledSibling('sandbox-worker'), [], {
      execArgv: [`--max-old-space-size=${limits.heapMb}`, '--max-semi-space-size=16'],
      // 'advanced' keeps typed arrays typed; stderr is dropped: a V8 abort prints a native stack there.
      serialization: 'advanced',
      env: { ...process.env, AVGCON_SANDBOX_PARENT: String(process.pid) },
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    })
    child.send({ module: compiledSibling(moduleName).href, exportName, args })
    let settled = false
    const finish = (action: () => void): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      limits.signal?.removeEventListener('abort', onAbort)
      child.kill('SIGKILL')
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
    child.on('message', (reply: SandboxReply) => {
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
    child.on('error', (error) => finish(() => reject(error)))
    // 'close', not 'exit': it comes after every IPC message has been delivered.
    child.on('close', (code, signal) =>
      finish(() =>
        reject(
          damaged(
            signal === 'SIGABRT' || signal === 'SIGTRAP' || code === 134 || code === 133
              ? `decoding it needed more than ${limits.heapMb} MiB of memory or an impossible array size`
              : `the decoder stopped unexpectedly (${signal ?? `exit code ${code}`})`,
          ),
        ),
      ),
    )
  })
}
