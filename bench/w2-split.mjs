// Where W2's wall time goes: engine.topk (native exact search) vs. everything else.
const { generate } = await import('../dist/synthetic/index.js')
const { estimateConsistency } = await import('../dist/estimate/index.js')
const { loadEngine } = await import('../dist/search/index.js')
const n = Number(process.argv[2] ?? 50000),
  d = Number(process.argv[3] ?? 256),
  samples = Number(process.argv[4] ?? 1000)
const ks = Array.from({ length: 49 }, (_, i) => i + 2)
const e = generate('normal', n, d, 1)
const base = loadEngine('native')
let inTopk = 0,
  avg = 0,
  calls = 0
const engine = {
  ...base,
  topk: async (...a) => {
    const t = performance.now()
    const r = await base.topk(...a)
    inTopk += performance.now() - t
    calls++
    return r
  },
  averageRows: base.averageRows
    ? (...a) => {
        const t = performance.now()
        base.averageRows(...a)
        avg += performance.now() - t
      }
    : undefined,
}
const t0 = performance.now()
const pts = await estimateConsistency(e, { ks, engine, samples, seed: 0 })
const wall = (performance.now() - t0) / 1e3
console.log(
  JSON.stringify({ wall, topk: inTopk / 1e3, average: avg / 1e3, calls, mean2: pts[0].mean, mean50: pts.at(-1).mean }),
)
