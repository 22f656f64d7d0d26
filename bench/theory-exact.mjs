#!/usr/bin/env node
// Wall and CPU time of the exact method's k = 2..50 curve to a 95 % CI half-width of 0.002
// (issue 10: at most 2 s on 2 cores at any N), through the CLI, process start included.
// Run `npx tsc -p tsconfig.build.json` first.
//
//   node bench/theory-exact.mjs [--reps 5] [--n 1e3,1e5,1e12] [--d 128] [--ci 0.002] [--law normal]
//
// Each N: --reps runs of
//   node dist/cli/main.js theory --k 2..50 --ci CI --n N --d D --law LAW --json --quiet
// timed by /usr/bin/time (wall, user + system CPU); prints the median of each, the largest
// half-width over k and the total sets. The machine is shared: read CPU-s beside wall.
import { execFileSync } from 'node:child_process'
import { readFileSync, mkdtempSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, URL } from 'node:url'

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}

const reps = Number(option('reps', 5))
const ns = option('n', '1e3,1e5,1e12').split(',')
const d = option('d', '128')
const ci = option('ci', '0.002')
const law = option('law', 'normal')
const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))
const timeFile = join(mkdtempSync(join(tmpdir(), 'theory-exact-')), 'time.txt')
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

console.log(
  `load average at start: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
)
for (const n of ns) {
  const walls = [],
    cpus = []
  let halfWidth = 0,
    sets = 0
  for (let r = 0; r < reps; r++) {
    const args = ['theory', '--k', '2..50', '--ci', ci, '--n', n, '--d', d, '--law', law, '--json', '--quiet']
    const out = execFileSync('/usr/bin/time', ['-f', '%e %U %S', '-o', timeFile, 'node', main, ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    })
    const [wall, user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number)
    walls.push(wall)
    cpus.push(user + sys)
    const results = JSON.parse(out).results
    halfWidth = Math.max(...results.map((p) => (p.ciHigh - p.ciLow) / 2))
    sets = results.reduce((s, p) => s + p.sets, 0)
  }
  console.log(
    `N=${n} d=${d} law=${law} ci=${ci}: median wall ${median(walls).toFixed(2)} s, median CPU ${median(cpus).toFixed(2)} s` +
      ` (walls ${walls.join(' ')}), max half-width ${halfWidth.toFixed(4)}, ${sets} sets`,
  )
}
console.log(
  `load average at end: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
)
