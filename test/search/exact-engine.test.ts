// Issue 9: every engine and every forced native screen returns the float64 oracle's
// lists (ties to the lower index) on hard data, with 1 and 2 threads.
import { describe, expect, it } from 'vitest'
import { newTieInfo, type Engine, type ScoreMetric } from '../../src/search/engine.js'
import { exactScore, prepareExact } from '../../src/search/exact.js'
import { createNativeEngine, loadNative, nativeCodePaths } from '../../src/search/native-engine.js'
import { createTypeScriptEngine } from '../../src/search/typescript-engine.js'
import { rng as seeded } from '../../src/rng.js'

function createRng(seed: number): () => number {
  const r = seeded(seed)
  return () => r.next()
}

function gauss(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())
}

function oracle(
  items: Float32Array,
  n: number,
  d: number,
  queries: Float32Array,
  q: number,
  k: number,
  metric: ScoreMetric,
) {
  const prep = prepareExact(items, n, d, metric)
  const out: number[][] = []
  for (let r = 0; r < q; r++) {
    const s = Array.from({ length: n }, (_, i) => exactScore(prep, items, i, queries, r * d))
    const order = s.map((_, i) => i).sort((a, b) => (s[b]! > s[a]! ? 1 : s[b]! < s[a]! ? -1 : a - b))
    out.push(order.slice(0, k))
  }
  return out
}

const engines: Array<[string, () => Engine]> = [['typescript', createTypeScriptEngine]]
if (loadNative().ok) for (const p of nativeCodePaths()) engines.push([`native-${p}`, () => createNativeEngine(p)])

interface Case {
  name: string
  n: number
  d: number
  make: (rng: () => number, n: number, d: number) => Float32Array
}
const cases: Case[] = [
  { name: 'random', n: 301, d: 7, make: (r, n, d) => Float32Array.from({ length: n * d }, () => gauss(r)) },
  {
    name: 'duplicate rows',
    n: 120,
    d: 5,
    make: (r, n, d) => {
      const base = Float32Array.from({ length: 10 * d }, () => Math.round(gauss(r) * 2))
      return Float32Array.from({ length: n * d }, (_, t) => base[(Math.floor(t / d) % 10) * d + (t % d)]!)
    },
  },
  {
    name: 'offset c=100',
    n: 400,
    d: 32,
    make: (r, n, d) => Float32Array.from({ length: n * d }, () => 100 + gauss(r)),
  },
  {
    name: 'offset c=1000',
    n: 400,
    d: 32,
    make: (r, n, d) => Float32Array.from({ length: n * d }, () => 1000 + gauss(r)),
  },
  { name: 'near 1e30', n: 200, d: 9, make: (r, n, d) => Float32Array.from({ length: n * d }, () => 1e30 * gauss(r)) },
  { name: 'subnormal', n: 200, d: 9, make: (r, n, d) => Float32Array.from({ length: n * d }, () => 1e-42 * gauss(r)) },
]

