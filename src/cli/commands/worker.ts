import type { Command } from 'commander'
import { parseMemory } from '../../estimate/memory-size.js'
import { redisUrl } from '../../shard/redis.js'
import { runWorker } from '../../shard/worker.js'
import { engineOptions, pickEngine } from '../engine.js'
import { intOption } from '../options.js'

/** Raw flags of `avgcon worker`. */
interface WorkerFlags {
  redis?: string | boolean
  concurrency: string
  threads?: string
  engine: string
  dataDir?: string
  memory?: string
  quiet?: boolean
}

/** `avgcon worker`: ranks units of sharded estimates (any run) taken from Redis, until Ctrl+C. */
export function registerWorker(program: Command): void {
  const cmd = program
    .command('worker')
    .description('rank units of sharded estimates (estimate --redis) taken from a Redis server, until stopped')
    .option('--redis [url]', 'Redis server, e.g. redis://host:6379 (default: AVGCON_REDIS_URL)')
    .option('--concurrency <n>', 'units ranked at the same time', '1')
    .option('--data-dir <dir>', "read each run's file from DIR (by file name) instead of the coordinator's path")
    .option(
      '--memory <size>',
      "rows a unit holds at a time, e.g. 2GB (default: half the machine's memory / --concurrency; a shard that fits is kept for the run's next units)",
    )
    .option('--quiet', 'no line per unit on stderr')
  engineOptions(cmd).addHelpText(
    'after',
    `
A worker serves units of every run on the server: it reads the unit's item rows from the
coordinator's file path (shared storage) or from --data-dir (a local copy), checks the file's size
and checksum against the coordinator's (a different file is refused and fails the run), ranks them
with the local engine and stores the partial top-k in Redis. A killed worker's unit is taken up
by another after the lock expires (30 s; AVGCON_REDIS_LOCK_MS changes it). Stop with Ctrl+C.

Examples:
  avgcon worker --redis redis://10.0.0.5:6379
  AVGCON_REDIS_URL=redis://:secret@10.0.0.5:6379 avgcon worker --concurrency 2 --threads 8`,
  )
  cmd.action(async (f: WorkerFlags) => {
    const url = redisUrl(typeof f.redis === 'string' ? f.redis : undefined)
    const stop = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve())
      process.once('SIGTERM', () => resolve())
    })
    await runWorker({
      url,
      concurrency: intOption(f.concurrency, '--concurrency', 1, 1, 256),
      engine: pickEngine(f.engine),
      threads: f.threads === undefined ? undefined : intOption(f.threads, '--threads', 1),
      dataDir: f.dataDir,
      memory: f.memory === undefined ? undefined : parseMemory(f.memory),
      log: !f.quiet,
      stop,
    })
  })
}
