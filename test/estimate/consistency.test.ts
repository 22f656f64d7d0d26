import { describe, expect, it } from 'vitest'
import { checkEstimateOptions, estimateConsistency, MAX_SAMPLES } from '../../src/estimate/consistency.js'
import { averageInto, searchSpace } from '../../src/estimate/metric.js'
import type { Embeddings } from '../../src/io/embeddings.js'
import { rng } from '../../src/rng.js'
import { bruteEngine } from '../helpers/brute-engine.js'

function gaussian(n: number, d: number, seed: number): Embeddings {
  const r = rng(seed)
  return { n, d, data: Float32Array.from({ length: n * d }, () => r.normal()) }
}

function matrix(rows: number[][]): Embeddings {
  return { n: rows.length, d: rows[0]!.length, data: Float32Array.from(rows.flat()) }
}

describe('estimateConsistency', () => {
  it('gives precision 1 to sets far from every other item', async () => {
    // Two tight clusters far apart; every 2-subset of a cluster's 2 items is that cluster.
    const e = matrix([
      [100, 100],
      [101, 100],
      [0.1, 0],
      [0, 0.1],
      [0.1, 0.1],
    ])
    const [p] = await estimateConsistency(e, { ks: [5], engine: bruteEngine, samples: 3 })
    expect(p!.mean).toBe(1) // k = N: every item is in the top-N
    const space = searchSpace(e, 'dot')
    const q = new Float32Array(2)
    averageInto(space, [0, 1], q, new Float64Array(2))
    const top = await bruteEngine.topk(e.data, 5, 2, q, 1, 2)
    expect([...top].sort()).toEqual([0, 1])
  })

  it('gives precision 0 to a set whose average points elsewhere', async () => {
    // U = {a, b}: mean (0, 0.1); items c, e score 1 and 0.9, a and b only 0.01.
    const e = matrix([
      [0, 10],
      [0, 9],
      [1, 0.1],
      [-1, 0.1],
    ])
    const space = searchSpace(e, 'dot')
    const q = new Float32Array(2)
    averageInto(space, [2, 3], q, new Float64Array(2))
    const top = await bruteEngine.topk(e.data, 4, 2, q, 1, 2)
    expect([...top]).toEqual([0, 1])
  })

  it('estimates exactly on a catalogue where every set is perfectly or never consistent', async () => {
    // Orthogonal one-hot items of equal norm: a set's mean scores 1/k on its own items, 0 elsewhere.
    const n = 8
    const e = matrix(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))))
    const res = await estimateConsistency(e, { ks: [1, 2, 3, 8], engine: bruteEngine, samples: 50, seed: 3 })
    for (const p of res) {
      expect([p.mean, p.std, p.ciHigh]).toEqual([1, 0, 1])
      // 50 perfect sets do not prove the truth is 1: the score interval keeps a lower bound below it.
      expect(p.ciLow).toBeGreaterThan(0.9)
      expect(p.ciLow).toBeLessThan(0.95)
    }
  })

  it('is reproducible for a seed and changes with it', async () => {
    const e = gaussian(60, 4, 1)
    const a = await estimateConsistency(e, { ks: [3, 6], engine: bruteEngine, samples: 200, seed: 9 })
    const b = await estimateConsistency(e, { ks: [6, 3], engine: bruteEngine, samples: 200, seed: 9 })
    const c = await estimateConsistency(e, { ks: [3, 6], engine: bruteEngine, samples: 200, seed: 10 })
    expect(a).toEqual(b.slice().reverse())
    expect(a).not.toEqual(c)
    // A k's sets do not depend on the other k in the list.
    const only6 = await estimateConsistency(e, { ks: [6], engine: bruteEngine, samples: 200, seed: 9 })
    expect(only6[0]).toEqual(a[1])
  })

  it('adaptive mode does not stop on a degenerate interval: all-perfect sets still need enough of them', async () => {
    // Every set is perfect, so the t interval would be [1, 1] after the first 200 sets.
    const n = 8
    const e = matrix(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))))
    const [p] = await estimateConsistency(e, { ks: [2], engine: bruteEngine, ci: 0.005, seed: 2 })
    expect(p!.mean).toBe(1)
    expect((p!.ciHigh - p!.ciLow) / 2).toBeLessThanOrEqual(0.005)
    // The score interval's half-width at p = 1 is about 2.4/n: it needs some 480+ sets.
    expect(p!.n).toBeGreaterThan(400)
  })

  it('adaptive mode stops once the CI half-width meets the target, and extends the fixed-mode stream', async () => {
    const e = gaussian(80, 3, 2)
    const [p] = await estimateConsistency(e, { ks: [4], engine: bruteEngine, ci: 0.015, seed: 1 })
    expect((p!.ciHigh - p!.ciLow) / 2).toBeLessThanOrEqual(0.015)
    expect(p!.n).toBeGreaterThan(200)
    const [capped] = await estimateConsistency(e, { ks: [4], engine: bruteEngine, ci: 0.001, maxSamples: 300, seed: 1 })
    expect(capped!.n).toBe(300)
    const [fixed] = await estimateConsistency(e, { ks: [4], engine: bruteEngine, samples: 200, seed: 1 })
    const [first] = await estimateConsistency(e, { ks: [4], engine: bruteEngine, ci: 0.9, seed: 1 })
    expect(first).toEqual(fixed)
  })

  it('rejects k > N, k < 1, samples 0 and a bad CI target with one sentence', async () => {
    const e = gaussian(10, 2, 1)
    const run = (o: object) => estimateConsistency(e, { ks: [2], engine: bruteEngine, ...o })
    await expect(run({ ks: [11] })).rejects.toThrow(
      'estimate: set size k=11 exceeds the number of items N=10; use k <= 10.',
    )
    await expect(run({ ks: [0] })).rejects.toThrow('estimate: set size k=0 must be a whole number of at least 1.')
    await expect(run({ samples: 0 })).rejects.toThrow('estimate: 0 must be a whole number of at least 1.')
    await expect(run({ ci: 1.5 })).rejects.toThrow(
      'estimate: target half-width 1.5 must lie strictly between 0 and 1 (e.g. 0.01).',
    )
  })
})

