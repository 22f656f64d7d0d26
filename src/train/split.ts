/**
 * Per-user train/test splits for held-out evaluation.
 * Each user with n >= 2 interactions gives h of them to the test side, 1 <= h <= n - 1;
 * users with fewer than 2 interactions keep everything in train. Both sides share the
 * input's `users` and `items` arrays, so indices and factors line up; every interaction
 * lands on exactly one side (train + test = input, as a multiset, in input order).
 */
import { InputError } from '../errors.js'
import type { Interactions } from '../io/interactions.js'
import { rng } from '../rng.js'
import { checkChoice, checkInt, checkLog, checkSeed } from './options.js'

/** Options of {@link splitPerUser}: give `fraction` or `count`, not both. */
export interface SplitOptions {
  /** Share of each user's interactions held out, rounded, at least 1 (default 0.2). */
  fraction?: number
  /** Number of each user's interactions held out (capped at n - 1). */
  count?: number
  /** 'random' (default, seeded) or 'latest' (largest timestamps; needs timestamps). */
  strategy?: 'random' | 'latest'
  /** Seed of the random choice (default 0). */
  seed?: number
}

/** The two sides of a split, each a full Interactions over the same ids. */
export interface Split {
  train: Interactions
  test: Interactions
}

/** How many of n interactions to hold out. */
function holdOut(n: number, fraction: number | undefined, count: number | undefined): number {
  if (n < 2) return 0
  const h = count ?? Math.max(1, Math.round(fraction! * n))
  return Math.min(h, n - 1)
}

/** Interaction indices grouped by user (counting sort, input order kept within a user). */
function byUser(x: Interactions): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(x.users.length + 1)
  for (let t = 0; t < x.user.length; t++) start[x.user[t]! + 1]!++
  for (let u = 0; u < x.users.length; u++) start[u + 1]! += start[u]!
  const next = start.slice(0, x.users.length)
  const order = new Int32Array(x.user.length)
  for (let t = 0; t < x.user.length; t++) order[next[x.user[t]!]!++] = t
  return { start, order }
}

/**
 * Splits each user's interactions into train and test (seeded; see the module comment).
 * 'random' picks the held-out interactions by a partial Fisher-Yates shuffle per user,
 * users in index order from one generator; 'latest' holds out the most recent ones
 * (ties broken by input order: the later line is held out).
 */
export function splitPerUser(x: Interactions, options: SplitOptions = {}): Split {
  checkLog('split', x)
  if (options.fraction !== undefined && options.count !== undefined)
    throw new InputError('split: give fraction or count, not both.')
  const count = options.count === undefined ? undefined : checkInt('split', 'count', options.count, 1)
  const fraction = options.fraction ?? 0.2
  if (!(fraction > 0 && fraction < 1)) throw new InputError(`split: fraction=${fraction} must be a number in (0, 1).`)
  const strategy = checkChoice('split', 'strategy', options.strategy ?? 'random', ['random', 'latest'] as const)
  if (strategy === 'latest' && !x.timestamp)
    throw new InputError("split: strategy 'latest' needs timestamps, and this log has none.")
  const r = rng(checkSeed('split', options.seed ?? 0))
  const { start, order } = byUser(x)
  const isTest = new Uint8Array(x.user.length)
  for (let u = 0; u < x.users.length; u++) {
    const rows = order.subarray(start[u]!, start[u + 1]!)
    const h = holdOut(rows.length, fraction, count)
    if (h === 0) continue
    if (strategy === 'latest') {
      const ts = x.timestamp!
      const sorted = Array.from(rows).sort((a, b) => ts[a]! - ts[b]! || a - b)
      for (const t of sorted.slice(rows.length - h)) isTest[t] = 1
    } else {
      const pool = Int32Array.from(rows)
      for (let j = 0; j < h; j++) {
        const k = j + r.int(pool.length - j)
        const t = pool[k]!
        pool[k] = pool[j]!
        pool[j] = t
        isTest[t] = 1
      }
    }
  }
  return { train: subset(x, isTest, 0), test: subset(x, isTest, 1) }
}

/** The interactions t with mask[t] === side, same ids, input order. */
export function subset(x: Interactions, mask: Uint8Array, side: number): Interactions {
  const keep: number[] = []
  for (let t = 0; t < mask.length; t++) if (mask[t] === side) keep.push(t)
  const pick = <T extends Int32Array | Float32Array | Float64Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(keep.length)
    for (let j = 0; j < keep.length; j++) out[j] = a[keep[j]!]!
    return out
  }
  const out: Interactions = {
    users: x.users,
    items: x.items,
    user: pick(x.user),
    item: pick(x.item),
    weight: pick(x.weight),
  }
  if (x.timestamp) out.timestamp = pick(x.timestamp)
  return out
}
