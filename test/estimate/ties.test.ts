/**
 * Fractional tie credit (issue 10 item 2) against its definition: the mean of
 * |top-c ∩ U| over every tie-break of the exact scores, enumerated one order at a time.
 */
import { describe, expect, it } from 'vitest'
import { estimateConsistency } from '../../src/estimate/consistency.js'
import { averageInto, searchSpace, type Metric } from '../../src/estimate/metric.js'
import { streamSeed, sampleSubset } from '../../src/estimate/sampler.js'
import { setPrecision, type ItemSet } from '../../src/estimate/sets.js'
import { parseTieRule } from '../../src/estimate/ties.js'
import type { Embeddings } from '../../src/io/embeddings.js'
import { rng } from '../../src/rng.js'
import type { Engine } from '../../src/search/engine.js'
import { exactScore, prepareExact } from '../../src/search/exact.js'
import { loadEngine, nativeAvailable } from '../../src/search/index.js'
import { createNativeEngine, nativeCodePaths } from '../../src/search/native-engine.js'

function matrix(rows: number[][]): Embeddings {
  return { n: rows.length, d: rows[0]!.length, data: Float32Array.from(rows.flat()) }
}

/** Small integer catalogue with duplicated rows: exact score ties are everywhere. */
const TIED = matrix([
  [1, 0, 1],
  [1, 0, 1], // copy of 0
  [0, 1, 1],
  [1, 1, 0],
  [0, 1, 1], // copy of 2
  [-1, 0, 1],
  [1, 1, 0], // copy of 3
])

/** Mean over all orders of the items consistent with the scores (non-increasing) of |top-c ∩ members|. */
function enumeratedHits(scores: Float64Array, members: Set<number>, c: number): number {
  let orders = 0
  let total = 0
  const used = new Array<boolean>(scores.length).fill(false)
  const chosen: number[] = []
  const walk = (): void => {
    if (chosen.length === scores.length) {
      orders++
      for (let r = 0; r < c; r++) if (members.has(chosen[r]!)) total++
      return
    }
    let best = -Infinity
    for (let i = 0; i < scores.length; i++) if (!used[i] && scores[i]! > best) best = scores[i]!
    for (let i = 0; i < scores.length; i++) {
      if (used[i] || scores[i] !== best) continue
      used[i] = true
      chosen.push(i)
      walk()
      chosen.pop()
      used[i] = false
    }
  }
  walk()
  return total / orders
}

/** The exact scores of every item against the average of `items`, as the estimator forms it. */
function scoresOf(e: Embeddings, metric: Metric, items: ArrayLike<number>): Float64Array {
  const space = searchSpace(e, metric)
  const q = new Float32Array(e.d)
  averageInto(space, items, q, new Float64Array(e.d))
  const prep = prepareExact(e.data, e.n, e.d, metric)
  return Float64Array.from({ length: e.n }, (_, i) => exactScore(prep, e.data, i, q, 0))
}

function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]]
  const out: number[][] = []
  for (let last = k - 1; last < n; last++) for (const s of subsets(last, k - 1)) out.push([...s, last])
  return out
}

const engines: [string, () => Engine][] = [['typescript', () => loadEngine('typescript')]]
if (nativeAvailable()) for (const p of nativeCodePaths()) engines.push([`native-${p}`, () => createNativeEngine(p)])

describe('fractional tie credit', () => {
  it('gives the higher-index copy of a duplicated item 1/2 where lower-index gives 0', async () => {
    const e = matrix([
      [2, 0],
      [2, 0],
      [0, 1],
    ])
    const space = searchSpace(e, 'dot')
    for (const [, make] of engines) {
      const engine = make()
      const set: ItemSet = { id: 'copy', items: Int32Array.of(1) }
      const [lower] = await setPrecision(space, [set], { engine, at: 1, ties: 'lower-index' })
      const [fair] = await setPrecision(space, [set], { engine, at: 1 })
      expect(lower!.precision).toBe(0)
      expect(fair!.precision).toBe(0.5)
      expect(fair!.precisionAt).toBe(0.5)
      // At n = 2 both copies are in: no tie crosses the cut-off, so the rules agree.
      const [both] = await setPrecision(space, [set], { engine, at: 2 })
      expect(both!.precisionAt).toBe(0.5)
    }
  })

  for (const [name, make] of engines) {
    for (const metric of ['dot', 'cosine', 'euclidean'] as const) {
      it(`sets: equals the enumeration of all tie-breaks (${name}, ${metric})`, async () => {
        const engine = make()
        const space = searchSpace(TIED, metric)
        const all = [1, 2, 3, 4].flatMap((k) => subsets(TIED.n, k))
        const sets = all.map((items, i): ItemSet => ({ id: `s${i}`, items: Int32Array.from(items) }))
        for (const at of [1, 3, 5]) {
          const fair = await setPrecision(space, sets, { engine, at })
          const lower = await setPrecision(space, sets, { engine, at, ties: 'lower-index' })
          let differs = 0
          sets.forEach((s, i) => {
            const scores = scoresOf(TIED, metric, s.items)
            const members = new Set(s.items)
            const k = s.items.length
            expect(fair[i]!.precision).toBeCloseTo(enumeratedHits(scores, members, k) / k, 12)
            expect(fair[i]!.precisionAt).toBeCloseTo(enumeratedHits(scores, members, at) / at, 12)
            if (fair[i]!.precision !== lower[i]!.precision) differs++
          })
          // The catalogue must exercise ties, or this test could not fail.
          expect(differs).toBeGreaterThan(0)
        }
      })
    }

    it(`estimate: the mean equals the enumeration over the sets it draws (${name})`, async () => {
      const engine = make()
      const ks = [1, 2, 3, 5]
      const samples = 60
      const seed = 7
      const fair = await estimateConsistency(TIED, { ks, engine, samples, seed })
      const lower = await estimateConsistency(TIED, { ks, engine, samples, seed, ties: 'lower-index' })
      const seen = new Int32Array(TIED.n)
      let stamp = 0
      ks.forEach((k, j) => {
        // The sampler's own stream for k (sampler.ts), drawn in the estimator's order.
        const r = rng(streamSeed(seed, k))
        const set = new Int32Array(k)
        let sum = 0
        for (let s = 0; s < samples; s++) {
          sampleSubset(r, TIED.n, k, set, seen, ++stamp)
          sum += enumeratedHits(scoresOf(TIED, 'dot', set), new Set(set), k) / k
        }
        expect(fair[j]!.mean).toBeCloseTo(sum / samples, 12)
      })
      expect(fair.some((p, j) => p.mean !== lower[j]!.mean)).toBe(true)
    })
  }

  it('changes nothing, bit for bit, when no scores tie', async () => {
    const r = rng(3)
    const e: Embeddings = { n: 400, d: 8, data: Float32Array.from({ length: 400 * 8 }, () => r.normal()) }
    for (const [, make] of engines) {
      const engine = make()
      const opts = { ks: [1, 4, 9], engine, samples: 200, seed: 1 }
      expect(await estimateConsistency(e, opts)).toEqual(await estimateConsistency(e, { ...opts, ties: 'lower-index' }))
    }
  })

  it('rejects an unknown rule in one sentence naming the ties option', () => {
    expect(() => parseTieRule('random')).toThrow(expect.objectContaining({ field: 'ties' }))
    expect(() => parseTieRule('random')).toThrow(
      /^estimate: unknown tie rule "random"; use fractional or lower-index\.$/,
    )
  })
})
