/**
 * Worker side of sandbox.ts: imports the module, calls the export, posts
 * warnings and the result (typed-array buffers transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { InputError, setWarnSink } from '../errors.js'
import type { SandboxReply } from './sandbox.js'

const { module, exportName, args } = workerData as { module: string; exportName: string; args: unknown[] }
const post = (reply: SandboxReply, transfer: ArrayBuffer[] = []): void => parentPort!.postMessage(reply, transfer)

/** ArrayBuffers inside `value` (one level of object fields), for transfer. */
function buffersOf(value: unknown): ArrayBuffer[] {
  if (value === null || typeof value !== 'object') return []
  return Object.values(value).flatMap((field) =>
    ArrayBuffer.isView(field) && field.buffer instanceof ArrayBuffer ? [field.buffer] : [],
  )
}

setWarnSink((message) => post({ kind: 'warning', message }))
try {
  const loaded = (await import(module)) as Record<string, (...a: unknown[]) => unknown>
  const value = await loaded[exportName]!(...args)
  post({ kind: 'result', value }, buffersOf(value))
} catch (error) {
  if (error instanceof InputError) post({ kind: 'input-error', message: error.message })
  else if (error instanceof Error) post({ kind: 'error', message: error.message, stack: error.stack })
  else post({ kind: 'error', message: String(error) })
}
