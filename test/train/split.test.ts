import { describe, expect, it } from 'vitest'
import type { Interactions } from '../../src/io/interactions.js'
import { splitPerUser } from '../../src/train/index.js'
import { fromPairs, plantedClusters } from './fixtures.js'

/** Interactions as sorted "user item weight" strings (a multiset). */
function bag(...xs: Interactions[]): string[] {
  return xs.flatMap((x) => Array.from(x.user, (u, t) => `${x.users[u]} ${x.items[x.item[t]!]} ${x.weight[t]}`)).sort()
}

function perUser(x: Interactions): number[] {
  const n = new Array(x.users.length).fill(0)
  for (const u of x.user) n[u]++
  return n
}

describe('splitPerUser', () => {
  const { log } = plantedClusters({ users: 50 })
  const withSingles = fromPairs(3, 4, [
    [0, 0],
    [1, 1],
    [1, 2],
    [2, 0],
    [2, 1],
    [2, 2],
    [2, 3],
  ])

  it('train + test = input, both sides share the ids', () => {
    const { train, test } = splitPerUser(log, { fraction: 0.25, seed: 1 })
    expect(bag(train, test)).toEqual(bag(log))
    expect(train.users).toBe(log.users)
    expect(test.items).toBe(log.items)
  })

  it('holds out round(fraction * n), at least 1 and at most n - 1; users with < 2 keep all', () => {
    const { train, test } = splitPerUser(withSingles, { fraction: 0.5, seed: 2 })
    expect(perUser(test)).toEqual([0, 1, 2])
    expect(perUser(train)).toEqual([1, 1, 2])
    expect(perUser(splitPerUser(withSingles, { fraction: 0.01 }).test)).toEqual([0, 1, 1])
    expect(perUser(splitPerUser(withSingles, { count: 10 }).test)).toEqual([0, 1, 3])
  })

  it('is seeded: same seed same split, another seed another split', () => {
    const a = splitPerUser(log, { seed: 5 }),
      b = splitPerUser(log, { seed: 5 }),
      c = splitPerUser(log, { seed: 6 })
    expect(a.test.item).toEqual(b.test.item)
    expect(a.test.item).not.toEqual(c.test.item)
  })

  it("'latest' holds out the most recent interactions and keeps timestamps", () => {
    const x = {
      ...fromPairs(2, 4, [
        [0, 0],
        [0, 1],
        [0, 2],
        [1, 3],
        [1, 0],
      ]),
      timestamp: Float64Array.of(30, 10, 20, 5, 5),
    }
    const { train, test } = splitPerUser(x, { count: 1, strategy: 'latest' })
    expect(bag(test)).toEqual(['u0 i0 1', 'u1 i0 1'])
    expect(Array.from(train.timestamp!)).toEqual([10, 20, 5])
  })

  it('validates its options', () => {
    expect(() => splitPerUser(log, { fraction: 0.2, count: 1 })).toThrow('split: give fraction or count, not both.')
    expect(() => splitPerUser(log, { fraction: 1 })).toThrow('split: fraction=1 must be a number in (0, 1).')
    expect(() => splitPerUser(log, { count: 0 })).toThrow('split: count=0 must be an integer >= 1.')
    expect(() => splitPerUser(log, { strategy: 'latest' })).toThrow(
      "split: strategy 'latest' needs timestamps, and this log has none.",
    )
  })
})
