/**
 * `avgcon worker`: takes units of any run from Redis, ranks the unit's queries against its
 * item shard exactly as out-of-core.ts ranks a block (rankBlocks), and stores the partial
 * top-k under the unit's result key. A file that is not the coordinator's (size or
 * checksum differ) and any other input error fail the unit for good (UnrecoverableError);
 * a killed worker's unit is taken up again by BullMQ's stalled-job check.
 */
import { basename, join } from 'node:path'
import { stat } from 'node:fs/promises'
import { totalmem } from 'node:os'
import { UnrecoverableError, Worker, type Job } from 'bullmq'
import { InputError } from '../errors.js'
import { MergedLists } from '../estimate/merged-lists.js'
import { engineRowBytes, rankBlocks, RowSource } from '../estimate/out-of-core.js'
import { newTieInfo } from '../search/engine.js'
import { exactScore, prepareExact } from '../search/exact.js'
import { openNpyRows, type NpyRows } from '../io/npy-rows.js'
import type { Engine } from '../search/engine.js'
import { closeRedis, connectRedis, maskSecret, maskUrl } from './redis.js'
import {
  encodePartial,
  fingerprint,
  float32Of,
  float64Of,
  INPUT_MARK,
  PREFIX,
  QUEUE,
  type FileIdentity,
  type UnitData,
} from './unit.js'

/** Options of {@link runWorker}. */
export interface WorkerOptions {
  url: string
  concurrency: number
  engine: Engine
  threads?: number
  /** Read files from this folder (by file name) instead of the plan's path. */
  dataDir?: string
  /** Bytes of rows one unit reads at a time (default: half the machine's memory / concurrency). */
  memory?: number
  /** One line per unit on stderr (default true). */
  log?: boolean
  /** Resolves when the worker is to stop (a signal). */
  stop: Promise<void>
}

/** Lock and stalled-check periods (ms); AVGCON_REDIS_LOCK_MS shortens them (tests). */
export function lockMs(): number {
  const v = Number(process.env.AVGCON_REDIS_LOCK_MS)
  return Number.isFinite(v) && v >= 100 ? v : 30_000
}

/** An open, checked file, reused by the units that read it. */
interface OpenFile {
  rows: NpyRows
  size: number
  mtimeMs: number
  checksum: string
}

/** Runs until `stop` resolves. */
export async function runWorker(o: WorkerOptions): Promise<void> {
  const connection = await connectRedis(o.url)
  const log = (line: string): void => {
    if (o.log !== false) process.stderr.write(`avgcon worker: ${maskSecret(line, o.url)}\n`)
  }
  const files = new Map<string, Promise<OpenFile>>()
  const openChecked = fileChecker(files, o.dataDir)
  const delay = Number(process.env.AVGCON_TEST_UNIT_DELAY_MS ?? 0)
  const kept = new Map<string, Float32Array>()

  const process1 = async (job: Job<UnitData>): Promise<string> => {
    const u = job.data
    const started = performance.now()
    log(`${job.id} started (rows ${u.lo}..${u.hi}, ${u.q} queries, k=${u.k}, attempt ${job.attemptsStarted})`)
    if (delay > 0) await new Promise((r) => setTimeout(r, delay))
    try {
      const f = await openChecked(u.file)
      const raw = await connection.getBuffer(u.queries)
      const from = u.from ?? 0
      if (!raw || raw.length !== (u.total ?? u.q) * u.file.d * 4)
        throw new InputError(
          `the queries of unit ${job.id} are gone from Redis (expired?); rerun the coordinator with the same command.`,
        )
      const { d } = u.file
      const queries = float32Of(raw).subarray(from * d, (from + u.q) * d)
      const source = new RowSource(f.rows, u.mean ? float64Of(u.mean) : undefined, u.normalize)
      const rowBytes = d * 4 + engineRowBytes(d)
      const budget = o.memory ?? Math.floor(totalmem() / 2 / o.concurrency)
      const blockRows = Math.max(1, Math.min(u.hi - u.lo, Math.floor(budget / rowBytes)))
      const lists = new MergedLists(u.q, u.k)
      const centre = u.centre ? float32Of(u.centre) : undefined
      const ctx = { metric: u.metric, engine: o.engine, threads: o.threads, centre }
      if (blockRows === u.hi - u.lo) {
        // The shard is one block: keep it (and the engine's prepared copy) for the next round.
        const rows = keep(kept, o.concurrency, shardKey(u), () => {
          const out = new Float32Array((u.hi - u.lo) * d)
          source.read(u.lo, u.hi, out)
          return out
        })
        await rankKept(rows, u, queries, ctx, lists)
      } else {
        const buffer = new Float32Array(blockRows * d)
        await rankBlocks(source, u.lo, u.hi, blockRows, buffer, queries, u.q, u.k, ctx, lists)
      }
      const kb = Math.min(u.k, u.hi - u.lo)
      const top = new Int32Array(u.q * kb)
      const scores = new Float64Array(u.q * kb)
      for (let qi = 0; qi < u.q; qi++) {
        top.set(lists.top.subarray(qi * u.k, qi * u.k + kb), qi * kb)
        scores.set(lists.scores.subarray(qi * u.k, qi * u.k + kb), qi * kb)
      }
      await connection.set(u.result, encodePartial({ q: u.q, kb, top, scores, tail: lists.tail }), 'EX', u.ttl)
      log(`${job.id} done in ${Math.round(performance.now() - started)} ms`)
      return u.result
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      log(`${job.id} failed: ${message}`)
      // A data reason does not go away on retry: fail the unit (and the run) at once.
      if (err instanceof InputError) throw new UnrecoverableError(`${INPUT_MARK}${message}`)
      throw err
    }
  }

  const lock = lockMs()
  const worker = new Worker<UnitData, string>(QUEUE, process1, {
    connection: connection as never,
    prefix: PREFIX,
    concurrency: o.concurrency,
    lockDuration: lock,
    stalledInterval: lock,
    maxStalledCount: 3,
  })
  worker.on('error', (err) => log(`Redis: ${err.message}`))
  await worker.waitUntilReady()
  log(`connected to ${maskUrl(o.url)}; serving units with concurrency ${o.concurrency}`)
  await o.stop
  log('stopping (units in progress finish first)')
  await worker.close()
  for (const f of files.values()) await (await f.catch(() => undefined))?.rows.close()
  await closeRedis(connection)
}

