// Issue 14 W1: in-memory vs streamed (`--memory SIZE`) estimate of one .npy, alternating,
// REPS runs each, under /usr/bin/time -v; prints wall, CPU, peak RSS, the streamed/in-memory
// ratios of the median wall times, and whether the results are identical.
//
//   node bench/out-of-core-ratio.mjs FILE [--memory 256MB] [--reps 3] [--args "--k 2..50:8 --samples 300"]
import { timedEstimate } from './out-of-core-30gb.mjs'

const args = process.argv.slice(2)
const flag = (name, fallback) => {
  const at = args.indexOf(name)
  return at >= 0 ? args[at + 1] : fallback
}
const file = args[0]
const memory = flag('--memory', '256MB')
const reps = Number(flag('--reps', 3))
const common = [file, ...flag('--args', '--k 2..50:8 --samples 300').split(' '), '--quiet', '--json']
const runs = { memory: [], streamed: [] }
let reference
for (let r = 0; r < reps; r++)
  for (const mode of ['memory', 'streamed']) {
    const res = timedEstimate(mode === 'memory' ? common : [...common, '--memory', memory])
    if (res.status !== 0) throw new Error(res.stderr)
    const results = JSON.stringify(JSON.parse(res.stdout).results)
    reference ??= results
    runs[mode].push(res)
    console.log(
      `${mode.padEnd(8)} rep ${r + 1}: wall ${res.wall.toFixed(2)} s, CPU ${res.cpu.toFixed(2)} s, peak RSS ${res.rssMB.toFixed(0)} MB, results ${results === reference ? 'identical' : 'DIFFER'}`,
    )
  }
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const wall = (mode) => median(runs[mode].map((r) => r.wall))
const cpu = (mode) => median(runs[mode].map((r) => r.cpu))
const pairs = runs.memory.map((m, i) => (runs.streamed[i].wall / m.wall).toFixed(2)).join(', ')
console.log(
  `median wall ratio ${(wall('streamed') / wall('memory')).toFixed(3)} (pairs ${pairs}), CPU ratio ${(cpu('streamed') / cpu('memory')).toFixed(3)}, peak RSS ${Math.max(...runs.memory.map((r) => r.rssMB)).toFixed(0)} MB vs ${Math.max(...runs.streamed.map((r) => r.rssMB)).toFixed(0)} MB`,
)
