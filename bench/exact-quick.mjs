// Quick speed check of the exact engine (issue 9) against the fp32 kernel on one case:
//   node bench/exact-quick.mjs [N] [d] [Q] [k]
// SCREENS=int16,int8 (default both, in that order; each prepared, run and dropped in
// turn): wall, survivors per query, and the prepared copy's bytes per screen. Run one
// screen per process (SCREENS=int8) to read its peak RSS (/usr/bin/time -v).
import { createRequire } from 'node:module'
import { benchData } from './exact-data.mjs'
const addon = createRequire(import.meta.url)('../build/Release/avgcon_topk.node')
const [N, d, Q, k] = process.argv.slice(2).map(Number)
const n = N || 1e6,
  dd = d || 128,
  q = Q || 1000,
  kk = k || 50
// DIST=uniform (default) or normal: the data of bench/exact-data.mjs.
const { items, queries } = benchData(n, dd, q)
const threads = addon.hardwareThreads()
let t = performance.now()
await addon.topk(items, n, dd, queries, q, kk, null, threads, addon.codePaths()[0])
const fp32 = (performance.now() - t) / 1e3
const gf = (w) => ((2 * q * n * dd) / w / 1e9).toFixed(1)
const row = { n, d: dd, q, k: kk, threads, fp32Path: addon.codePaths()[0], fp32Wall: fp32, fp32GF: gf(fp32) }
let first
for (const screen of (process.env.SCREENS ?? 'int16,int8').split(',')) {
  t = performance.now()
  let prep = addon.exactPrepare(items, n, dd, 0, null, screen)
  const prepS = (performance.now() - t) / 1e3
  const out = new Int32Array(q * kk),
    surv = new Float64Array(q)
  // REPS=r (default 1): the best wall of r runs (a shared machine's noise is one-sided).
  let ex = Infinity
  for (let rep = 0; rep < (Number(process.env.REPS) || 1); rep++) {
    t = performance.now()
    await addon.exactTopk(prep, items, queries, q, kk, threads, screen, out, null, null, null, surv)
    ex = Math.min(ex, (performance.now() - t) / 1e3)
  }
  let tot = 0n
  for (const v of new BigInt64Array(surv.buffer)) tot += v
  if (first && out.some((v, i) => v !== first[i])) throw new Error(`${screen}: results differ`)
  first = out
  Object.assign(row, {
    [`${screen}Prepare`]: prepS,
    [`${screen}Wall`]: ex,
    [`${screen}EffGF`]: gf(ex),
    [`${screen}Survivors`]: Number(tot) / q,
    [`${screen}RssMB`]: process.memoryUsage().rss / 2 ** 20,
  })
  prep = null
}
row.embeddingMB = items.byteLength / 2 ** 20
console.log(JSON.stringify(row))
