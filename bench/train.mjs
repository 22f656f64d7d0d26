#!/usr/bin/env node
// Benchmark of the trainers (run `npx tsc -p tsconfig.build.json` first).
//
//   node bench/train.mjs [--cases als,svd-ppmi,svd-ui,gen] [--data PATH] [--json out.json]
//
// Cases, each in its own child process so its peak RSS is its own:
//   als       MovieLens 100K, implicit ALS d=64, 15 iterations (budget 10 s)
//   svd-ppmi  MovieLens 100K, randomised SVD of item-item PPMI, d=64 (budget 10 s);
//             users scored by the average of their train items' embeddings
//   svd-ui    MovieLens 100K, randomised SVD of the user-item matrix (PureSVD), d=64
//             (budget 10 s); users scored by their U factors
//   gen       generated log of 1,000,000 interactions (20,000 users, 10,000 items,
//             skewed popularity), implicit ALS d=128, 10 iterations: time and peak RSS
// MovieLens cases train on a seeded 80/20 per-user split (seed 1) and report held-out
// recall@10 and nDCG@10, with the recall@10 of a random ranking for scale. Times are wall
// clock of the training call alone (loading and evaluation excluded); CPU seconds are
// printed beside them because the machine is shared (the 1-minute load average is
// recorded). The data is read in place from ../shared/data (relative to the repo root)
// and never copied into the repository. Exit code 1 when a budget is exceeded.
import { execFileSync, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { URL, fileURLToPath } from 'node:url'
import { generatedLog } from './generated-log.mjs'

const DEFAULT_DATA = fileURLToPath(new URL('../../shared/data/movielens-100k/u.data', import.meta.url))
const BUDGET_S = 10

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}

/** Wall and CPU seconds of fn(). */
function timed(fn) {
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const value = fn()
  const seconds = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  return { value, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 }
}

async function movielens(name) {
  const { loadInteractions } = await import('../dist/io/interactions.js')
  const T = await import('../dist/train/index.js')
  const path = option('data', DEFAULT_DATA)
  const log = await loadInteractions(path)
  const { train, test } = T.splitPerUser(log, { fraction: 0.2, seed: 1 })
  const settings =
    name === 'als'
      ? { factors: 64, iterations: 15, seed: 0 }
      : { dim: 64, matrix: name === 'svd-ppmi' ? 'ppmi' : 'interactions', seed: 0 }
  const run = timed(() => (name === 'als' ? T.trainAls(train, settings) : T.trainSvd(train, settings)))
  const model = run.value
  const users = model.userFactors ?? T.averageItemEmbeddings(train, model.itemFactors)
  const metrics = T.evaluateRanking(train, test, users, model.itemFactors, { k: 10 })
  const scoring = model.userFactors ? 'user factors' : 'average item embedding'
  return {
    case: name,
    data: path,
    users: log.users.length,
    items: log.items.length,
    interactions: log.user.length,
    trainInteractions: train.user.length,
    settings,
    scoring,
    seconds: run.seconds,
    cpuSeconds: run.cpuSeconds,
    budgetSeconds: BUDGET_S,
    withinBudget: run.seconds <= BUDGET_S,
    ...metrics,
  }
}

async function generated() {
  const T = await import('../dist/train/index.js')
  const log = generatedLog(20_000, 10_000, 1_000_000, 7)
  const settings = { factors: 128, iterations: 10, seed: 0 }
  const perIteration = []
  let last = performance.now()
  const run = timed(() =>
    T.trainAls(log, {
      ...settings,
      progress: () => {
        const now = performance.now()
        perIteration.push((now - last) / 1000)
        last = now
      },
    }),
  )
  const factorMB = ((log.users.length + log.items.length) * 128 * 4) / 2 ** 20
  return {
    case: 'gen',
    users: log.users.length,
    items: log.items.length,
    interactions: log.user.length,
    settings,
    seconds: run.seconds,
    cpuSeconds: run.cpuSeconds,
    perIteration,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    factorMB,
  }
}

function context() {
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    })
      .toString()
      .trim()
  } catch {
    /* not a checkout */
  }
  return {
    script: 'bench/train.mjs',
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    node: process.version,
    commit,
    date: new Date().toISOString(),
  }
}

function line(r) {
  const head = `${r.case.padEnd(9)} ${r.seconds.toFixed(2).padStart(7)} s (cpu ${r.cpuSeconds.toFixed(2)} s, load ${r.load1.toFixed(1)})`
  if (r.case === 'gen')
    return `${head}  ${r.interactions} interactions, d=128, 10 it: peak RSS ${r.peakRssMB.toFixed(0)} MB (factors ${r.factorMB.toFixed(0)} MB)`
  const ok = r.withinBudget ? 'ok' : `OVER ${r.budgetSeconds} s`
  return `${head}  recall@10 ${r.recall.toFixed(4)}  nDCG@10 ${r.ndcg.toFixed(4)}  random recall@10 ${r.randomRecall.toFixed(4)}  [${ok}]  (${r.scoring})`
}

if (option('one')) {
  const name = option('one')
  const load1 = loadavg()[0]
  const r = name === 'gen' ? await generated() : await movielens(name)
  process.stdout.write(JSON.stringify({ ...r, load1 }) + '\n')
} else {
  const names = option('cases', 'als,svd-ppmi,svd-ui,gen').split(',')
  const results = []
  let failed = false
  for (const name of names) {
    const args = [fileURLToPath(import.meta.url), '--one', name]
    if (option('data')) args.push('--data', option('data'))
    const child = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    if (child.status !== 0) {
      console.log(`${name}: failed (exit ${child.status})`)
      failed = true
      continue
    }
    const r = JSON.parse(child.stdout.trim().split('\n').at(-1))
    results.push(r)
    if (r.withinBudget === false) failed = true
    console.log(line(r))
  }
  const out = option('json')
  if (out) writeFileSync(out, JSON.stringify({ context: context(), results }, null, 2) + '\n')
  process.exitCode = failed ? 1 : 0
}
