/**
 * `avgcon estimate FILE.npy --redis URL`: the coordinator of sharded estimation. It runs the
 * estimator of out-of-core.ts (sampling, averages, tie scoring read from its own copy of the
 * file) but ranks each round's queries on workers: one unit per item shard [lo, hi), with a
 * deterministic job id (run id = hash of the file's identity, the settings and the seed; then
 * round and shard), and merges the shards' partial top-k lists in shard order with
 * MergedLists, the same exact merge as the local run's blocks. Results stay in Redis under
 * the job id (with a TTL), so a coordinator restarted with the same command reads finished
 * units back instead of enqueuing them again.
 */
import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { InputError, warn } from '../errors.js'
import type { ConsistencyPoint } from '../estimate/consistency.js'
import { estimateWith } from '../estimate/consistency.js'
import {
  outOfCoreLayout,
  streamedBackend,
  streamedGlobals,
  type BlockRanker,
  type OutOfCoreOptions,
} from '../estimate/out-of-core.js'
import type { MergedLists } from '../estimate/merged-lists.js'
import type { NpyRows } from '../io/npy-rows.js'
import { closeRedis, connectRedis, maskSecret } from './redis.js'
import {
  decodePartial,
  fingerprint,
  INPUT_MARK,
  PREFIX,
  QUEUE,
  toBase64,
  type FileIdentity,
  type Partial,
  type UnitData,
} from './unit.js'

/** Options of {@link estimateSharded}. */
export interface ShardedOptions extends OutOfCoreOptions {
  url: string
  /** Item shards per round (default: one per 256 MiB of rows, at least 4, at most N). */
  shards?: number
  /**
   * Parts each round's queries are split into, per shard (default 1): every part is a unit, so
   * W workers that each hold the whole matrix share a round with --shards 1 --query-parts W,
   * without the cost of smaller item blocks (docs/scale-out.md).
   */
  queryParts?: number
  /** Seconds the run's queries and results stay in Redis (default 24 h). */
  ttl?: number
  /** Told how many units were computed by workers and read back from an earlier run. */
  onUnits?: (stats: UnitStats) => void
}

/** What a sharded run cost in units. */
export interface UnitStats {
  run: string
  units: number
  computed: number
  readBack: number
  rounds: number
}

/** The default shard count of an n x d matrix. */
export function defaultShards(n: number, d: number): number {
  return Math.min(n, Math.max(4, Math.ceil((n * d * 4) / 2 ** 28)))
}

/** Estimates Consistency_k of the .npy behind `rows` with the ranking done by workers. */
export async function estimateSharded(rows: NpyRows, opts: ShardedOptions): Promise<ConsistencyPoint[]> {
  const { n, d } = rows
  const shards = opts.shards ?? defaultShards(n, d)
  if (!Number.isInteger(shards) || shards < 1 || shards > n)
    throw new InputError(`${shards} shards for N=${n} items: use a whole number from 1 to ${n}.`, {
      field: 'shards',
    })
  const parts = opts.queryParts ?? 1
  if (!Number.isInteger(parts) || parts < 1)
    throw new InputError(`${parts} query parts: use a whole number of at least 1.`, { field: 'queryParts' })
  const ttl = opts.ttl ?? 86_400
  const kMax = Math.max(...opts.ks)
  const layout = outOfCoreLayout(n, d, kMax, opts.memory)
  const buffer = new Float32Array(layout.blockRows * d)
  const path = resolve(rows.path)
  const file: FileIdentity = { path, ...(await fingerprint(path)), n, d }
  const redis = await connectRedis(opts.url)
  const queue = new Queue<UnitData, string>(QUEUE, { connection: redis as never, prefix: PREFIX })
  queue.on('error', () => undefined)
  try {
    const global = streamedGlobals(rows, opts, layout.blockRows, buffer)
    const settings = {
      file: { size: file.size, checksum: file.checksum, n, d },
      ks: opts.ks,
      metric: opts.metric,
      samples: opts.samples ?? null,
      ci: opts.ci ?? null,
      maxSamples: opts.maxSamples ?? null,
      seed: opts.seed ?? 0,
      ties: opts.ties ?? 'fractional',
      center: Boolean(opts.center),
      normalize: Boolean(opts.normalize),
      shards,
      ...(parts > 1 ? { parts } : {}),
      batch: layout.batch,
    }
    const run = createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16)
    const stats: UnitStats = { run, units: 0, computed: 0, readBack: 0, rounds: 0 }
    const bounds = Array.from({ length: shards + 1 }, (_, s) => Math.floor((s * n) / shards))
    const common = {
      mean: global.mean ? toBase64(global.mean) : undefined,
      centre: global.centre ? toBase64(global.centre) : undefined,
    }
    const ranker: BlockRanker = async (queries, q, k, lists, onPart) => {
      const round = stats.rounds++
      const units: UnitData[] = []
      const key = `${PREFIX}:run:${run}:${round}`
      const cuts = [...new Set(Array.from({ length: parts + 1 }, (_, p) => Math.floor((p * q) / parts)))]
      for (let s = 0; s < shards; s++)
        for (let p = 0; p + 1 < cuts.length; p++)
          units.push({
            run,
            round,
            shard: s,
            ...(parts > 1 ? { part: p, from: cuts[p]!, total: q } : {}),
            lo: bounds[s]!,
            hi: bounds[s + 1]!,
            file,
            queries: `${key}:queries`,
            q: cuts[p + 1]! - cuts[p]!,
            k,
            metric: opts.metric,
            ...common,
            normalize: Boolean(opts.normalize),
            result: parts > 1 ? `${key}:${s}:${p}` : `${key}:${s}`,
            ttl,
          })
      stats.units += units.length
      await runUnits(redis, queue, units, queries.subarray(0, q * d), lists, stats, opts.url, onPart)
    }
    const results = await estimateWith(streamedBackend(global.source, opts, layout, global.centre, ranker), opts)
    opts.onUnits?.(stats)
    await deleteRun(redis, run)
    return results
  } finally {
    await queue.close().catch(() => undefined)
    await closeRedis(redis)
  }
}