/** What makes a shard's rows: the file version, the range and the row transforms. */
function shardKey(u: UnitData): string {
  return [u.file.size, u.file.checksum, u.lo, u.hi, u.mean ?? '', u.normalize].join(':')
}

/** The kept rows of `key`, else made and kept (the `slots` most recent). */
function keep(kept: Map<string, Float32Array>, slots: number, key: string, make: () => Float32Array): Float32Array {
  let rows = kept.get(key)
  if (rows) kept.delete(key)
  else rows = make()
  kept.set(key, rows) // most recent last
  for (const old of kept.keys()) if (kept.size > slots) kept.delete(old)
  return rows
}

/**
 * Ranks a unit's queries against its whole shard in one engine call, as rankBlocks ranks one
 * block (the same candidates, rescoring and tie counts), on a kept array: the engine reuses
 * its prepared copy of the same array object.
 */
async function rankKept(
  rows: Float32Array,
  u: UnitData,
  queries: Float32Array,
  ctx: { metric: UnitData['metric']; engine: Engine; threads?: number; centre?: Float32Array },
  lists: MergedLists,
): Promise<void> {
  const { d } = u.file
  const nb = u.hi - u.lo
  const kb = Math.min(u.k, nb)
  const prep = prepareExact(rows, nb, d, ctx.metric, undefined, ctx.centre)
  const ties = newTieInfo(u.q)
  const { metric, threads, centre } = ctx
  const local = await ctx.engine.topk(rows, nb, d, queries, u.q, kb, { metric, threads, ties, centre })
  for (let qi = 0; qi < u.q; qi++) {
    const scoreAt = (at: number): number => exactScore(prep, rows, local[qi * kb + at]!, queries, qi * d)
    lists.merge(qi, u.lo, local, kb, scoreAt, ties.tiedOutside[qi]!)
  }
  lists.grow(nb)
}

/**
 * Opens (once per file version) and checks the file a unit names: read from `dataDir` by
 * name when given, else at the coordinator's path; refused unless size and checksum match.
 */
function fileChecker(
  files: Map<string, Promise<OpenFile>>,
  dataDir: string | undefined,
): (file: FileIdentity) => Promise<OpenFile> {
  return async (file: FileIdentity): Promise<OpenFile> => {
    const local = dataDir ? join(dataDir, basename(file.path)) : file.path
    const st = await stat(local).catch(() => undefined)
    if (!st)
      throw new InputError(
        `${local}: no such file on this worker; give it the coordinator's file there (shared storage), or a copy in the folder of --data-dir.`,
      )
    let cached = files.get(local)
    const current = cached ? await cached.catch(() => undefined) : undefined
    // A changed file is opened anew; the old handle stays open for units still reading it.
    if (!current || current.size !== st.size || current.mtimeMs !== st.mtimeMs) {
      cached = (async () => {
        const { size, checksum } = await fingerprint(local)
        return { rows: await openNpyRows(local), size, mtimeMs: st.mtimeMs, checksum }
      })()
      files.set(local, cached)
      cached.catch(() => files.delete(local))
    }
    const f = await cached!
    if (f.size !== file.size || f.checksum !== file.checksum)
      throw new InputError(
        `${local} is not the file the coordinator planned (${f.size === file.size ? 'same size, different checksum' : `${f.size} bytes, the coordinator's has ${file.size}`}); give this worker the same file (a complete copy of ${basename(file.path)}).`,
      )
    if (f.rows.n !== file.n || f.rows.d !== file.d)
      throw new InputError(`${local} holds ${f.rows.n} x ${f.rows.d}, the plan ${file.n} x ${file.d}.`)
    return f
  }
}
