#!/usr/bin/env node
// Benchmark of the exact top-k engines (run `npx tsc -p tsconfig.build.json` first).
//
//   node bench/engine.mjs [--cases A,B,W1,TS] [--threads 2] [--reps 3] [--json out.json]
//                         [--path avx2|avx512|neon|scalar|int8|int16|none] [--compare OLD_avgcon_topk.node]
//
// --path avx2|avx512|neon|scalar times the fp32 kernel (native/kernel_*.cc, the binary's
// topk) on that code path; int8|int16|none forces a screen of the exact engine (default:
// the exact engine with the binary's best screen). --compare runs each
// native case a second time with an older binary (AVGCON_NATIVE_BINARY, same --path)
// and prints new/old speed ratios measured in the same run. The header gives the CPU,
// its ISA and the fp32 FMA ceiling per core measured now (bench/fma-peak.cc, best of
// the runs before and after the cases); "% ceil" = GFLOP/cpu-s over that ceiling.
//
// Each case runs in its own child process so its peak RSS is its own. Cases:
//   A   N=50,000     d=256 Q=1000   k=50  native
//   B   N=1,000,000  d=128 Q=1000   k=50  native
//   W1  N=1,000,000  d=128 Q=49,000 k=50  native: the full product workload (once)
//   K   N=50,000     d=128 Q=1000   k=300 native: large k
//   TS  N=20,000     d=128 Q=20     k=50  TypeScript engine, for scale
// GFLOP/s = 2*N*Q*d / seconds; the time is the median of the repetitions (the first,
// warm-up call is not counted). GFLOP/cpu-s divides by the CPU time of all threads
// instead: on a shared machine it shows the kernel's efficiency per core when the
// wall-clock rate shows mostly the neighbours. Compare within one run.
import { execFileSync, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, URL } from 'node:url'
import { ceilingFor, fmaCeiling, isa } from './ceiling.mjs'

const CASES = {
  A: { n: 50_000, d: 256, q: 1000, k: 50, engine: 'native', reps: 5 },
  B: { n: 1_000_000, d: 128, q: 1000, k: 50, engine: 'native', reps: 5 },
  W1: { n: 1_000_000, d: 128, q: 49_000, k: 50, engine: 'native', reps: 1, noWarmup: true },
  K: { n: 50_000, d: 128, q: 1000, k: 300, engine: 'native', reps: 5 },
  TS: { n: 20_000, d: 128, q: 20, k: 50, engine: 'typescript', reps: 1 },
}

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}

// Fast deterministic data (an LCG on uniform(-1, 1)): 128M values in well under a second.
function fill(count, seed) {
  const out = new Float32Array(count)
  let s = seed >>> 0
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = s / 2 ** 31 - 1
  }
  return out
}

async function runOne(name, threads, repsOverride, path) {
  const { loadEngine } = await import('../dist/search/index.js')
  const { createNativeEngine, loadNative, nativeCodePaths, nativeKernelPaths } =
    await import('../dist/search/native-engine.js')
  const c = CASES[name]
  // A path of the fp32 kernel (avx512, avx2, neon, scalar: native/kernel_*.cc) runs the
  // binary's topk directly; any other name is a screen of the exact engine.
  const fp32 = c.engine === 'native' && path && !nativeCodePaths().includes(path) && nativeKernelPaths().includes(path)
  const engine = fp32
    ? {
        name: `native-${path}`,
        topk: (items, n, d, queries, q, k, opts) =>
          loadNative().addon.topk(items, n, d, queries, q, k, null, opts.threads, path),
      }
    : c.engine === 'native'
      ? createNativeEngine(path || undefined)
      : loadEngine(c.engine)
  const items = fill(c.n * c.d, 1),
    queries = fill(c.q * c.d, 2)
  const opts = c.engine === 'native' ? { threads } : {}
  if (!c.noWarmup) await engine.topk(items, c.n, c.d, queries.subarray(0, 8 * c.d), 8, c.k, opts)
  const times = [],
    cpuTimes = []
  for (let r = 0; r < (repsOverride ?? c.reps); r++) {
    const t0 = performance.now(),
      cpu0 = process.cpuUsage()
    await engine.topk(items, c.n, c.d, queries, c.q, c.k, opts)
    times.push((performance.now() - t0) / 1000)
    const cpu = process.cpuUsage(cpu0)
    cpuTimes.push((cpu.user + cpu.system) / 1e6)
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const seconds = median(times),
    cpuSeconds = median(cpuTimes)
  const gflop = (2 * c.n * c.q * c.d) / 1e9
  const gflops = gflop / seconds
  // Per CPU-second of all threads: what each core delivers while it runs, whatever else
  // shares the machine. Times the thread count, it estimates an idle machine's rate.
  const gflopPerCpuSecond = gflop / cpuSeconds
  const peakRssMB = process.resourceUsage().maxRSS / 1024
  const embeddingMB = (c.n * c.d * 4) / 2 ** 20
  return {
    case: name,
    ...c,
    engine: engine.name,
    path: engine.name.startsWith('native-') ? engine.name.slice('native-'.length) : 'typescript',
    threads: c.engine === 'native' ? threads : 1,
    seconds,
    times,
    gflops,
    cpuSeconds,
    gflopPerCpuSecond,
    peakRssMB,
    embeddingMB,
  }
}

function context() {
  const self = fileURLToPath(import.meta.url)
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    })
      .toString()
      .trim()
  } catch {
    /* not a checkout */
  }
  return {
    script: self,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    node: process.version,
    commit,
    date: new Date().toISOString(),
  }
}

