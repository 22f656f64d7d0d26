// Quick speed check of the exact engine (issue 9) against the fp32 kernel on one case:
//   node bench/exact-quick.mjs [N] [d] [Q] [k]
import { createRequire } from 'node:module'
const addon = createRequire(import.meta.url)('../build/Release/avgcon_topk.node')
const [N, d, Q, k] = process.argv.slice(2).map(Number)
const n = N || 1e6,
  dd = d || 128,
  q = Q || 1000,
  kk = k || 50
const items = new Float32Array(n * dd)
let s = 1
for (let i = 0; i < items.length; i++) {
  s = (s * 1103515245 + 12345) >>> 0
  items[i] = s / 2 ** 32 - 0.5
}
const queries = new Float32Array(q * dd)
for (let r = 0; r < q; r++)
  for (let j = 0; j < dd; j++) queries[r * dd + j] = (items[r * dd + j] + items[(r + 7) * dd + j]) / 2
const threads = addon.hardwareThreads()
let t = performance.now()
await addon.topk(items, n, dd, queries, q, kk, null, threads, addon.codePaths()[0])
const fp32 = (performance.now() - t) / 1e3
t = performance.now()
const prep = addon.exactPrepare(items, n, dd, 0, null, true)
const prepS = (performance.now() - t) / 1e3
const out = new Int32Array(q * kk),
  surv = new Float64Array(q)
t = performance.now()
await addon.exactTopk(prep, items, queries, q, kk, threads, 'int16', out, null, null, null, surv)
const ex = (performance.now() - t) / 1e3
const sv = new BigInt64Array(surv.buffer)
let tot = 0n
for (const v of sv) tot += v
const gf = (w) => ((2 * q * n * dd) / w / 1e9).toFixed(1)
console.log(
  JSON.stringify({
    n,
    d: dd,
    q,
    k: kk,
    threads,
    fp32Path: addon.codePaths()[0],
    fp32Wall: fp32,
    fp32GF: gf(fp32),
    prepareWall: prepS,
    exactInt16Wall: ex,
    exactEffGF: gf(ex),
    meanSurvivors: Number(tot) / q,
    rssMB: process.memoryUsage().rss / 2 ** 20,
    embeddingMB: items.byteLength / 2 ** 20,
  }),
)
