/**
 * Redis connections of sharded estimation (issue 14 item 2): credentials come only from the
 * URL (--redis or AVGCON_REDIS_URL) and are never printed; an unreachable server is reported
 * within a few seconds (connect timeout, no endless retries) as an input error (exit 2).
 */
import { Redis, type RedisOptions } from 'ioredis'
import { InputError } from '../errors.js'

/** Seconds a connection attempt may take before the server counts as unreachable. */
const CONNECT_TIMEOUT_MS = 3000

/** The URL of --redis, else AVGCON_REDIS_URL; an InputError when neither is given or it is not a redis URL. */
export function redisUrl(flag: string | undefined): string {
  const url = flag ?? process.env.AVGCON_REDIS_URL
  if (url === undefined || url === '')
    throw new InputError('no Redis server given; pass --redis redis://host:6379 or set AVGCON_REDIS_URL.', {
      field: 'redis',
    })
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new InputError(
      `${maskUrl(url)} is not a URL; give one like redis://host:6379 or redis://:password@host:6379.`,
      {
        field: 'redis',
      },
    )
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new InputError(`${maskUrl(url)} is not a redis:// or rediss:// URL.`, { field: 'redis' })
  return url
}

/** The URL with its password (and anything that looks like one) replaced by ***. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    // Not a URL: hide whatever sits between "//user:" and "@".
    return url.replace(/(\/\/[^/:@]*:)[^@/]*@/, '$1***@')
  }
}

/** `text` with the URL's password replaced by *** wherever it occurs. */
export function maskSecret(text: string, url: string): string {
  let password = ''
  try {
    password = decodeURIComponent(new URL(url).password)
  } catch {
    return text
  }
  let out = text.split(url).join(maskUrl(url))
  if (password !== '') out = out.split(password).join('***')
  return out
}

/** Options of every long-lived connection: BullMQ's blocking calls, a short connect timeout, bounded reconnects. */
function options(): RedisOptions {
  return {
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: null,
    retryStrategy: (times) => (times > 30 ? null : Math.min(200 * times, 2000)),
  }
}

/**
 * Connects to `url` once and closes again, failing within a few seconds with a message that
 * says what to do (the password masked): the check before any pass over the file.
 */
export async function probeRedis(url: string): Promise<void> {
  const probe = new Redis(url, {
    connectTimeout: CONNECT_TIMEOUT_MS,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  })
  let failure: Error | undefined
  probe.on('error', (err: Error) => (failure ??= err))
  try {
    await probe.connect()
    await probe.ping()
  } catch (err) {
    const e = failure ?? (err instanceof Error ? err : new Error(String(err)))
    probe.disconnect()
    throw unreachable(url, e)
  }
  await closeRedis(probe)
}

/**
 * redis-parser (ioredis' reply parser) shrinks the pool it concatenates large replies in on a
 * 50 ms interval that is not unref'd and runs until the pool is under 50 KiB: after a run's
 * partials (MBs each) that kept a finished coordinator alive for about 3 s. The interval
 * only frees memory, so it must not hold the process: it is unref'd (matched by name).
 */
let parserPatched = false
function unrefParserInterval(): void {
  if (parserPatched) return
  parserPatched = true
  const original = globalThis.setInterval
  const patched = function (this: unknown, ...args: Parameters<typeof setInterval>): ReturnType<typeof setInterval> {
    const timer = original.apply(this, args)
    if (typeof args[0] === 'function' && args[0].name === 'decreaseBufferPool') timer.unref()
    return timer
  }
  globalThis.setInterval = Object.assign(patched, original) as typeof setInterval
}

/** Checks `url` with {@link probeRedis}, then returns a connection for BullMQ. */
export async function connectRedis(url: string): Promise<Redis> {
  await probeRedis(url)
  unrefParserInterval()
  const redis = new Redis(url, options())
  // Reconnects are bounded by the retry strategy; their errors surface as failed commands.
  redis.on('error', () => undefined)
  return redis
}

/**
 * Closes a connection with QUIT (the server closes the socket at once), else drops it.
 * A bare disconnect() leaves ioredis' 2-second timer for a socket that does not close,
 * which kept every coordinator alive for up to 2 s after its run.
 */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    const quit = await redis.quit().then(
      () => true,
      () => false,
    )
    if (quit) return
  }
  redis.disconnect()
}

/** The InputError of a server that cannot be used, with what to do. */
function unreachable(url: string, err: Error): InputError {
  const reason = maskSecret(err.message, url)
  const auth = /NOAUTH|WRONGPASS|invalid password|AUTH/i.test(reason)
  const what = auth
    ? 'check the user and password in the URL (or AVGCON_REDIS_URL)'
    : 'start one (redis-server, or docker run -p 6379:6379 redis:7) or check the host and port of the URL (or AVGCON_REDIS_URL)'
  return new InputError(`cannot use the Redis server at ${maskUrl(url)} (${reason}); ${what}.`, { field: 'redis' })
}
