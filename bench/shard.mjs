#!/usr/bin/env node
// Sharded estimation (issue 14) on this machine: local run against `estimate --redis` with
// 1, 2 and 4 `avgcon worker` processes, beside the cost model of docs/scale-out.md.
//   npx tsc -p tsconfig.build.json && node bench/shard.mjs [--n 1000000] [--d 128] [--k 2..50]
//       [--samples 1000] [--workers 1,2,4] [--shards S] [--trace] [--json out.json]
// Default: W1 (N=1e6, d=128, k=2..50, 1000 sets per k, i.i.d. N(0,1), dot). The .npy is made
// once with the project's generator (generate('normal', N, d, 1)) under $TMPDIR. A redis-server
// (needed; not persisted) is started on a free port of 127.0.0.1, the workers as child
// processes of dist/cli/main.js with --threads floor(cores / W) (at least 1: 4 workers on 2
// cores oversubscribe), S = W shards unless --shards. Per run: wall seconds, CPU seconds of all
// its processes (coordinator and workers, from /proc: Linux), and the model's prediction
// (docs/scale-out.md) from rates measured here first, in a child process, one thread:
//   r(S)  item-query pairs per CPU-second of the exact engine on a shard of N/S rows (2048 set
//         averages, k=50, the shard prepared once): smaller shards screen worse;
//   p     CPU-s per row to read and prepare a shard (the engine's quantised copy);
//   m     CPU-s per candidate of the coordinator's merge (MergedLists).
// T = T0 + N*Q / (r(S) * min(cores, W*threads)) + (N/S)*p*ceil(S/W) + m*sum(q*S*kMax) + bytes/1 GB/s,
// T0 the local run's wall outside its search (start, checks, sampling, ties).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isa } from './ceiling.mjs'

const MAIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))
const DIST = fileURLToPath(new URL('../dist/', import.meta.url))

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}
const flag = (name) => process.argv.includes(`--${name}`)

const N = Number(option('n', 1_000_000))
const D = Number(option('d', 128))
const K = option('k', '2..50')
const SAMPLES = Number(option('samples', 1000))
const WORKERS = option('workers', '1,2,4').split(',').map(Number)
const SHARDS = option('shards')
/** --parts: W workers split each round's queries (--shards 1 --query-parts W) instead of the items. */
const PARTS = flag('parts')
const TRACE = flag('trace')
const CORES = cpus().length
/** The shard count of W workers: one each (smaller shards cost the screen more: see docs/scale-out.md). */
const shardsOf = (w) => (SHARDS ? Number(SHARDS) : PARTS ? 1 : w)
const shardCounts = () => WORKERS.map(shardsOf)

/** CPU seconds of this process's reaped children so far (/proc/self/stat cutime + cstime). */
function childCpu() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
    return (Number(fields[13]) + Number(fields[14])) / 100 // clock ticks: USER_HZ is 100 on Linux
  } catch {
    return NaN
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** A child process with its stderr kept (and echoed with timestamps under --trace). */
function start(args, label, t0) {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (s) => (out += s))
  child.stderr.setEncoding('utf8').on('data', (s) => {
    err += s
    if (TRACE)
      for (const line of s.split('\n').filter(Boolean))
        process.stdout.write(`  [${((performance.now() - t0.value) / 1000).toFixed(2)} ${label}] ${line}\n`)
  })
  const exited = new Promise((resolve) => child.on('close', (code) => resolve(code ?? -1)))
  return { child, exited, stdout: () => out, stderr: () => err }
}

async function until(test, ms, what) {
  const end = Date.now() + ms
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** The data file, generated once. */
async function dataFile() {
  const dir = join(tmpdir(), 'avgcon-bench-shard')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `normal-${N}x${D}.npy`)
  if (!existsSync(path)) {
    const { generate } = await import(join(DIST, 'synthetic/index.js'))
    const { saveNpy } = await import(join(DIST, 'io/npy.js'))
    await saveNpy(path, generate('normal', N, D, 1))
  }
  return path
}

