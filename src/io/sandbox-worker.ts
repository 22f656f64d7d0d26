/**
 * Child-process side of sandbox.ts: receives one job over IPC, imports the
 * module, calls the export, sends warnings and the result, then exits.
 */
import { InputError, setWarnSink } from '../errors.js'
import type { SandboxReply } from './sandbox.js'

interface Job {
  module: string
  exportName: string
  args: unknown[]
}

const send = (reply: SandboxReply): Promise<void> =>
  new Promise((resolve) => process.send!(reply, undefined, {}, () => resolve()))

process.once('message', (job: Job) => {
  void run(job).finally(() => process.disconnect())
})

async function run({ module, exportName, args }: Job): Promise<void> {
  setWarnSink((message) => void send({ kind: 'warning', message }))
  try {
    const loaded = (await import(module)) as Record<string, (...a: unknown[]) => unknown>
    await send({ kind: 'result', value: await loaded[exportName]!(...args) })
  } catch (error) {
    if (error instanceof InputError) await send({ kind: 'input-error', message: error.message })
    else if (error instanceof Error) await send({ kind: 'error', message: error.message, stack: error.stack })
    else await send({ kind: 'error', message: String(error) })
  }
}
