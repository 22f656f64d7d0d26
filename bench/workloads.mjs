#!/usr/bin/env node
// Issue 9's workloads end to end through the estimator (estimateConsistency, the code
// the CLI's `estimate` runs), each in its own process so its peak RSS is its own:
//   npx tsc -p tsconfig.build.json && node bench/workloads.mjs [W1 W2 W3 K300] [--quick]
//       [--engine native|typescript] [--path avx2|avx512|neon|scalar] [--json out.json]
// W1: N=1e6, d=128; W2: N=50,000, d=256; W3: N=1000, d=128 (k=2..50, 1000 sets per k);
// K300: N=50,000, d=128, k=300, 1000 sets. Data: i.i.d. N(0,1), dot, seed 0.
// --quick (a few minutes on 2 busy cores): W1 and W2 with 100 sets per k, W1 on N=200,000.
// Printed per workload: wall time; the effective rate 2*Q*N*d / wall (Q = sets in all)
// beside the fp32 FMA ceiling of the whole machine (per-core ceiling of the path's
// vectors x threads, measured in this run by bench/fma-peak.cc), since issue 9 asks
// W1/W2 to reach 1.5x that ceiling; peak RSS against 1.6 x embedding bytes + 300 MB.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { ceilingFor, fmaCeiling, isa } from './ceiling.mjs'

const quick = process.argv.includes('--quick')
const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i)
const WORKLOADS = {
  W1: { n: quick ? 200_000 : 1_000_000, d: 128, ks: range(2, 50), samples: quick ? 100 : 1000 },
  W2: { n: 50_000, d: 256, ks: range(2, 50), samples: quick ? 100 : 1000 },
  W3: { n: 1000, d: 128, ks: range(2, 50), samples: 1000 },
  K300: { n: 50_000, d: 128, ks: [300], samples: 1000 },
}

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}

async function child(name) {
  const { n, d, ks, samples: SAMPLES } = WORKLOADS[name]
  const { generate } = await import('../dist/synthetic/index.js')
  const { estimateConsistency } = await import('../dist/estimate/index.js')
  const { loadEngine } = await import('../dist/search/index.js')
  const { createNativeEngine } = await import('../dist/search/native-engine.js')
  const e = generate('normal', n, d, 1)
  const engineName = option('engine', 'native')
  const engine = engineName === 'native' && option('path') ? createNativeEngine(option('path')) : loadEngine(engineName)
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  const points = await estimateConsistency(e, { ks, engine, samples: SAMPLES, seed: 0 })
  const seconds = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  const queries = ks.length * SAMPLES
  const embeddingMB = (n * d * 4) / 2 ** 20
  process.stdout.write(
    JSON.stringify({
      name,
      n,
      d,
      ks: [ks[0], ks.at(-1)],
      samples: SAMPLES,
      engine: engine.name,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      rateGflops: (2 * queries * n * d) / seconds / 1e9,
      rssMB: process.resourceUsage().maxRSS / 1024,
      embeddingMB,
      memoryBudgetMB: 1.6 * embeddingMB + 300,
      means: points.map((p) => [p.k, p.mean]).filter(([k]) => [2, 10, 50, 300].includes(k)),
    }) + '\n',
  )
}

if (option('child')) {
  await child(option('child'))
} else {
  const names = process.argv.slice(2).filter((a) => a in WORKLOADS)
  const chosen = names.length ? names : Object.keys(WORKLOADS)
  const machine = isa()
  const threads = cpus().length
  const before = fmaCeiling()
  console.log(
    `CPU ${machine.model} (${machine.arch}; ${machine.flags.join(' ')}), ${threads} threads, load ${loadavg()[0].toFixed(1)}`,
  )
  console.log(
    `fp32 FMA ceiling per core, measured now: ${before ? JSON.stringify(before) : 'unknown (no g++)'} GFLOP/s`,
  )
  if (quick) console.log('QUICK run: W1 (N=200,000) and W2 with 100 sets per k')
  const results = []
  for (const name of chosen) {
    const args = [fileURLToPath(import.meta.url), '--child', name, ...process.argv.slice(2).filter((a) => a !== name)]
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    if (run.status !== 0) {
      console.log(`${name}: failed (exit ${run.status})`)
      continue
    }
    results.push(JSON.parse(run.stdout.trim().split('\n').at(-1)))
  }
  const after = fmaCeiling()
  const ceiling =
    before && after
      ? Object.fromEntries(Object.keys(before).map((k) => [k, Math.max(before[k], after[k])]))
      : (before ?? after)
  console.log(`ceiling after: ${after ? JSON.stringify(after) : 'unknown'}; used: best of both, x ${threads} threads`)
  console.log(
    'work  engine          N         d    k        sets/k  wall s   rate GFLOP/s  x ceiling  peak RSS MB / budget',
  )
  for (const r of results) {
    const path = r.engine.startsWith('native-') ? r.engine.slice('native-'.length) : 'avx2'
    const perCore = ceilingFor(path, ceiling)
    r.ceilingGflops = perCore ? perCore * threads : null
    r.ofCeiling = r.ceilingGflops ? r.rateGflops / r.ceilingGflops : null
    console.log(
      `${r.name.padEnd(5)} ${r.engine.padEnd(15)} ${String(r.n).padEnd(9)} ${String(r.d).padEnd(4)} ${`${r.ks[0]}..${r.ks[1]}`.padEnd(8)} ${String(r.samples).padEnd(7)} ${r.seconds.toFixed(2).padStart(6)}  ${r.rateGflops.toFixed(1).padStart(12)}  ${r.ofCeiling === null ? '      n/a' : `${r.ofCeiling.toFixed(2).padStart(8)}x`}  ${r.rssMB.toFixed(0).padStart(6)} / ${r.memoryBudgetMB.toFixed(0)}${r.rssMB > r.memoryBudgetMB ? ' OVER' : ''}`,
    )
  }
  const out = option('json')
  if (out) writeFileSync(out, JSON.stringify({ isa: machine, ceiling, threads, quick, results }, null, 2) + '\n')
}