describe('metrics', () => {
  // The set {3, 4} has mean (1, 1.5). Item 0 is long (best inner product), item 1 is
  // short but exactly aligned (best cosine), item 2 sits next to the mean (best
  // Euclidean). Each metric must pick a different best item.
  const rows = [
    [20, 0],
    [0.2, 0.3],
    [1, 1.4],
    [2, 2],
    [0, 1],
  ]
  const e = matrix(rows)
  const set = [3, 4]
  async function best(metric: 'dot' | 'cosine' | 'euclidean'): Promise<number> {
    const space = searchSpace(e, metric)
    const q = new Float32Array(2)
    averageInto(space, set, q, new Float64Array(2))
    const [top] = await bruteEngine.topk(space.items, 5, 2, q, 1, 1, { bias: space.bias, metric: space.metric })
    return top!
  }
  function bruteBest(score: (x: number[], q: number[]) => number): number {
    const q = [1, 1.5]
    return rows.map((x, i) => [score(x, q), i] as const).sort((a, b) => b[0] - a[0])[0]![1]
  }
  it('dot, cosine and euclidean rank as their definitions say', async () => {
    const dot = (x: number[], q: number[]) => x[0]! * q[0]! + x[1]! * q[1]!
    const cos = (x: number[], q: number[]) => dot(x, q) / Math.hypot(x[0]!, x[1]!) / Math.hypot(q[0]!, q[1]!)
    const euc = (x: number[], q: number[]) => -Math.hypot(x[0]! - q[0]!, x[1]! - q[1]!)
    expect(await best('dot')).toBe(bruteBest(dot))
    expect(await best('cosine')).toBe(bruteBest(cos))
    expect(await best('euclidean')).toBe(bruteBest(euc))
    expect(new Set([bruteBest(dot), bruteBest(cos), bruteBest(euc)]).size).toBe(3)
  })
  it('cosine and dot query with the sum of the raw rows (scale-free rankings), euclidean with their mean', () => {
    const rows = matrix([
      [3, 0],
      [0, 1],
    ])
    const q = new Float32Array(2)
    averageInto(searchSpace(rows, 'cosine'), [0, 1], q, new Float64Array(2))
    expect([...q]).toEqual([3, 1])
    averageInto(searchSpace(rows, 'euclidean'), [0, 1], q, new Float64Array(2))
    expect([...q]).toEqual([1.5, 0.5])
  })

  it('ranks lattice data by its real-arithmetic ties: the sum of +-1 rows is exact, a mean like 3/5 is not', () => {
    // Five +-1 rows whose mean is (3/5, -1/5), which float32 cannot hold: ranking against the
    // rounded mean would break exact ties by rounding, ranking against the sum (3, -1) cannot.
    const rows = matrix([
      [1, 1],
      [1, -1],
      [1, -1],
      [1, 1],
      [-1, -1],
    ])
    const q = new Float32Array(2)
    averageInto(searchSpace(rows, 'dot'), [0, 1, 2, 3, 4], q, new Float64Array(2))
    expect([...q]).toEqual([3, -1])
    expect(Math.fround(3 / 5) * 5).not.toBe(3) // the mean's coordinate is not exact in float32
  })
})

describe('checkEstimateOptions bounds', () => {
  it('refuses more than MAX_SAMPLES sets per k before sampling', () => {
    expect(() => checkEstimateOptions(10, { ks: [2], samples: MAX_SAMPLES + 1 })).toThrow(
      `estimate: ${MAX_SAMPLES + 1} is more than ${MAX_SAMPLES} sets per k; use at most ${MAX_SAMPLES}.`,
    )
    expect(() => checkEstimateOptions(10, { ks: [2], ci: 0.01, maxSamples: 1e12 })).toThrow(
      expect.objectContaining({ field: 'maxSamples' }),
    )
    expect(() => checkEstimateOptions(10, { ks: [2], samples: MAX_SAMPLES })).not.toThrow()
  })
})
