#!/usr/bin/env node
// The product benchmark (issue "Core"): W1-W3 end to end through the library,
// each workload in its own process so its peak RSS is its own.
//   npm run build && node bench/run.mjs [W1 W2 W3 TS3] [--json out.json]
// W1: N=1e6, d=128; W2: N=50,000, d=256; W3: N=1000, d=128; all i.i.d. N(0,1),
// k=2..50, 1000 sets per k, dot. TS3: W3 on the TypeScript engine, for scale.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'

const WORKLOADS = {
  W1: { n: 1_000_000, d: 128, engine: 'native' },
  W2: { n: 50_000, d: 256, engine: 'native' },
  W3: { n: 1000, d: 128, engine: 'native' },
  TS3: { n: 1000, d: 128, engine: 'typescript' },
}
const KS = Array.from({ length: 49 }, (_, i) => i + 2)
const SAMPLES = 1000

async function child(name) {
  const { n, d, engine: engineName } = WORKLOADS[name]
  const { generate } = await import('../dist/synthetic/index.js')
  const { estimateConsistency } = await import('../dist/estimate/index.js')
  const { loadEngine } = await import('../dist/search/index.js')
  const t0 = performance.now()
  const e = generate('normal', n, d, 1)
  const genSeconds = (performance.now() - t0) / 1000
  const engine = loadEngine(engineName)
  const t1 = performance.now()
  const cpu0 = process.cpuUsage()
  const points = await estimateConsistency(e, { ks: KS, engine, samples: SAMPLES, seed: 0 })
  const seconds = (performance.now() - t1) / 1000
  const cpu = process.cpuUsage(cpu0)
  // CPU seconds: on a shared, loaded machine wall time mixes in other jobs; CPU time does not.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  const queries = KS.length * SAMPLES
  const gflops = (2 * queries * n * d) / seconds / 1e9
  const rssMB = process.resourceUsage().maxRSS / 1024
  const embeddingMB = (n * d * 4) / 2 ** 20
  const at = (k) => points.find((p) => p.k === k).mean
  process.stdout.write(
    JSON.stringify({
      name,
      n,
      d,
      engine: engine.name,
      seconds,
      cpuSeconds,
      gflopPerCpuSecond: (2 * queries * n * d) / cpuSeconds / 1e9,
      genSeconds,
      gflops,
      rssMB,
      embeddingMB,
      memoryBudgetMB: 1.3 * embeddingMB + 300,
      c2: at(2),
      c10: at(10),
      c50: at(50),
    }) + '\n',
  )
}

function parent(names, jsonOut) {
  const rows = []
  for (const name of names) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', name], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    if (r.status !== 0) throw new Error(`${name} failed with code ${r.status}`)
    const row = JSON.parse(r.stdout.trim().split('\n').pop())
    rows.push(row)
    console.log(
      `${name.padEnd(4)} N=${String(row.n).padEnd(8)} d=${String(row.d).padEnd(4)} ${row.engine.padEnd(14)} ${row.seconds.toFixed(2).padStart(7)} s  ${row.gflops.toFixed(1).padStart(6)} GFLOP/s  cpu ${row.cpuSeconds.toFixed(2)} s (${row.gflopPerCpuSecond.toFixed(1)} GFLOP/cpu-s)  peak RSS ${row.rssMB.toFixed(0)} MB (budget ${row.memoryBudgetMB.toFixed(0)})  C2=${row.c2.toFixed(3)} C10=${row.c10.toFixed(3)} C50=${row.c50.toFixed(3)}`,
    )
  }
  if (jsonOut) {
    const env = {
      date: new Date().toISOString(),
      node: process.version,
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      loadavg: loadavg(),
    }
    writeFileSync(jsonOut, JSON.stringify({ env, rows }, null, 2) + '\n')
  }
}

const args = process.argv.slice(2)
if (args[0] === '--child') await child(args[1])
else {
  const jsonAt = args.indexOf('--json')
  const jsonOut = jsonAt >= 0 ? args[jsonAt + 1] : undefined
  const names = args.filter((a, i) => a in WORKLOADS && (jsonAt < 0 || i !== jsonAt + 1))
  parent(names.length ? names : ['W3', 'TS3', 'W2', 'W1'], jsonOut)
}
