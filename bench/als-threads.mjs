#!/usr/bin/env node
// Threaded ALS (issue 13, item 4): trainAlsAsync with threads=1 and threads=2 on the generated
// log of bench/train.mjs (1,000,000 interactions, 20,000 users x 10,000 items, skewed
// popularity, seed 7), d=128, 10 iterations. Run `npx tsc -p tsconfig.build.json` first.
//
//   node bench/als-threads.mjs [--threads 1,2] [--json out.json]
//
// Prints wall time and CPU seconds (process.cpuUsage: every thread of the process, the
// workers included) per thread count, the speed-up over the first, and checks that the
// factors are bit-identical across thread counts (exit code 1 if not). The machine may be
// shared: the 1-minute load average is printed before and after.
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { generatedLog } from './generated-log.mjs'

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}

const hash = (m) =>
  createHash('sha256')
    .update(new Uint8Array(m.userFactors.data.buffer))
    .update(new Uint8Array(m.itemFactors.data.buffer))
    .digest('hex')
    .slice(0, 16)

const T = await import('../dist/train/index.js')
const log = generatedLog(20_000, 10_000, 1_000_000, 7)
const settings = { factors: 128, iterations: 10, seed: 0 }
const threadCounts = option('threads', '1,2').split(',').map(Number)
console.log(
  `${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, Node ${process.version}; ` +
    `${log.user.length.toLocaleString('en-US')} interactions, ${log.users.length} users x ${log.items.length} items, d=${settings.factors}, ${settings.iterations} iterations`,
)
const rows = []
for (const threads of threadCounts) {
  const load = loadavg()[0]
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const model = await T.trainAlsAsync(log, { ...settings, threads })
  const seconds = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  const row = { threads, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, loadBefore: load, factors: hash(model) }
  rows.push(row)
  console.log(
    `threads=${threads}: wall ${seconds.toFixed(2)} s, CPU ${row.cpuSeconds.toFixed(2)} s, load before ${load.toFixed(2)}, factors ${row.factors}`,
  )
}
const base = rows[0]
for (const r of rows.slice(1))
  console.log(
    `speed-up threads=${r.threads} over threads=${base.threads}: ${(base.seconds / r.seconds).toFixed(2)}x wall`,
  )
const identical = rows.every((r) => r.factors === base.factors)
console.log(`factors identical across thread counts: ${identical}; load after ${loadavg()[0].toFixed(2)}`)
const out = option('json', undefined)
if (out)
  writeFileSync(out, JSON.stringify({ settings, interactions: log.user.length, rows, identical }, null, 2) + '\n')
process.exitCode = identical ? 0 : 1
