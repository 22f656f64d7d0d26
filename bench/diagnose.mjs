#!/usr/bin/env node
// Benchmark of `diagnose` and whitening (run `npx tsc -p tsconfig.build.json` first).
//
//   node bench/diagnose.mjs [--n 1000000] [--d 128] [--samples 2000] [--json out.json]
//
// On an N x d matrix of N(0,1) directions with log-normal(0, 0.5) norms (so hubs exist):
// 1. diagnose (k = 10, --samples random averages, native engine when built): total seconds
//    and its parts (top-k ranking, covariance + eigendecomposition, moments, norms);
// 2. whiten: covariance accumulation (float64, blocked) + ml-matrix EVD + applying W;
//    quality beside speed: the largest |cov(whitened) - I| entry.
// Targets (issue): diagnose <= 120 s and whiten <= 30 s at N = 1e6, d = 128 on the 2-core box.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { anisotropy, averageOccurrence, diagnose, momentDiagnostics } from '../dist/diagnose/index.js'
import { rowNorms, searchSpace } from '../dist/estimate/metric.js'
import { rng } from '../dist/rng.js'
import { loadEngine } from '../dist/search/index.js'
import { generate } from '../dist/synthetic/index.js'
import { covariance, whiten } from '../dist/transform/index.js'

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}

const n = Number(option('n', 1_000_000)),
  d = Number(option('d', 128)),
  samples = Number(option('samples', 2000))
const secs = (t) => Math.round((performance.now() - t) / 10) / 100

let t = performance.now()
const e = generate('normal', n, d, 7)
const r = rng(8)
for (let i = 0; i < n; i++) {
  const s = Math.exp(0.5 * r.normal())
  for (let j = i * d; j < (i + 1) * d; j++) e.data[j] *= s
}
const generateSeconds = secs(t)
const engine = loadEngine()

t = performance.now()
const dg = await diagnose(e, { engine, k: 10, samples })
const diagnoseSeconds = secs(t)

// Parts, timed separately (the same work diagnose does).
t = performance.now()
await averageOccurrence(searchSpace(e, 'dot'), { engine, k: 10, queries: samples })
const rankingSeconds = secs(t)
t = performance.now()
anisotropy(e)
const anisotropySeconds = secs(t)
t = performance.now()
momentDiagnostics(e)
const momentSeconds = secs(t)
t = performance.now()
rowNorms(e)
const normSeconds = secs(t)

t = performance.now()
covariance(e)
const covarianceSeconds = secs(t)
t = performance.now()
const w = whiten(e)
const whitenSeconds = secs(t)
const c = covariance(w.embeddings).matrix
let worst = 0
for (let a = 0; a < d; a++)
  for (let b = 0; b < d; b++) worst = Math.max(worst, Math.abs(c[a * d + b] - (a === b ? 1 : 0)))

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
  } catch {
    return null
  }
})()
const record = {
  bench: 'diagnose',
  commit,
  node: process.version,
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  load: loadavg(),
  n,
  d,
  samples,
  engine: engine.name,
  generateSeconds,
  diagnose: {
    seconds: diagnoseSeconds,
    rankingSeconds,
    anisotropySeconds,
    momentSeconds,
    normSeconds,
    verdict: dg.verdict.cause,
    consistency: dg.consistency.mean,
  },
  whiten: { seconds: whitenSeconds, covarianceSeconds, maxIdentityError: worst, shrinkage: w.shrinkage, rank: w.rank },
}
console.log(JSON.stringify(record, null, 2))
const out = option('json', undefined)
if (out) writeFileSync(out, JSON.stringify(record, null, 2) + '\n')
