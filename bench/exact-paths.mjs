// The exact engine's int16 and int8 screens on each kernel (issue 9, engine v2), same
// data as bench/exact-quick.mjs:   node bench/exact-paths.mjs [N] [d] [Q] [k] [path,path,...]
// SCREENS=int16,int8 (default both); a listed path a screen lacks is skipped.
import { createRequire } from 'node:module'
import { benchData } from './exact-data.mjs'
const addon = createRequire(import.meta.url)(process.env.AVGCON_NATIVE_BINARY ?? '../build/Release/avgcon_topk.node')
const [N, d, Q, k] = process.argv.slice(2, 6).map(Number)
const n = N || 1e6,
  dd = d || 128,
  q = Q || 1000,
  kk = k || 50
const only = process.argv[6] ? process.argv[6].split(',') : null
// DIST=uniform (default) or normal: the data of bench/exact-data.mjs.
const { items, queries } = benchData(n, dd, q)
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
