// Child process for hostile-files.test.ts: loads each file named on argv with
// the built library (dist/), Parquet through its worker sandbox, and prints
// one JSON line per case. Anything but a result or an InputError is a failure.
import { loadEmbeddings, InputError } from '../../dist/index.js'
import { setWarnSink } from '../../dist/errors.js'

setWarnSink(() => undefined)
// A hang is cut after 5 s here (the default is 20 s) to keep the suite short; the test's bound is 30 s.
const TIMEOUT_MS = 5000
for (const path of process.argv.slice(2)) {
  const started = performance.now()
  let outcome
  let message = ''
  let shape = null
  try {
    const e = await loadEmbeddings(path, { decodeTimeoutMs: TIMEOUT_MS })
    outcome = 'ok'
    shape = [e.n, e.d]
  } catch (error) {
    outcome = error instanceof InputError ? 'input' : 'crash'
    message = error instanceof Error ? (outcome === 'crash' ? String(error.stack) : error.message) : String(error)
  }
  const ms = performance.now() - started
  const rssMb = process.memoryUsage.rss() / 2 ** 20
  process.stdout.write(`${JSON.stringify({ path, outcome, message, ms, rssMb, shape })}\n`)
}
process.stdout.write(`${JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`)
