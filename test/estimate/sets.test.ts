import { describe, expect, it } from 'vitest'
import { averageInto, searchSpace, type Metric } from '../../src/estimate/metric.js'
import {
  randomSets,
  realSetConsistency,
  setPrecision,
  summarizeBySize,
  type ItemSet,
  type SetScore,
} from '../../src/estimate/sets.js'
import type { Embeddings } from '../../src/io/embeddings.js'
import { interactionsFromRows } from '../../src/io/interactions.js'
import { rng } from '../../src/rng.js'
import { loadEngine } from '../../src/search/index.js'
import { trainAls } from '../../src/train/index.js'
import { bruteEngine } from '../helpers/brute-engine.js'
import { plantedLog } from '../helpers/planted-log.js'

function matrix(rows: number[][]): Embeddings {
  return { n: rows.length, d: rows[0]!.length, data: Float32Array.from(rows.flat()) }
}

function gaussian(n: number, d: number, seed: number): Embeddings {
  const r = rng(seed)
  return { n, d, data: Float32Array.from({ length: n * d }, () => r.normal()) }
}

const set = (id: string, items: number[], weights?: number[]): ItemSet =>
  weights
    ? { id, items: Int32Array.from(items), weights: Float32Array.from(weights) }
    : { id, items: Int32Array.from(items) }

/** The definition, one set at a time: two separate searches, top-|U| and top-n. */
async function naive(e: Embeddings, metric: Metric, s: ItemSet, at: number): Promise<[number, number]> {
  const space = searchSpace(e, metric)
  const q = new Float32Array(e.d)
  averageInto(space, s.items, q, new Float64Array(e.d), s.weights)
  const members = new Set(s.items)
  const hits = async (k: number): Promise<number> => {
    const top = await bruteEngine.topk(space.items, e.n, e.d, q, 1, k, { bias: space.bias, metric: space.metric })
    return [...top].filter((i) => members.has(i)).length
  }
  return [(await hits(s.items.length)) / s.items.length, (await hits(at)) / at]
}

