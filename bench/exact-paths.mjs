// The exact engine's int16 and int8 screens on each kernel (issue 9, engine v2), same
// data as bench/exact-quick.mjs:   node bench/exact-paths.mjs [N] [d] [Q] [k] [path,path,...]
// SCREENS=int16,int8 (default both); a listed path a screen lacks is skipped.
import { createRequire } from 'node:module'
const addon = createRequire(import.meta.url)(process.env.AVGCON_NATIVE_BINARY ?? '../build/Release/avgcon_topk.node')
const [N, d, Q, k] = process.argv.slice(2, 6).map(Number)
const n = N || 1e6,
  dd = d || 128,
  q = Q || 1000,
  kk = k || 50
const only = process.argv[6] ? process.argv[6].split(',') : null
// DIST=uniform (default): items uniform(-0.5, 0.5), query r the mean of rows r and r+7.
// DIST=normal (W1-like, as bench/workloads.mjs): items i.i.d. N(0,1), query r the sum of
// k_r = 2 + (r mod 49) rows drawn at random (the estimator's queries for k = 2..50).
const normal = process.env.DIST === 'normal'
const items = new Float32Array(n * dd)
let s = 1
const next = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32
for (let i = 0; i < items.length; i++)
  items[i] = normal ? Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()) : next() - 0.5
const queries = new Float32Array(q * dd)
for (let r = 0; r < q; r++)
  if (normal) {
    const acc = new Float64Array(dd)
    for (let m = 0; m < 2 + (r % 49); m++) {
      const row = Math.floor(next() * n)
      for (let j = 0; j < dd; j++) acc[j] += items[row * dd + j]
    }
    for (let j = 0; j < dd; j++) queries[r * dd + j] = acc[j]
  } else for (let j = 0; j < dd; j++) queries[r * dd + j] = (items[r * dd + j] + items[(r + 7) * dd + j]) / 2
const threads = Number(process.env.THREADS) || addon.hardwareThreads()
// REPS=r (default 1) rounds, each running every (screen, path) once in turn, so slow
// moments of a shared machine hit all of them alike; printed: the best wall and CPU
// seconds of the rounds, and each round's walls.
const runs = []
for (const screen of (process.env.SCREENS ?? 'int16,int8').split(',')) {
  const prep = addon.exactPrepare(items, n, dd, 0, null, screen)
  const have = addon.exactScreenPaths ? addon.exactScreenPaths(screen) : ['']
  for (const path of only ? have.filter((p) => only.includes(p)) : have)
    runs.push({ screen, path, prep, walls: [], cpus: [], survivors: 0 })
}
for (let rep = 0; rep < (Number(process.env.REPS) || 1); rep++)
  for (const run of runs) {
    const out = new Int32Array(q * kk),
      surv = new Float64Array(q)
    const t = performance.now(),
      c = process.cpuUsage()
    await addon.exactTopk(run.prep, items, queries, q, kk, threads, run.screen, out, null, null, null, surv, run.path)
    run.walls.push((performance.now() - t) / 1e3)
    const cu = process.cpuUsage(c)
    run.cpus.push((cu.user + cu.system) / 1e6)
    let tot = 0n
    for (const v of new BigInt64Array(surv.buffer)) tot += v
    run.survivors = Number(tot) / q
    if (runs[0].out && out.some((v, i) => v !== runs[0].out[i]))
      throw new Error(`${run.screen} ${run.path}: results differ`)
    run.out ??= out
  }
for (const run of runs) {
  const wall = Math.min(...run.walls)
  console.log(
    JSON.stringify({
      screen: run.screen,
      path: run.path,
      threads,
      wall,
      cpu: Math.min(...run.cpus),
      effGF: ((2 * q * n * dd) / wall / 1e9).toFixed(1),
      meanSurvivors: run.survivors,
      walls: run.walls.map((w) => +w.toFixed(3)),
    }),
  )
}