if (option('one')) {
  const r = await runOne(
    option('one'),
    Number(option('threads')),
    option('reps') ? Number(option('reps')) : undefined,
    option('path'),
  )
  process.stdout.write(JSON.stringify(r) + '\n')
} else {
  const threads = Number(option('threads', String(cpus().length)))
  const names = option('cases', 'A,B,K,W1,TS').split(',')
  const compare = option('compare')
  const machine = isa()
  const before = fmaCeiling()
  console.log(`CPU ${machine.model} (${machine.arch}; ${machine.flags.join(' ') || 'no SIMD flags read'})`)
  console.log(
    `fp32 FMA ceiling per core, measured now: ${before ? JSON.stringify(before) : 'unknown (no g++)'} GFLOP/s`,
  )
  const runCase = (name, binary) => {
    const args = [fileURLToPath(import.meta.url), '--one', name, '--threads', String(threads)]
    if (option('reps')) args.push('--reps', option('reps'))
    if (option('path')) args.push('--path', option('path'))
    const env = binary ? { ...process.env, AVGCON_NATIVE_BINARY: binary } : process.env
    const child = spawnSync(process.execPath, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'inherit'] })
    if (child.status !== 0) {
      console.log(`${name}${binary ? ' (old binary)' : ''}: failed (exit ${child.status})`)
      return null
    }
    return JSON.parse(child.stdout.trim().split('\n').at(-1))
  }
  const results = []
  for (const name of names) {
    const r = runCase(name)
    if (!r) continue
    if (compare && CASES[name].engine === 'native') r.old = runCase(name, compare)
    results.push(r)
  }
  const after = fmaCeiling()
  const ceiling =
    before && after
      ? Object.fromEntries(Object.keys(before).map((k) => [k, Math.max(before[k], after[k])]))
      : (before ?? after)
  console.log(`ceiling after the cases: ${after ? JSON.stringify(after) : 'unknown'}; used: best of both`)
  console.log(
    'case  engine          N         d    Q      k    thr  median s  GFLOP/s  GFLOP/cpu-s  % ceil  peak RSS MB (embeddings MB)' +
      (compare ? '  new/old (wall, cpu)' : ''),
  )
  for (const r of results) {
    const peak = ceilingFor(r.path, ceiling)
    r.ceilingGflops = peak
    r.shareOfCeiling = peak ? r.gflopPerCpuSecond / r.threads / peak : null
    const share = r.shareOfCeiling === null ? '   n/a' : `${(100 * r.shareOfCeiling).toFixed(0).padStart(5)}%`
    const ratio = r.old
      ? `  ${(r.gflops / r.old.gflops).toFixed(2)}x, ${(r.gflopPerCpuSecond / r.old.gflopPerCpuSecond).toFixed(2)}x (old ${r.old.engine} ${r.old.gflopPerCpuSecond.toFixed(1)} GFLOP/cpu-s)`
      : ''
    console.log(
      `${r.case.padEnd(5)} ${r.engine.padEnd(15)} ${String(r.n).padEnd(9)} ${String(r.d).padEnd(4)} ${String(r.q).padEnd(6)} ${String(r.k).padEnd(4)} ${String(r.threads).padEnd(4)} ${r.seconds.toFixed(3).padStart(8)}  ${r.gflops.toFixed(1).padStart(7)}  ${r.gflopPerCpuSecond.toFixed(1).padStart(11)}  ${share}  ${r.peakRssMB.toFixed(0).padStart(6)} (${r.embeddingMB.toFixed(0)})${ratio}`,
    )
  }
  const out = option('json')
  if (out)
    writeFileSync(out, JSON.stringify({ context: { ...context(), isa: machine, ceiling }, results }, null, 2) + '\n')
}