describe('setPrecision', () => {
  it('is exact on one-hot items: a set recovers itself', async () => {
    const e = matrix(Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => (i === j ? 1 : 0))))
    const [a, b] = await setPrecision(searchSpace(e, 'dot'), [set('a', [1, 4]), set('b', [5])], {
      engine: bruteEngine,
      at: 3,
      nearest: 2,
    })
    expect(a).toMatchObject({ id: 'a', size: 2, precision: 1, precisionAt: 2 / 3 })
    expect([...a!.nearest]).toEqual([1, 4])
    expect(b).toMatchObject({ size: 1, precision: 1, precisionAt: 1 / 3 })
  })

  it('does not assume a single item is its own nearest: dot products, and ties to the lower index', async () => {
    // Item 1 points the same way as item 0 with twice the norm; items 2 and 3 are identical.
    const e = matrix([
      [1, 0],
      [2, 0],
      [0, 1],
      [0, 1],
    ])
    const sets = [set('x0', [0]), set('x1', [1]), set('x3', [3])]
    const dot = await setPrecision(searchSpace(e, 'dot'), sets, { engine: bruteEngine, at: 1 })
    expect(dot.map((s) => s.precision)).toEqual([0, 1, 0]) // x0 loses to item 1; x3 ties with 2, which wins
    const euclid = await setPrecision(searchSpace(e, 'euclidean'), sets, { engine: bruteEngine, at: 1 })
    expect(euclid.map((s) => s.precision)).toEqual([1, 1, 0]) // only the exact duplicate still loses
  })

  it('uses the weights: a heavy item pulls the average onto itself', async () => {
    const e = matrix([
      [1, 0],
      [0, 1],
      [0.6, 0.6],
    ])
    const space = searchSpace(e, 'dot')
    const [plain] = await setPrecision(space, [set('u', [0, 1])], { engine: bruteEngine, at: 1 })
    const [heavy] = await setPrecision(space, [set('u', [0, 1], [9, 1])], { engine: bruteEngine, at: 1 })
    expect(plain!.precisionAt).toBe(0) // mean (0.5, 0.5) is nearest item 2
    expect(heavy!.precisionAt).toBe(1) // weighted mean (0.9, 0.1) is nearest item 0
  })

  it.each(['dot', 'cosine', 'euclidean'] as const)(
    'matches the one-set-at-a-time definition (%s, mixed sizes and weights)',
    async (metric) => {
      const e = gaussian(80, 6, 3)
      const r = rng(4)
      const sets = Array.from({ length: 40 }, (_, i) => {
        const k = 1 + r.int(30)
        const items = randomSets(
          [
            set(
              '',
              Array.from({ length: k }, (_, j) => j),
            ),
          ],
          80,
          i,
        )[0]!.items
        return set(`s${i}`, [...items], i % 2 ? Array.from({ length: k }, () => 0.5 + r.next()) : undefined)
      })
      const got = await setPrecision(searchSpace(e, metric), sets, { engine: bruteEngine, at: 7 })
      for (let i = 0; i < sets.length; i++)
        expect([got[i]!.precision, got[i]!.precisionAt]).toEqual(await naive(e, metric, sets[i]!, 7))
    },
  )

  it('gives the same scores through the real engine, in any batch layout', async () => {
    const e = gaussian(120, 16, 5)
    const sets = randomSets(
      Array.from({ length: 5000 }, (_, i) =>
        set(
          `s${i}`,
          Array.from({ length: 1 + (i % 40) }, (_, j) => j),
        ),
      ),
      120,
      9,
    )
    const space = searchSpace(e, 'dot')
    const fast = await setPrecision(space, sets, { engine: loadEngine('auto'), at: 10 })
    const brute = await setPrecision(space, sets, { engine: bruteEngine, at: 10 })
    expect(fast.map((s) => [s.precision, s.precisionAt])).toEqual(brute.map((s) => [s.precision, s.precisionAt]))
    const calls: number[] = []
    await setPrecision(space, sets, { engine: bruteEngine, at: 10, onProgress: (done) => calls.push(done) })
    expect(calls.length).toBeGreaterThan(1) // more than MAX_BATCH sets: several engine calls
    expect(calls.at(-1)).toBe(5000)
  })

  it('rejects bad sets and a bad n, naming the set', async () => {
    const space = searchSpace(gaussian(5, 2, 1), 'dot')
    const run = (sets: ItemSet[], at = 2) => setPrecision(space, sets, { engine: bruteEngine, at })
    await expect(run([set('e', [])])).rejects.toThrow('set "e" is empty; every set needs at least one item.')
    await expect(run([set('big', [0, 1, 2, 3, 4, 0])])).rejects.toThrow(
      'set "big" has 6 items but there are only N=5 items; a set holds distinct items.',
    )
    await expect(run([set('o', [0, 5])])).rejects.toThrow('set "o": item index 5 is outside 0..4.')
    await expect(run([set('d', [1, 2, 1])])).rejects.toThrow(
      'set "d" lists item 1 twice; merge repeats (summing their weights) first.',
    )
    await expect(run([set('w', [1, 2], [1, -1])])).rejects.toThrow(
      'set "w": the weight of item 2 (its 2nd item) is -1; weights must be finite and >= 0, so fix or drop that item.',
    )
    await expect(run([set('z', [1, 2], [0, 0])])).rejects.toThrow(
      'set "z": its weights sum to 0, so it has no weighted average.',
    )
    await expect(run([set('a', [1])], 0)).rejects.toThrow(
      'estimate: n=0 must be a whole number between 1 and the number of items N=5.',
    )
    await expect(run([set('a', [1])], 6)).rejects.toThrow(
      'estimate: n=6 must be a whole number between 1 and the number of items N=5.',
    )
  })
})

