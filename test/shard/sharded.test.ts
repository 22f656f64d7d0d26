/**
 * Sharded estimation on BullMQ (issue 14 item 2), end to end: a real redis-server on a free
 * port of 127.0.0.1 (no persistence), workers and coordinators as processes of
 * dist/cli/main.js. Skipped, saying why, where redis-server is not installed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveNpy } from '../../src/io/npy.js'
import { avgcon, tempDir } from '../helpers/cli.js'

const MAIN = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js')
const HAS_REDIS = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0
const { dir, cleanup } = tempDir('avgcon-shard-')
const file = (name: string) => join(dir, name)

/** A free TCP port of 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** A child process of the CLI with its stderr collected. */
interface Proc {
  child: ChildProcess
  stderr: () => string
  stdout: () => string
  exited: Promise<number>
}

function start(args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { ...process.env, AVGCON_REDIS_LOCK_MS: '1000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s))
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s))
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)))
  return { child, stderr: () => err, stdout: () => out, exited }
}

/** Resolves when `test` holds (polled), or rejects after `ms`. */
async function until(test: () => boolean, ms = 30_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

let redis: ChildProcess | undefined
let url = ''
const workers: Proc[] = []

async function startWorkers(count: number, extra: string[] = [], env: Record<string, string> = {}): Promise<Proc[]> {
  const started = Array.from({ length: count }, () => start(['worker', '--redis', url, ...extra], env))
  workers.push(...started)
  await until(() => started.every((w) => w.stderr().includes('serving units')), 30_000, 'workers to connect')
  return started
}

async function stopWorkers(): Promise<void> {
  for (const w of workers.splice(0)) {
    w.child.kill('SIGKILL')
    await w.exited
  }
}

/** The results of an estimate --json run (stdout). */
const results = (stdout: string): unknown => (JSON.parse(stdout) as { results: unknown }).results

/** "R units in ... C computed by workers, B read back" of a coordinator's stderr. */
function units(stderr: string): { units: number; computed: number; readBack: number } {
  const m = /(\d+) units in \d+ rounds, (\d+) computed by workers, (\d+) read back/.exec(stderr)
  if (!m) throw new Error(`no unit line in: ${stderr}`)
  return { units: Number(m[1]), computed: Number(m[2]), readBack: Number(m[3]) }
}

/** A seeded uniform generator (tests only). */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const N = 3001
const D = 8
// Small integer rows with duplicates: ties at the k-th place are common, so the merged tie counts matter.
const ARGS = ['--k', '2..30:7', '--samples', '150', '--json', '--memory', '256KB']

describe.skipIf(!HAS_REDIS)('estimate --redis with avgcon worker (real redis-server)', () => {
  beforeAll(setUp)
  afterAll(tearDown)
  identical()
  queryParts()
  failures()
})

async function setUp(): Promise<void> {
  const u = lcg(11)
  const data = new Float32Array(N * D)
  for (let i = 0; i < N * D; i++) data[i] = Math.floor(7 * u()) - 3
  for (let i = 0; i < 40; i++) data.copyWithin((2000 + i) * D, i * D, (i + 1) * D)
  await saveNpy(file('items.npy'), { n: N, d: D, data })
  // Another file of the same name and shape, for the refused worker.
  for (let i = 0; i < N * D; i++) data[i] = Math.floor(7 * u()) - 3
  mkdirSync(file('other'))
  await saveNpy(join(dir, 'other', 'items.npy'), { n: N, d: D, data })
  const port = await freePort()
  url = `redis://127.0.0.1:${port}`
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  redis.stdout!.setEncoding('utf8').on('data', (s: string) => (log += s))
  await until(() => log.includes('Ready to accept connections'), 10_000, 'redis-server')
}

async function tearDown(): Promise<void> {
  await stopWorkers()
  redis?.kill('SIGKILL')
  cleanup()
}

/** Identical results: 3 workers, a killed worker, a resumed coordinator. */
function identical(): void {
  it.each(['dot', 'cosine'])('3 workers give the results of the local run (%s)', async (metric) => {
    await startWorkers(3)
    try {
      const local = avgcon(['estimate', file('items.npy'), '--metric', metric, ...ARGS])
      expect(local.code, local.stderr).toBe(0)
      const coordinator = start([
        'estimate',
        file('items.npy'),
        '--metric',
        metric,
        ...ARGS,
        '--redis',
        url,
        '--shards',
        '3',
      ])
      expect(await coordinator.exited, coordinator.stderr()).toBe(0)
      expect(results(coordinator.stdout())).toEqual(results(local.stdout))
      const u = units(coordinator.stderr())
      expect(u.computed).toBe(u.units)
      expect(u.units % 3).toBe(0)
    } finally {
      await stopWorkers()
    }
  })

  it('a worker killed in the middle of a unit: the unit is retried by another, same results', async () => {
    const args = ['estimate', file('items.npy'), '--metric', 'dot', ...ARGS, '--seed', '3']
    const local = avgcon(args)
    const [victim, ...others] = await startWorkers(3, [], { AVGCON_TEST_UNIT_DELAY_MS: '150' })
    try {
      const coordinator = start([...args, '--redis', url, '--shards', '3'])
      // Its second unit has started after its first was done: kill it then.
      const started = () => [...victim!.stderr().matchAll(/(\S+) started/g)].map((m) => m[1]!)
      await until(() => started().length >= 2, 60_000, 'the victim to start its second unit')
      victim!.child.kill('SIGKILL')
      const lost = started()[1]!
      expect(await coordinator.exited, coordinator.stderr()).toBe(0)
      expect(results(coordinator.stdout())).toEqual(results(local.stdout))
      const logs = others.map((w) => w.stderr()).join('')
      expect(logs).toMatch(new RegExp(`${lost} started \\(.*attempt 2\\)`))
      expect(logs).toContain(`${lost} done`)
    } finally {
      await stopWorkers()
    }
  })

  it('a coordinator killed after some units resumes: finished units are read back, not recomputed', async () => {
    const args = ['estimate', file('items.npy'), '--metric', 'cosine', ...ARGS, '--seed', '5', '--redis', url]
    const local = avgcon(args.slice(0, -2))
    const ws = await startWorkers(2, [], { AVGCON_TEST_UNIT_DELAY_MS: '40' })
    try {
      const first = start([...args, '--shards', '3'])
      const done = () => ws.map((w) => w.stderr().match(/ done in /g)?.length ?? 0).reduce((a, b) => a + b, 0)
      await until(() => done() >= 9, 60_000, 'nine finished units')
      first.child.kill('SIGKILL')
      await first.exited
      const second = start([...args, '--shards', '3'])
      expect(await second.exited, second.stderr()).toBe(0)
      expect(results(second.stdout())).toEqual(results(local.stdout))
      const u = units(second.stderr())
      expect(u.readBack).toBeGreaterThanOrEqual(9)
      expect(u.computed).toBeLessThan(u.units)
      expect(u.computed + u.readBack).toBe(u.units)
    } finally {
      await stopWorkers()
    }
  })
}

/** Each batch split into query parts as well as item shards. */
function queryParts(): void {
  it('query parts: 2 shards x 3 parts of each batch give the results of the local run', async () => {
    await startWorkers(2)
    try {
      const args = ['estimate', file('items.npy'), '--metric', 'euclidean', ...ARGS, '--seed', '2']
      const local = avgcon(args)
      expect(local.code, local.stderr).toBe(0)
      const coordinator = start([...args, '--redis', url, '--shards', '2', '--query-parts', '3'])
      expect(await coordinator.exited, coordinator.stderr()).toBe(0)
      expect(results(coordinator.stdout())).toEqual(results(local.stdout))
      const u = units(coordinator.stderr())
      expect(u.units % 6).toBe(0)
      expect(u.computed).toBe(u.units)
    } finally {
      await stopWorkers()
    }
  })
}

/** Runs that fail: a different file on the worker, an unreachable server. */
function failures(): void {
  it('a worker whose file differs from the coordinator’s is refused: the run fails with the reason', async () => {
    await startWorkers(1, ['--data-dir', join(dir, 'other')])
    try {
      const coordinator = start(['estimate', file('items.npy'), ...ARGS, '--seed', '9', '--redis', url])
      expect(await coordinator.exited).toBe(2)
      expect(coordinator.stderr()).toMatch(
        /a worker refused unit \S+: .*other\/items\.npy is not the file the coordinator planned/,
      )
      expect(coordinator.stdout()).toBe('')
    } finally {
      await stopWorkers()
    }
  })

  it('an unreachable Redis exits 2 within seconds, the password masked, saying what to do', async () => {
    const port = await freePort()
    const t0 = Date.now()
    const r = avgcon(['estimate', file('items.npy'), '--redis', `redis://user:s3cret-pw@127.0.0.1:${port}`])
    expect(Date.now() - t0).toBeLessThan(10_000)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`redis://user:***@127.0.0.1:${port}`)
    expect(r.stderr).toMatch(/start one \(redis-server/)
    expect(r.stderr).not.toContain('s3cret-pw')
    // From the environment, for the worker too.
    const w = avgcon(['worker', '--redis'], { env: { AVGCON_REDIS_URL: `redis://:s3cret-pw@127.0.0.1:${port}` } })
    expect(w.code).toBe(2)
    expect(w.stderr).toContain(`redis://:***@127.0.0.1:${port}`)
    expect(w.stderr).not.toContain('s3cret-pw')
  })
}

if (!HAS_REDIS)
  describe('estimate --redis', () => {
    it.skip('skipped: redis-server is not installed (apt-get install redis-server)', () => undefined)
  })