/** The engine's rates (one thread): r pairs / CPU-s and p CPU-s per prepared row, in a child process. */
function engineRates(path) {
  if (option('child-rates') !== undefined) return undefined
  const run = spawnSync(
    process.execPath,
    [fileURLToPath(import.meta.url), '--child-rates', path, '--sizes', ['1', ...shardCounts()].join(',')],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  if (run.status !== 0) throw new Error('the rate probe failed')
  return JSON.parse(run.stdout.trim().split('\n').at(-1))
}

async function rateChild(path) {
  const { openNpyRows } = await import(join(DIST, 'io/npy-rows.js'))
  const { loadEngine } = await import(join(DIST, 'search/index.js'))
  const rows = await openNpyRows(path)
  const { n, d } = rows
  const engine = loadEngine('native')
  const q = 2048
  let s = 7
  const next = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32
  const cpu = () => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1e6
  }
  // Averages of 2..50 random rows (what the estimator ranks).
  const queries = new Float32Array(q * d)
  const one = new Float32Array(d)
  for (let r = 0; r < q; r++) {
    const m = 2 + (r % 49)
    const acc = new Float64Array(d)
    for (let t = 0; t < m; t++) {
      const i = Math.floor(next() * n)
      rows.readRows(i, i + 1, one)
      for (let j = 0; j < d; j++) acc[j] += one[j]
    }
    for (let j = 0; j < d; j++) queries[r * d + j] = acc[j] / m
  }
  const items = new Float32Array(n * d)
  let c = cpu()
  rows.readRows(0, n, items)
  const readPerRow = (cpu() - c) / n
  // Per shard size (the first N/S rows): prepare (a first call, one query), then search
  // 2048 queries, k=50, one thread, on the prepared copy.
  const shardSizes = [...new Set(String(option('sizes', '1')).split(',').map(Number))]
  const bySize = {}
  let preparePerRow = 0
  for (const s of shardSizes) {
    const m = Math.floor(n / s)
    const block = items.slice(0, m * d)
    c = cpu()
    await engine.topk(block, m, d, queries.subarray(0, d), 1, 50, { threads: 1 })
    if (s === 1) preparePerRow = (cpu() - c) / m
    c = cpu()
    await engine.topk(block, m, d, queries, q, 50, { threads: 1 })
    bySize[s] = (m * q) / (cpu() - c)
  }
  // The coordinator's merge of S partials per query (MergedLists, k=50), per candidate.
  const { MergedLists } = await import(join(DIST, 'estimate/merged-lists.js'))
  const kb = 50
  const parts = 8
  const top = new Int32Array(q * kb)
  const scores = new Float64Array(q * kb)
  for (let i = 0; i < top.length; i++) {
    top[i] = i % kb
    scores[i] = -((i % kb) + next())
  }
  const lists = new MergedLists(q, kb)
  c = cpu()
  for (let p = 0; p < parts; p++) {
    for (let qi = 0; qi < q; qi++) lists.merge(qi, p * kb, top, kb, (at) => scores[qi * kb + at] - p * 1e-3, 0)
    lists.grow(kb)
  }
  const mergePerCandidate = (cpu() - c) / (parts * q * kb)
  await rows.close()
  process.stdout.write(
    JSON.stringify({
      engine: engine.name,
      readPerRow,
      preparePerRow,
      pairsPerCpuSecond: bySize[1],
      bySize,
      mergePerCandidate,
      q,
    }) + '\n',
  )
}

/** The batches the estimator forms (largest k first, at most 16,384 queries): their kMax. */
function batches(ks, samples, batch = 16_384) {
  const owners = []
  for (const k of [...ks].sort((a, b) => b - a)) for (let i = 0; i < samples; i++) owners.push(k)
  const out = []
  for (let s = 0; s < owners.length; s += batch) out.push({ q: Math.min(batch, owners.length - s), kMax: owners[s] })
  return out
}

function parseK(text) {
  const m = /^(\d+)\.\.(\d+)$/.exec(text)
  if (m) return Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, i) => Number(m[1]) + i)
  return text.split(',').map(Number)
}

/** Bytes through Redis in one run: queries to each unit, partials back; and the peak Redis memory. */
function transfer(rounds, shards, d, parts = 1) {
  let down = 0
  let up = 0
  for (const { q, kMax } of rounds) {
    down += q * d * 4 * shards * parts // each unit reads its round's queries
    up += shards * (16 + q * kMax * 12 + q * 4)
  }
  return { down, up, redis: up + rounds.reduce((a, r) => a + r.q * d * 4, 0) }
}