describe.each(engines)('%s agrees with the float64 oracle', (_, make) => {
  for (const c of cases)
    for (const metric of ['dot', 'cosine', 'euclidean'] as const)
      it(`${c.name}, ${metric}, k in {1, 3, N-1, N}, 1 and 2 threads`, async () => {
        const rng = createRng(7)
        const items = c.make(rng, c.n, c.d)
        const q = 70 // straddles the native query group of 64
        const queries = new Float32Array(q * c.d)
        for (let r = 0; r < q; r++) {
          const a = Math.floor(rng() * c.n),
            b = Math.floor(rng() * c.n)
          for (let j = 0; j < c.d; j++) queries[r * c.d + j] = (items[a * c.d + j]! + items[b * c.d + j]!) / 2
        }
        const engine = make()
        for (const k of [1, 3, c.n - 1, c.n]) {
          const want = oracle(items, c.n, c.d, queries, q, k, metric)
          for (const threads of [1, 2]) {
            const got = await engine.topk(items, c.n, c.d, queries, q, k, { metric, threads })
            for (let r = 0; r < q; r++) expect(Array.from(got.subarray(r * k, (r + 1) * k))).toEqual(want[r])
          }
        }
      })

  it('never drops a true top-k item at one-ulp near-ties on the k-th place', async () => {
    const rng = createRng(11)
    const n = 500,
      d = 16,
      k = 5
    const items = Float32Array.from({ length: n * d }, () => gauss(rng))
    // Items 100..139 are copies of item 0 with one coordinate moved by one ulp either way.
    for (let i = 100; i < 140; i++) {
      for (let j = 0; j < d; j++) items[i * d + j] = items[j]!
      const j = i % d
      const v = items[i * d + j]!
      const bits = new Float32Array([v])
      const u = new Int32Array(bits.buffer)
      u[0]! += i % 2 === 0 ? 1 : -1
      items[i * d + j] = bits[0]!
    }
    const queries = items.slice(0, d * 3)
    for (const metric of ['dot', 'cosine', 'euclidean'] as const) {
      const want = oracle(items, n, d, queries, 3, k, metric)
      const got = await make().topk(items, n, d, queries, 3, k, { metric })
      for (let r = 0; r < 3; r++) expect(Array.from(got.subarray(r * k, (r + 1) * k))).toEqual(want[r])
    }
  })

  it('reports the k-th score and the ties around it', async () => {
    // Items: 0..3 equal (score 4), 4 scores 9; k = 3 keeps item 4 and two of the four copies.
    const items = Float32Array.of(1, 1, 1, 1, 3)
    const ties = newTieInfo(1)
    const got = await make().topk(items, 5, 1, Float32Array.of(4), 1, 3, { ties })
    expect(Array.from(got)).toEqual([4, 0, 1])
    expect([ties.kthScore[0], ties.tiedInside[0], ties.tiedOutside[0]]).toEqual([4, 2, 2])
  })
})

describe('a given euclidean centre (blocks of a larger matrix)', () => {
  it('every engine ranks a block with the centre it is given, as the oracle scores within the whole', async () => {
    const rng = createRng(41)
    const n = 300,
      d = 7,
      q = 9,
      k = 5
    // Offset data: a block's own means differ from the whole's, and centring decides the ranking.
    const whole = Float32Array.from({ length: 2 * n * d }, (_, i) => (i < n * d ? 40 : -40) + gauss(rng))
    const block = whole.subarray(0, n * d)
    const queries = Float32Array.from({ length: q * d }, () => gauss(rng))
    const centre = prepareExact(whole, 2 * n, d, 'euclidean').centre!
    const prep = prepareExact(block, n, d, 'euclidean', undefined, centre)
    const expected: number[][] = []
    for (let r = 0; r < q; r++) {
      const s = Array.from({ length: n }, (_, i) => exactScore(prep, block, i, queries, r * d))
      expected.push(
        s
          .map((_, i) => i)
          .sort((a, b) => (s[b]! > s[a]! ? 1 : s[b]! < s[a]! ? -1 : a - b))
          .slice(0, k),
      )
    }
    // Rankings are translation-invariant; the scores are not: the k-th score tells which centre was used.
    const kth = expected.map((list, r) => exactScore(prep, block, list[k - 1]!, queries, r * d))
    const ownPrep = prepareExact(block, n, d, 'euclidean')
    const ownKth = expected.map((list, r) => exactScore(ownPrep, block, list[k - 1]!, queries, r * d))
    expect(ownKth).not.toEqual(kth) // the check can fail: the block's own centre gives other scores
    for (const [name, make] of engines) {
      const ties = newTieInfo(q)
      const got = await make().topk(block, n, d, queries, q, k, { metric: 'euclidean', centre, ties })
      const lists = Array.from({ length: q }, (_, r) => Array.from(got.subarray(r * k, (r + 1) * k)))
      expect(lists, name).toEqual(expected)
      expect(Array.from(ties.kthScore), name).toEqual(kth)
    }
  })
})
