/**
 * Child-process side of sandbox.ts: receives one job over IPC, imports the
 * module, calls the export, sends warnings and the result, then exits.
 */
import { Worker } from 'node:worker_threads'
import { InputError, setWarnSink } from '../errors.js'
import type { SandboxReply } from './sandbox.js'

// The child must not outlive its parent, however the parent ends (SIGKILL included).
// A decode that loops never returns to this thread's event loop, so the watch runs in
// a worker thread: it polls the parent pid and kills this process once it changes.
// The parent's pid comes from the parent itself (AVGCON_SANDBOX_PARENT): a watch that
// starts late on a loaded machine, after the parent already died, still sees the change.
const PARENT_POLL_MS = 250
const parentPid = Number(process.env.AVGCON_SANDBOX_PARENT) || process.ppid
new Worker(
  `const parent = ${parentPid}
  const check = () => { if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL') }
  check()
  setInterval(check, ${PARENT_POLL_MS})`,
  { eval: true },
).unref()

/**
 * Fault injection for tests of the limits (a decode that never ends): with
 * AVGCON_FAILPOINT=sandbox-hang the child spins instead of decoding.
 */
function failpoint(): void {
  if (process.env.AVGCON_FAILPOINT !== 'sandbox-hang') return
  for (;;) {
    // Spins until the parent's time limit kills this process.
  }
}

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
    failpoint()
    const loaded = (await import(module)) as Record<string, (...a: unknown[]) => unknown>
    await send({ kind: 'result', value: await loaded[exportName]!(...args) })
  } catch (error) {
    if (error instanceof InputError) await send({ kind: 'input-error', message: error.message })
    else if (error instanceof Error) await send({ kind: 'error', message: error.message, stack: error.stack })
    else await send({ kind: 'error', message: String(error) })
  }
}