/** The job id of a unit (BullMQ ids must not be plain integers nor hold ':'). */
const jobId = (u: UnitData): string => `${u.run}-${u.round}-${u.shard}${u.part === undefined ? '' : `-${u.part}`}`

/**
 * Enqueues the units whose results are not in Redis yet, waits for all, and merges the
 * partials into `lists` in shard order (MergedLists needs the lower indices first).
 */
async function runUnits(
  redis: Redis,
  queue: Queue<UnitData, string>,
  units: UnitData[],
  queries: Float32Array,
  lists: MergedLists,
  stats: UnitStats,
  url: string,
  onPart?: (fraction: number) => void,
): Promise<void> {
  const q = units[0]!.total ?? units[0]!.q
  const present = await existing(redis, units)
  const missing = units.filter((_, i) => !present[i])
  stats.readBack += units.length - missing.length
  if (missing.length > 0) {
    const u0 = units[0]!
    await redis.set(u0.queries, Buffer.from(queries.buffer, queries.byteOffset, queries.byteLength), 'EX', u0.ttl)
    await queue.addBulk(
      missing.map((u) => ({
        name: 'rank',
        data: u,
        opts: {
          jobId: jobId(u),
          attempts: 3,
          backoff: { type: 'fixed', delay: 500 },
          removeOnComplete: true,
          removeOnFail: { age: u0.ttl },
        },
      })),
    )
  }
  // Poll the result keys (cheap: one EXISTS per pending unit); look at the jobs now and then.
  let pending = missing
  let lastProgress = performance.now()
  let polls = 0
  while (pending.length > 0) {
    await new Promise((r) => setTimeout(r, 50))
    const done = await existing(redis, pending)
    const before = pending.length
    pending = pending.filter((_, i) => !done[i])
    stats.computed += before - pending.length
    if (pending.length < before) {
      lastProgress = performance.now()
      onPart?.((units.length - pending.length) / units.length)
    }
    if (pending.length > 0 && ++polls % 10 === 0) await checkJobs(queue, pending, url)
    if (pending.length > 0 && performance.now() - lastProgress > 15_000) {
      lastProgress = performance.now()
      if ((await queue.getWorkersCount()) === 0)
        warn(
          `no worker is connected: ${pending.length} unit(s) wait in Redis; start some with \`avgcon worker --redis URL\` (the same URL).`,
        )
    }
  }
  // A shard's parts cover its queries in order: gather them, then merge the shard.
  let shard: Partial | undefined
  for (const u of units) {
    const raw = await redis.getBuffer(u.result)
    const part = raw ? decodePartial(raw, u.q) : undefined
    const kb = Math.min(u.k, u.hi - u.lo)
    if (!part || part.kb !== kb) throw new Error(`the result of unit ${jobId(u)} is missing or malformed in Redis.`)
    const from = u.from ?? 0
    if (from === 0)
      shard = { q, kb, top: new Int32Array(q * kb), scores: new Float64Array(q * kb), tail: new Int32Array(q) }
    shard!.top.set(part.top, from * kb)
    shard!.scores.set(part.scores, from * kb)
    shard!.tail.set(part.tail, from)
    if (from + u.q < q) continue
    const { top, scores, tail } = shard!
    for (let qi = 0; qi < q; qi++) lists.merge(qi, 0, top, kb, (at) => scores[qi * kb + at]!, tail[qi]!)
    lists.grow(u.hi - u.lo)
  }
}

/** Whether each unit's result is in Redis. */
async function existing(redis: Redis, units: UnitData[]): Promise<boolean[]> {
  const pipeline = redis.pipeline()
  for (const u of units) pipeline.exists(u.result)
  const replies = (await pipeline.exec()) ?? []
  return replies.map(([err, value]) => !err && value === 1)
}

/** Fails the run when one of the pending units failed for good; re-adds one whose job vanished. */
async function checkJobs(queue: Queue<UnitData, string>, pending: UnitData[], url: string): Promise<void> {
  for (const u of pending) {
    const job = await queue.getJob(jobId(u))
    if (!job) continue // completed and removed: its result shows at the next poll
    if (!(await job.isFailed())) continue
    const reason = maskSecret(job.failedReason ?? 'unknown reason', url)
    if (reason.startsWith(INPUT_MARK))
      throw new InputError(`a worker refused unit ${jobId(u)}: ${reason.slice(INPUT_MARK.length)}`, {
        module: 'shard',
      })
    throw new Error(`unit ${jobId(u)} failed after ${job.attemptsMade} attempt(s): ${reason}`)
  }
}

/** Deletes a finished run's keys (queries and results). */
async function deleteRun(redis: Redis, run: string): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}:run:${run}:*`, 'COUNT', 1000)
    if (keys.length > 0) await redis.unlink(...keys)
    cursor = next
  } while (cursor !== '0')
}
