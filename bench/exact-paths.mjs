// The exact engine's int16 screen on each kernel (issue 9, engine v2), same data as
// bench/exact-quick.mjs:   node bench/exact-paths.mjs [N] [d] [Q] [k] [path,path,...]
import { createRequire } from 'node:module'
const addon = createRequire(import.meta.url)(process.env.AVGCON_NATIVE_BINARY ?? '../build/Release/avgcon_topk.node')
const [N, d, Q, k] = process.argv.slice(2, 6).map(Number)
const n = N || 1e6,
  dd = d || 128,
  q = Q || 1000,
  kk = k || 50
const paths = process.argv[6] ? process.argv[6].split(',') : addon.exactScreenPaths ? addon.exactScreenPaths() : ['']
const items = new Float32Array(n * dd)
let s = 1
for (let i = 0; i < items.length; i++) {
  s = (s * 1103515245 + 12345) >>> 0
  items[i] = s / 2 ** 32 - 0.5
}
const queries = new Float32Array(q * dd)
for (let r = 0; r < q; r++)
  for (let j = 0; j < dd; j++) queries[r * dd + j] = (items[r * dd + j] + items[(r + 7) * dd + j]) / 2
const threads = Number(process.env.THREADS) || addon.hardwareThreads()
const prep = addon.exactPrepare(items, n, dd, 0, null, true)
for (const path of paths) {
  const out = new Int32Array(q * kk),
    surv = new Float64Array(q)
  const t = performance.now(),
    c = process.cpuUsage()
  await addon.exactTopk(prep, items, queries, q, kk, threads, 'int16', out, null, null, null, surv, path)
  const wall = (performance.now() - t) / 1e3
  const cu = process.cpuUsage(c),
    cpu = (cu.user + cu.system) / 1e6
  let tot = 0n
  for (const v of new BigInt64Array(surv.buffer)) tot += v
  console.log(
    JSON.stringify({
      path,
      threads,
      wall,
      cpu,
      effGF: ((2 * q * n * dd) / wall / 1e9).toFixed(1),
      meanSurvivors: Number(tot) / q,
    }),
  )
}