describe('randomSets', () => {
  const sets = Array.from({ length: 300 }, (_, i) =>
    set(
      `s${i}`,
      Array.from({ length: 1 + (i % 9) }, (_, j) => j),
      i % 3 ? undefined : Array.from({ length: 1 + (i % 9) }, (_, j) => j + 1),
    ),
  )

  it('draws distinct items, the same sizes and weights, reproducibly', () => {
    const a = randomSets(sets, 20, 7)
    expect(a.map((s) => s.items.length)).toEqual(sets.map((s) => s.items.length))
    for (const [i, s] of a.entries()) {
      expect(new Set(s.items).size).toBe(s.items.length)
      expect(s.items.every((x) => x >= 0 && x < 20)).toBe(true)
      expect(s.weights).toBe(sets[i]!.weights)
    }
    expect(randomSets(sets, 20, 7)).toEqual(a)
    expect(randomSets(sets, 20, 8)).not.toEqual(a)
  })

  it('is uniform over items, and puts the first weight on any item alike', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => set(`s${i}`, [0, 1, 2]))
    const counts = new Array(10).fill(0),
      firsts = new Array(10).fill(0)
    for (const s of randomSets(many, 10, 1)) {
      for (const x of s.items) counts[x]++
      firsts[s.items[0]!]++
    }
    // 6,000 expected per item (sd ~ 65) and 2,000 first slots (sd ~ 42): 5 sd bounds.
    for (const c of counts) expect(Math.abs(c - 6000)).toBeLessThan(330)
    for (const c of firsts) expect(Math.abs(c - 2000)).toBeLessThan(210)
  })
})

describe('summarizeBySize', () => {
  const score = (size: number, precision: number): SetScore => ({
    id: '',
    size,
    precision,
    precisionAt: precision / 2,
    nearest: new Int32Array(0),
  })

  it('groups by size bucket, skips empty ones, and ends with "all"', () => {
    const real = [score(1, 1), score(3, 0.5), score(4, 1), score(150, 0.2)]
    const random = [score(1, 1), score(3, 0), score(4, 0.5), score(150, 0.1)]
    const rows = summarizeBySize(real, random)
    expect(rows.map((r) => [r.label, r.sets])).toEqual([
      ['1', 1],
      ['2-5', 2],
      ['>100', 1],
      ['all', 4],
    ])
    const mid = rows[1]!
    expect([mid.precision.mean, mid.random.mean, mid.precisionAt.mean, mid.meanSize]).toEqual([0.75, 0.25, 0.375, 3.5])
    expect(mid.difference.mean).toBe(0.5)
    expect(mid.difference.ciLow).toBe(0.5) // both sets differ by exactly 0.5: a zero-width interval
    expect(rows[3]!.difference.mean).toBeCloseTo(0.275, 12)
    expect(() => summarizeBySize(real, random.slice(1))).toThrow(
      'sets: 4 real sets but 3 random ones; the baseline pairs them one to one.',
    )
  })
})

describe('real sets of a planted log', () => {
  it('are more consistent than random sets of the same sizes, by users and by clusters', async () => {
    const log = plantedLog({ users: 320, clusters: 8, perCluster: 15, min: 4, max: 10, seed: 2 })
    const x = interactionsFromRows(log.rows)
    const { itemFactors: e } = trainAls(x, { factors: 8, iterations: 8, seed: 1 })
    const row = new Map(e.ids!.map((id, i) => [id, i]))
    const users = x.users.map((u, ui) => set(u, [...new Set(Array.from(x.item).filter((_, t) => x.user[t] === ui))]))
    const r = await realSetConsistency(searchSpace(e, 'dot'), users, { engine: bruteEngine, seed: 3 })
    const all = r.buckets.at(-1)!
    expect(all.sets).toBe(320)
    expect(all.difference.ciLow).toBeGreaterThan(0.1)
    for (const b of r.buckets) expect(b.precision.mean).toBeGreaterThan(b.random.mean)
    // Sets drawn uniformly inside one cluster (not users' histories): within a cluster the
    // items are interchangeable, so a set's top-|U| holds about |U|/15 of it, random sets' much less.
    const inside = randomSets(
      Array.from({ length: 480 }, (_, i) =>
        set(
          `s${i}`,
          Array.from({ length: [4, 8, 12][i % 3]! }, (_, j) => j),
        ),
      ),
      15,
      5,
    )
    const fromCluster = inside.map((s, i) =>
      set(
        s.id,
        [...s.items].map((j) => row.get(log.clusters[i % 8]![j]!)!),
      ),
    )
    const c = await realSetConsistency(searchSpace(e, 'dot'), fromCluster, { engine: bruteEngine, seed: 4 })
    expect(c.buckets.map((b) => b.label)).toEqual(['2-5', '6-10', '11-20', 'all'])
    for (const b of c.buckets) expect(b.difference.ciLow, b.label).toBeGreaterThan(0)
  })
})
