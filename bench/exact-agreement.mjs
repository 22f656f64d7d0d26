// Issue 10: `theory --method exact` against brute-force simulation with the real engine.
// Each cell draws C catalogues of N i.i.d. items (a fresh catalogue per seed, as the
// theory's expectation is over catalogues too), estimates Consistency_k on S sets of
// each with the exact engine, and compares the mean with the exact method's curve:
// z = (exact - simulated) / sqrt(se_exact^2 + se_sim^2), se_sim from the spread over
// catalogues. Agreement: |z| <= 3 in every cell.
//
//   node bench/exact-agreement.mjs [--n 1e3,1e5] [--d 16,64,128] [--k 2,5,20,50]
//        [--laws 'normal;uniform(-1,1);rademacher;laplace(0,1);student-t(6)']
//        [--catalogues 20] [--sets 1000] [--json out.json]
// Needs `npm run build` (reads dist/).
import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { parseArgs } from 'node:util'
import { estimateConsistency, exactCurve, generate, loadEngine, parseLaw } from '../dist/index.js'
import { exactSupports } from '../dist/theory/exact/tail.js'

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '1e3,1e5' },
    d: { type: 'string', default: '16,64,128' },
    k: { type: 'string', default: '2,5,20,50' },
    laws: { type: 'string', default: 'normal;uniform(-1,1);rademacher;laplace(0,1);student-t(6)' },
    catalogues: { type: 'string', default: '20' },
    sets: { type: 'string', default: '1000' },
    json: { type: 'string' },
  },
})
const ns = args.n.split(',').map(Number)
const ds = args.d.split(',').map(Number)
const ks = args.k.split(',').map(Number)
const laws = args.laws.split(';')
const catalogues = Number(args.catalogues)
const setsPer = Number(args.sets)
const engine = loadEngine()

console.log(
  `CPU ${cpus()[0]?.model} x${cpus().length}; engine ${engine.name}; ${catalogues} catalogues x ${setsPer} sets`,
)
const rows = []
for (const lawText of laws) {
  const law = parseLaw(lawText)
  for (const n of ns)
    for (const d of ds) {
      if (!exactSupports(law)) {
        rows.push({ law: lawText, n, d, note: 'exact method does not cover this law (Proposition 2 fallback)' })
        console.log(`${lawText.padEnd(14)} N=${n} d=${d}: not covered by the exact method`)
        continue
      }
      const t0 = performance.now()
      const perK = new Map(ks.map((k) => [k, []]))
      for (let c = 0; c < catalogues; c++) {
        const e = generate(lawText, n, d, 1000 + c)
        const points = await estimateConsistency(e, { ks, engine, samples: setsPer, seed: c })
        for (const p of points) perK.get(p.k).push(p.mean)
      }
      const simSeconds = (performance.now() - t0) / 1e3
      const t1 = performance.now()
      const exact = exactCurve({ n, d, ks, law, ci: 0.002, sets: 2000, maxSets: 100_000, seed: 7 })
      const exactSeconds = (performance.now() - t1) / 1e3
      for (const x of exact) {
        const means = perK.get(x.k)
        const mean = means.reduce((s, v) => s + v, 0) / means.length
        const se = Math.sqrt(means.reduce((s, v) => s + (v - mean) ** 2, 0) / (means.length - 1) / means.length)
        const seX = x.std / Math.sqrt(x.sets)
        const z = (x.consistency - mean) / Math.hypot(se, seX)
        // Every simulated set perfect (or none): no spread to form z from. Then the
        // simulation is consistent with the exact value when seeing no miss was not
        // too unlikely: lambda = expected missed slots, P(0) = e^-lambda >= 0.0027 (3 sigma).
        const boundary = se === 0 && (mean === 1 || mean === 0)
        const lambda = catalogues * setsPer * x.k * (mean === 1 ? 1 - x.consistency : x.consistency)
        const ok = boundary ? lambda <= -Math.log(0.0027) : Math.abs(z) <= 3
        rows.push({
          law: lawText,
          n,
          d,
          k: x.k,
          exact: x.consistency,
          seExact: seX,
          simulated: mean,
          seSim: se,
          z,
          boundary,
          lambda,
          ok,
        })
        const verdict = boundary ? `all sets ${mean}: expected misses ${lambda.toExponential(2)}` : `z=${z.toFixed(2)}`
        console.log(
          `${lawText.padEnd(14)} N=${n} d=${String(d).padStart(3)} k=${String(x.k).padStart(2)}: exact ${x.consistency.toFixed(4)} ± ${seX.toFixed(4)}  sim ${mean.toFixed(4)} ± ${se.toFixed(4)}  ${verdict}${ok ? '' : '  DISAGREES'}`,
        )
      }
      console.log(`  (simulation ${simSeconds.toFixed(1)} s, exact ${exactSeconds.toFixed(1)} s)`)
    }
}
const cells = rows.filter((r) => r.ok !== undefined)
const zs = cells.filter((r) => !r.boundary).map((r) => Math.abs(r.z))
console.log(
  `${cells.length} cells (${cells.length - zs.length} at a bound), ${cells.filter((r) => !r.ok).length} disagree; ` +
    `max |z| = ${Math.max(...zs).toFixed(2)}, ${zs.filter((z) => z > 2).length} above 2 (about ${(zs.length * 0.0455).toFixed(1)} expected by chance)`,
)
if (args.json) writeFileSync(args.json, JSON.stringify(rows, null, 1))
