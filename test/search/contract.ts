// The contract every top-k engine must meet, as one suite each engine's test file
// runs (implicit's mixin pattern): the double-precision oracle accepts the lists, the
// tie rule holds, prefixes agree, and so on, on sizes straddling every block edge.
import { describe, expect, it } from 'vitest'
import type { Engine } from '../../src/search/engine.js'
import { biasData, type DataKind, itemData, queryData } from './data.js'
import { type QueryScores, scoreQuery, topKProblem } from './oracle.js'

/** One top-k problem of the suite. */
export interface Case {
  kind: DataKind
  n: number
  d: number
  q: number
  bias: boolean
  ks: number[]
  seed: number
}

const KINDS: DataKind[] = ['gaussian', 'integer', 'duplicates', 'all-equal', 'ascending']
const NS = [1, 3, 47, 48, 49, 1000, 5000]
const DS = [1, 15, 16, 17, 128]
const QS = [1, 7, 8, 9, 100]

/** Every n with every d; q, data kind and bias rotate so each value meets many others. */
export function contractCases(): Case[] {
  const cases: Case[] = []
  NS.forEach((n, a) =>
    DS.forEach((d, b) => {
      const ks = [...new Set([1, 2, 50, n - 1, n])].filter((k) => k >= 1 && k <= n)
      cases.push({
        kind: KINDS[(a + 2 * b) % KINDS.length],
        n,
        d,
        q: QS[(a + b) % QS.length],
        bias: (a + b) % 2 === 1,
        ks,
        seed: 100 * a + b,
      })
    }),
  )
  return cases
}

/** The matrices of a case and the oracle's scores of each query, computed once. */
interface CaseData {
  items: Float32Array
  queries: Float32Array
  bias?: Float32Array
  scores: QueryScores[]
}

const memo = new Map<string, CaseData>()

/** Items, queries, bias and oracle scores of a case (memoised: every engine reuses them). */
export function caseData(c: Case): CaseData {
  const key = `${c.kind}/${c.n}/${c.d}/${c.q}/${c.bias}/${c.seed}`
  let data = memo.get(key)
  if (!data) {
    const items = itemData(c.kind, c.n, c.d, c.seed)
    const queries = queryData(c.kind, c.q, c.d, c.seed + 1)
    const bias = c.bias ? biasData(c.kind, c.n, c.seed + 2) : undefined
    const scores = Array.from({ length: c.q }, (_, query) => scoreQuery(items, c.n, c.d, queries, query, bias))
    data = { items, queries, bias, scores }
    memo.set(key, data)
  }
  return data
}

/** Runs a case's top-k and returns the first problem the oracle finds, or null. */
async function checkCase(engine: Engine, c: Case, k: number, threads?: number): Promise<string | null> {
  const { items, queries, bias, scores } = caseData(c)
  const out = await engine.topk(items, c.n, c.d, queries, c.q, k, { bias, threads })
  for (let query = 0; query < c.q; query++) {
    const problem = topKProblem(out.subarray(query * k, query * k + k), scores[query], k)
    if (problem) return `query ${query}, k=${k}: ${problem}`
  }
  return null
}

/** First position where two index lists differ, or null (toEqual on long typed arrays takes seconds). */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): string | null {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return `position ${i}: ${a[i]} vs ${b[i]}`
  return null
}

function label(c: Case): string {
  return `${c.kind} n=${c.n} d=${c.d} q=${c.q}${c.bias ? ' +bias' : ''} k=${c.ks.join(',')}`
}

/** Declares the contract tests for the engine `make()` returns. */
export function engineContract(make: () => Engine): void {
  describe.each(contractCases().map((c) => [label(c), c] as const))('%s', (_, c) => {
    it('agrees with the brute-force oracle, ties to the lower index', async () => {
      const engine = make()
      for (const k of c.ks) expect(await checkCase(engine, c, k)).toBeNull()
    })

    it('returns prefixes of the larger k for every smaller k', async () => {
      const engine = make()
      const { items, queries, bias } = caseData(c)
      const kMax = Math.max(...c.ks)
      const full = await engine.topk(items, c.n, c.d, queries, c.q, kMax, { bias })
      for (const k of c.ks) {
        const out = await engine.topk(items, c.n, c.d, queries, c.q, k, { bias })
        for (let query = 0; query < c.q; query++) {
          const problem = firstDifference(
            out.subarray(query * k, query * k + k),
            full.subarray(query * kMax, query * kMax + k),
          )
          expect(problem, `query ${query}, k=${k}`).toBeNull()
        }
      }
    })
  })

  it('gives identical lists with 1 and 2 threads', async () => {
    const engine = make()
    const c: Case = { kind: 'duplicates', n: 5000, d: 33, q: 37, bias: true, ks: [50], seed: 9 }
    const { items, queries, bias } = caseData(c)
    const one = await engine.topk(items, c.n, c.d, queries, c.q, 50, { bias, threads: 1 })
    const two = await engine.topk(items, c.n, c.d, queries, c.q, 50, { bias, threads: 2 })
    expect(firstDifference(two, one)).toBeNull()
  })

  it.each([
    ['gaussian', 1000, 64, 300],
    ['integer', 5000, 20, 300],
    ['duplicates', 3000, 16, 700],
  ] as const)('is exact for large k (%s n=%i d=%i k=%i)', async (kind, n, d, k) => {
    const c: Case = { kind, n, d, q: 19, bias: kind !== 'gaussian', ks: [k], seed: 31 }
    expect(await checkCase(make(), c, k)).toBeNull()
  })

  it('ranks by the real-number order where a float32 FMA chain would not (issue 9)', async () => {
    // Item 1 = [1, e x 8] with e = 0.75 ulp(1): a float32 chain rounds every step up a
    // whole ulp (1 + 8 ulp) while its real dot product is 1 + 6 ulp. Item 0 scores
    // 1 + 7 ulp. The float64 contract puts item 0 first, as real arithmetic does.
    const ulp = 2 ** -23,
      e = 0.75 * ulp,
      d = 9
    const items = new Float32Array(2 * d)
    items[0] = 1 + 7 * ulp
    items[d] = 1
    items.fill(e, d + 1, 2 * d)
    const out = await make().topk(items, 2, d, new Float32Array(d).fill(1), 1, 1)
    expect(Array.from(out)).toEqual([0])
  })

  it('works when queries cannot fill a register tile and N is tiny', async () => {
    const engine = make()
    const items = Float32Array.of(1, 0, 0, 1, 1, 1)
    const queries = Float32Array.of(1, 0, 0, 2)
    const out = await engine.topk(items, 3, 2, queries, 2, 3)
    expect(Array.from(out)).toEqual([0, 2, 1, 1, 2, 0])
  })
}
