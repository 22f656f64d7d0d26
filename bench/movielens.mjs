#!/usr/bin/env node
// The MovieLens 100K walkthrough, through the CLI exactly as a user runs it
// (run `npx tsc -p tsconfig.build.json` first):
//
//   node bench/movielens.mjs [--data DIR] [--json out.json]
//
// 1. avgcon train als u.data --dim 64 --iterations 15   (budget 10 s)
// 2. avgcon train svd u.data --dim 64 (item PPMI)         (budget 10 s)
//    both on a seeded 80/20 per-user split: held-out recall@10, nDCG@10, random recall@10
// 3. avgcon sets <model>.npy --sets u.data --names u.item: all 943 users (budget 5 s)
// 4. avgcon compare <model>.npy --center --k 2..50:4: the real curve against the
//    i.i.d. N(0,1), pooled-moment and per-dimension-moment theories (Figure 3)
// Times are wall clock of the whole command (node start, loading, work, writing), with the
// command's own `seconds` beside them; the machine is shared, so the 1-minute load average
// is printed too. The data is read in place from ../shared/data (relative to the repo root)
// and never copied into the repository; model files go to a temporary directory that is
// removed at the end. Exit code 1 when a budget is exceeded.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, URL } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const MAIN = join(ROOT, 'dist', 'cli', 'main.js')
const BUDGET = { train: 10, sets: 5 }

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}

/** Runs `avgcon args --json`; returns the parsed JSON and the wall time of the process. */
function avgcon(args) {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [MAIN, ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 })
  const wall = (performance.now() - t0) / 1000
  if (r.status !== 0) throw new Error(`avgcon ${args.join(' ')} failed (exit ${r.status}): ${r.stderr}`)
  if (r.stderr.trim() !== '') process.stderr.write(r.stderr)
  return { json: JSON.parse(r.stdout), wall }
}

function context() {
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim()
  } catch {
    /* not a checkout */
  }
  return {
    script: 'bench/movielens.mjs',
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    node: process.version,
    commit,
    date: new Date().toISOString(),
    load1: loadavg()[0],
  }
}

const f3 = (x) => x.toFixed(3)
const f4 = (x) => x.toFixed(4)
const budget = (wall, limit) => (wall <= limit ? `ok, budget ${limit} s` : `OVER the ${limit} s budget`)

function trainStep(model, data, out) {
  const args = model === 'als' ? ['--iterations', '15'] : []
  const { json, wall } = avgcon(['train', model, join(data, 'u.data'), '--dim', '64', ...args, '--out', out, '--quiet'])
  const m = json.results[0]
  console.log(
    `train ${model}: ${wall.toFixed(2)} s wall (training ${json.trainSeconds.toFixed(2)} s; ${budget(wall, BUDGET.train)})  recall@10 ${f4(m.recall)}  nDCG@10 ${f4(m.ndcg)}  random recall@10 ${f4(m.randomRecall)}  (users scored by ${json.scoring})`,
  )
  return {
    model,
    wall,
    trainSeconds: json.trainSeconds,
    scoring: json.scoring,
    withinBudget: wall <= BUDGET.train,
    ...m,
  }
}

function setsStep(model, data, file) {
  const { json, wall } = avgcon([
    'sets',
    file,
    '--sets',
    join(data, 'u.data'),
    '--names',
    join(data, 'u.item'),
    '--quiet',
  ])
  const all = json.results.at(-1)
  console.log(
    `sets ${model}: ${json.source.sets} users in ${wall.toFixed(2)} s wall (${json.seconds.toFixed(2)} s inside; ${budget(wall, BUDGET.sets)}; engine ${json.engine})`,
  )
  for (const b of json.results) {
    console.log(
      `  |U| ${b.label.padEnd(6)} ${String(b.sets).padStart(4)} sets  precision ${f3(b.precision.mean)} [${f3(b.precision.ciLow)}, ${f3(b.precision.ciHigh)}]  random ${f3(b.random.mean)}  P@10 ${f3(b.precisionAt.mean)} (random ${f3(b.randomAt.mean)})`,
    )
  }
  return {
    model,
    wall,
    seconds: json.seconds,
    engine: json.engine,
    withinBudget: wall <= BUDGET.sets,
    buckets: json.results,
    all,
  }
}

function compareStep(model, file) {
  const { json, wall } = avgcon(['compare', file, '--center', '--k', '2..50:4', '--quiet'])
  const t = json.theory
  console.log(
    `compare ${model} --center: ${wall.toFixed(2)} s wall; pooled moments of the centred file: std ${f4(t.moments.pooled.std)}, skewness ${f3(t.moments.pooled.skewness)}, kurtosis ${f3(t.moments.pooled.kurtosis)}`,
  )
  console.log('   k   real   95% CI            iid N(0,1)  pooled  per-dim')
  json.results.forEach((p, i) => {
    console.log(
      `  ${String(p.k).padStart(2)}  ${f3(p.mean)}  [${f3(p.ciLow)}, ${f3(p.ciHigh)}]    ${f3(t.iid[i].consistency)}     ${f3(t.pooled[i].consistency)}   ${f3(t.perDimension[i].consistency)}`,
    )
  })
  return {
    model,
    wall,
    results: json.results,
    theory: { iid: t.iid, pooled: t.pooled, perDimension: t.perDimension, moments: t.moments.pooled },
  }
}

const data = option('data', join(ROOT, '..', 'shared', 'data', 'movielens-100k'))
const work = mkdtempSync(join(tmpdir(), 'avgcon-movielens-'))
const ctx = context()
console.log(
  `MovieLens 100K walkthrough: ${ctx.cpu} x${ctx.cores}, node ${ctx.node}, commit ${ctx.commit}, load ${ctx.load1.toFixed(1)}`,
)
try {
  const report = { context: ctx, train: [], sets: [], compare: [] }
  for (const model of ['als', 'svd']) report.train.push(trainStep(model, data, join(work, `${model}.npy`)))
  for (const model of ['als', 'svd']) report.sets.push(setsStep(model, data, join(work, `${model}.npy`)))
  for (const model of ['als', 'svd']) report.compare.push(compareStep(model, join(work, `${model}.npy`)))
  const out = option('json')
  if (out) writeFileSync(out, JSON.stringify(report, null, 2) + '\n')
  process.exitCode = [...report.train, ...report.sets].every((r) => r.withinBudget) ? 0 : 1
} finally {
  rmSync(work, { recursive: true, force: true })
}