async function main() {
  const machine = isa()
  console.log(
    `CPU ${machine.model} (${machine.arch}; ${machine.flags.join(' ')}), ${CORES} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  )
  const path = await dataFile()
  const ks = parseK(K)
  const Q = ks.length * SAMPLES
  const rounds = batches(ks, SAMPLES)
  console.log(`data ${path}: N=${N}, d=${D}, k=${K}, ${SAMPLES} sets per k (Q=${Q}, ${rounds.length} rounds)`)
  const rates = engineRates(path)
  console.log(
    `engine ${rates.engine}, one thread: ${(rates.pairsPerCpuSecond / 1e9).toFixed(3)} G item-query pairs per CPU-s` +
      ` (${((2 * D * rates.pairsPerCpuSecond) / 1e9).toFixed(0)} effective GFLOP/s at d=${D}); on shards of N/S:` +
      ` ${Object.entries(rates.bySize)
        .map(([s, r]) => `S=${s} ${(r / 1e9).toFixed(3)}`)
        .join(', ')};` +
      ` prepare ${(rates.preparePerRow * 1e9).toFixed(0)} ns/row, read ${(rates.readPerRow * 1e9).toFixed(0)} ns/row,` +
      ` merge ${(rates.mergePerCandidate * 1e9).toFixed(0)} ns per candidate`,
  )
  const port = await freePort()
  const url = `redis://127.0.0.1:${port}`
  const redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  redis.on('error', () => {
    console.log('redis-server is not installed (apt-get install redis-server): sharded runs skipped')
    process.exit(1)
  })
  let redisLog = ''
  redis.stdout.setEncoding('utf8').on('data', (s) => (redisLog += s))
  await until(() => redisLog.includes('Ready to accept connections'), 10_000, 'redis-server')
  const t0 = { value: performance.now() }
  const common = ['estimate', path, '--k', K, '--samples', String(SAMPLES), '--json', ...(TRACE ? [] : ['--quiet'])]
  const results = []
  try {
    // Local: the in-memory run on all cores.
    const c0 = childCpu()
    t0.value = performance.now()
    const local = start([...common, '--threads', String(CORES)], 'local', t0)
    if ((await local.exited) !== 0) throw new Error(`local run failed: ${local.stderr()}`)
    const localWall = (performance.now() - t0.value) / 1000
    const localCpu = childCpu() - c0
    const reference = JSON.stringify(JSON.parse(local.stdout()).results)
    // The coordinator's own time: the local run's wall outside its search (start, checks,
    // sampling and averaging not hidden behind the search, tie scoring).
    const searchCpu = (N * Q) / rates.pairsPerCpuSecond + N * rates.preparePerRow
    const coord = Math.max(0, localWall - searchCpu / CORES)
    results.push({ run: 'local', workers: 0, threads: CORES, wall: localWall, cpu: localCpu, predicted: null })
    console.log(
      `local (--threads ${CORES}): ${localWall.toFixed(2)} s wall, ${localCpu.toFixed(1)} CPU-s` +
        ` (search ${searchCpu.toFixed(1)} CPU-s by the rates above; outside it ${coord.toFixed(2)} s)`,
    )
    for (const w of WORKERS) {
      const threads = Math.max(1, Math.floor(CORES / w))
      const shards = shardsOf(w)
      const c1 = childCpu()
      const workers = Array.from({ length: w }, (_, i) =>
        start(['worker', '--redis', url, '--threads', String(threads), ...(TRACE ? [] : ['--quiet'])], `w${i}`, t0),
      )
      await until(
        () => workers.every((x) => (TRACE ? x.stderr().includes('serving units') : x.child.pid !== undefined)),
        30_000,
        'workers',
      )
      await new Promise((r) => setTimeout(r, 1500)) // connected and idle
      t0.value = performance.now()
      const split = PARTS ? ['--query-parts', String(w)] : []
      const coordinator = start([...common, '--redis', url, '--shards', String(shards), ...split], 'coord', t0)
      const code = await coordinator.exited
      const wall = (performance.now() - t0.value) / 1000
      for (const x of workers) x.child.kill('SIGTERM')
      await Promise.all(workers.map((x) => x.exited))
      const cpu = childCpu() - c1
      if (code !== 0) throw new Error(`sharded run failed: ${coordinator.stderr()}`)
      const same = JSON.stringify(JSON.parse(coordinator.stdout()).results) === reference
      // The model: the coordinator's own time (the local run's wall outside its search), the
      // search at the shard size's rate over the cores the workers can use, each shard's read
      // and preparation once, the merge of S partials per query, the bytes through Redis.
      const used = Math.min(CORES, w * threads)
      const t = transfer(rounds, shards, D, PARTS ? w : 1)
      const rate = rates.bySize[shards] ?? rates.pairsPerCpuSecond
      const rank = (N * Q) / rate / used
      const prepare =
        ((N / shards) * (rates.preparePerRow + rates.readPerRow) * Math.ceil(shards / w)) / Math.min(threads, CORES / w)
      const merge =
        rounds.reduce((a, r) => a + r.q * shards * Math.min(r.kMax, N / shards), 0) * rates.mergePerCandidate
      const net = (t.down + t.up) / 1e9
      const predicted = coord + rank + prepare + merge + net
      results.push({
        run: 'sharded',
        workers: w,
        threads,
        shards,
        parts: PARTS ? w : 1,
        wall,
        cpu,
        predicted,
        identical: same,
      })
      console.log(
        `sharded, ${w} worker(s) x ${threads} thread(s), ${shards} shards${PARTS ? ` x ${w} query parts` : ''}${w * threads > CORES ? ' (oversubscribed)' : ''}:` +
          ` ${wall.toFixed(2)} s wall (${((wall / localWall - 1) * 100).toFixed(0)} % over local), ${cpu.toFixed(1)} CPU-s;` +
          ` model ${predicted.toFixed(2)} s (coordinator ${coord.toFixed(2)} + rank ${rank.toFixed(2)} + prepare ${prepare.toFixed(2)} + merge ${merge.toFixed(2)} + transfer ${net.toFixed(2)});` +
          ` results ${same ? 'identical' : 'DIFFER'}`,
      )
      console.log(
        `  Redis: ${(t.down / 1e6).toFixed(0)} MB of queries to workers, ${(t.up / 1e6).toFixed(0)} MB of partials back, ${(t.redis / 1e6).toFixed(0)} MB held at the run's end`,
      )
    }
  } finally {
    redis.kill('SIGKILL')
  }
  const out = option('json')
  if (out)
    writeFileSync(
      out,
      JSON.stringify({ machine, cores: CORES, n: N, d: D, k: K, samples: SAMPLES, rates, results }, null, 2) + '\n',
    )
}

if (option('child-rates') !== undefined) await rateChild(option('child-rates'))
else await main()
