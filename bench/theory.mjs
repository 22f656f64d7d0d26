#!/usr/bin/env node
// Benchmark of the theory and the synthetic generators (run `npx tsc -p tsconfig.build.json` first).
//
//   node bench/theory.mjs [--reps 9] [--gen-n 2000000] [--gen-d 128] [--no-gen] [--json out.json]
//
// 1. A theoretical curve k = 2..50 (d = 128, N(0,1) moments) at N = 1e3, 1e6, 1e9:
//    median of --reps runs after one warm-up run (JIT), plus the cold first run.
//    Quality beside speed: the largest difference to the reference implementation's
//    theory_all_k values (../shared/reference/reference-values.json) where it has them.
// 2. Generation of an N x d normal matrix (default 2e6 x 128 = 256M float32 values, 1 GiB):
//    seconds and ns per value, once (the machine is shared: compare within one run).
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, URL } from 'node:url'
import { theoryCurve } from '../dist/theory/index.js'
import { generate } from '../dist/synthetic/index.js'

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}

const reps = Number(option('reps', 9))
const KS = Array.from({ length: 49 }, (_, i) => i + 2)
const NORMAL = { mean: 0, std: 1, skewness: 0, kurtosis: 3 }
const refPath = fileURLToPath(new URL('../../shared/reference/reference-values.json', import.meta.url))
const reference = existsSync(refPath) ? JSON.parse(readFileSync(refPath, 'utf8')) : null
const REF_CURVES = { 1000: 'normal_N1000_d128', 1000000: 'normal_N1000000_d128' }

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function benchCurve(n) {
  const params = { n, d: 128, ks: KS, moments: NORMAL }
  let t = performance.now()
  const curve = theoryCurve(params)
  const coldMs = performance.now() - t
  const times = []
  for (let r = 0; r < reps; r++) {
    t = performance.now()
    theoryCurve(params)
    times.push(performance.now() - t)
  }
  const ref = reference?.[REF_CURVES[n]]?.theory_all_k
  const maxRefDiff = ref ? Math.max(...curve.map((p, i) => Math.abs(p.consistency - ref[i]))) : null
  return { n, d: 128, ks: '2..50', medianMs: median(times), minMs: Math.min(...times), coldMs, maxRefDiff }
}

function benchGenerate(n, d) {
  const t = performance.now()
  const e = generate('normal', n, d, 1)
  const seconds = (performance.now() - t) / 1000
  let sum = 0,
    sum2 = 0
  for (let i = 0; i < e.data.length; i += 97) {
    sum += e.data[i]
    sum2 += e.data[i] ** 2
  }
  const m = Math.ceil(e.data.length / 97)
  return {
    law: 'normal(0,1)',
    n,
    d,
    seconds,
    nsPerValue: (seconds * 1e9) / (n * d),
    sampleMean: sum / m,
    sampleStd: Math.sqrt(sum2 / m - (sum / m) ** 2),
  }
}

function commit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
  } catch {
    return null
  }
}

const result = {
  bench: 'theory',
  date: new Date().toISOString(),
  commit: commit(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  loadavgBefore: loadavg()[0],
  curves: [1e3, 1e6, 1e9].map(benchCurve),
  generate: process.argv.includes('--no-gen')
    ? null
    : benchGenerate(Number(option('gen-n', 2_000_000)), Number(option('gen-d', 128))),
}

for (const c of result.curves) {
  const q = c.maxRefDiff === null ? '' : `, max |diff| to reference ${c.maxRefDiff.toExponential(1)}`
  console.log(
    `theory curve k=2..50, d=128, N=${c.n.toExponential(0)}: median ${c.medianMs.toFixed(1)} ms (min ${c.minMs.toFixed(1)}, cold ${c.coldMs.toFixed(1)})${q}`,
  )
}
if (result.generate) {
  const g = result.generate
  console.log(
    `generate normal ${g.n} x ${g.d}: ${g.seconds.toFixed(2)} s (${g.nsPerValue.toFixed(1)} ns/value; sample mean ${g.sampleMean.toFixed(4)}, std ${g.sampleStd.toFixed(4)})`,
  )
}
console.log(
  `load average ${result.loadavgBefore.toFixed(2)} on ${result.cores} cores (${result.cpu}), node ${result.node}, commit ${result.commit}`,
)
const out = option('json', null)
if (out) writeFileSync(out, JSON.stringify(result, null, 2) + '\n')
