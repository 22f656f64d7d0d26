import { estimateConsistency, exactCurve, generate, loadEngine, parseLaw } from '/work/wt-beta/dist/index.js'
const engine = loadEngine()
const [law, n, d, k, C, S] = [process.argv[2], +process.argv[3], +process.argv[4], +process.argv[5], +process.argv[6], +process.argv[7]]
const means = []
for (let c = 0; c < C; c++) {
  const e = generate(law, n, d, 5000 + c)
  const [p] = await estimateConsistency(e, { ks: [k], engine, samples: S, seed: c })
  means.push(p.mean)
}
const mean = means.reduce((s, v) => s + v, 0) / C
const se = Math.sqrt(means.reduce((s, v) => s + (v - mean) ** 2, 0) / (C - 1) / C)
const [x] = exactCurve({ n, d, ks: [k], law: parseLaw(law), sets: 20000, seed: 3 })
const seX = x.std / Math.sqrt(x.sets)
console.log(law, n, d, k, 'exact', x.consistency.toFixed(5), seX.toFixed(5), 'sim', mean.toFixed(5), se.toFixed(5), 'z', ((x.consistency - mean) / Math.hypot(se, seX)).toFixed(2))
