// The native kernel: the contract on every compiled code path, plus bit-for-bit
// agreement with the TypeScript engine (both compute the same float64 scores, issue 9).
import { describe, expect, it } from 'vitest'
import { nativeAvailable, nativeUnavailableReason } from '../../src/search/index.js'
import { createNativeEngine, loadNative, nativeCodePaths } from '../../src/search/native-engine.js'
import { topkTypeScript } from '../../src/search/typescript-engine.js'
import { type Case, caseData, contractCases, engineContract, firstDifference } from './contract.js'

const available = nativeAvailable()
const paths = available ? nativeCodePaths() : []
// The TypeScript answers, computed once and shared by every code path's comparison.
const typescriptAnswers = new Map<string, Int32Array>()
function typescriptAnswer(c: Case, k: number): Int32Array {
  const key = `${c.kind}/${c.n}/${c.d}/${c.q}/${c.bias}/${c.seed}/${k}`
  let answer = typescriptAnswers.get(key)
  if (!answer) {
    const { items, queries, bias } = caseData(c)
    answer = topkTypeScript(items, c.n, c.d, queries, c.q, k, bias)
    typescriptAnswers.set(key, answer)
  }
  return answer
}

const skipNote = available ? '' : ` (SKIPPED: ${nativeUnavailableReason()}; run \`npm run build:native\`)`

describe.skipIf(!available)(`native engine${skipNote}`, () => {
  describe.each(paths)('code path %s', (path) => {
    engineContract(() => createNativeEngine(path))

    it("returns exactly the TypeScript engine's lists on every contract case, 1 or 2 threads", async () => {
      const engine = createNativeEngine(path)
      for (const c of contractCases()) {
        const { items, queries, bias } = caseData(c)
        for (const k of c.ks) {
          const expected = typescriptAnswer(c, k)
          for (const threads of [1, 2]) {
            const out = await engine.topk(items, c.n, c.d, queries, c.q, k, { bias, threads })
            expect(
              firstDifference(out, expected),
              `${c.kind} n=${c.n} d=${c.d} q=${c.q} k=${k} threads=${threads}`,
            ).toBeNull()
          }
        }
      }
    })
  })

  it('names the default engine after the best compiled path', () => {
    expect(createNativeEngine().name).toBe(`native-${paths[0]}`)
    // The last screen is none: float64 brute force, the fallback every build has.
    expect(paths.at(-1)).toBe('none')
  })

  it('gives identical lists for any thread count when queries are sliced across threads', async () => {
    // Few items and many queries: the driver slices queries so both cores get work.
    const c: Case = { kind: 'integer', n: 60, d: 24, q: 500, bias: true, ks: [10], seed: 4 }
    const { items, queries, bias } = caseData(c)
    const engine = createNativeEngine()
    const one = await engine.topk(items, c.n, c.d, queries, c.q, 10, { bias, threads: 1 })
    for (const threads of [2, 3, 8, 100_000])
      expect(await engine.topk(items, c.n, c.d, queries, c.q, 10, { bias, threads })).toEqual(one)
  })

  it('splits the queries into chunks when the candidate lists would outgrow their budget', async () => {
    // 1000 requested threads x lists of 2k entries exceed the driver's 128 MB list budget
    // for more than 8 queries, so this runs as five chunks (and a tiny N caps the threads).
    const c: Case = { kind: 'duplicates', n: 5000, d: 16, q: 37, bias: true, ks: [4000], seed: 12 }
    const { items, queries, bias } = caseData(c)
    const expected = typescriptAnswer(c, 4000)
    const out = await createNativeEngine().topk(items, c.n, c.d, queries, c.q, 4000, { bias, threads: 1000 })
    expect(firstDifference(out, expected)).toBeNull()
  })

  it('does not crash on NaN scores and ranks them last', async () => {
    const items = Float32Array.of(1, NaN, 3, 2)
    const out = await createNativeEngine().topk(items, 4, 1, Float32Array.of(1), 1, 4)
    expect(Array.from(out)).toEqual([2, 3, 0, 1])
    expect(Array.from(topkTypeScript(items, 4, 1, Float32Array.of(1), 1, 4))).toEqual([2, 3, 0, 1])
  })

  it('returns an empty result for zero queries', async () => {
    const out = await createNativeEngine().topk(Float32Array.of(1, 2), 2, 1, new Float32Array(0), 0, 1)
    expect(out.length).toBe(0)
  })

  it('frees a prepared copy at once when asked (once: streamed blocks), and refuses a released one', async () => {
    const c: Case = { kind: 'integer', n: 300, d: 40, q: 20, bias: false, ks: [7], seed: 9 }
    const { items, queries } = caseData(c)
    const engine = createNativeEngine()
    const cached = await engine.topk(items, c.n, c.d, queries, c.q, 7)
    expect(await engine.topk(items.slice(), c.n, c.d, queries, c.q, 7, { once: true })).toEqual(cached)
    const load = loadNative()
    if (!load.ok) throw new Error(load.reason)
    const { addon } = load
    const release = (p: unknown): void => addon.exactRelease?.(p)
    const bytes = (p: unknown): number => addon.exactPreparedBytes?.(p) ?? NaN
    const prepared = addon.exactPrepare(items, c.n, c.d, 0, null, paths[0]!)
    expect(bytes(prepared)).toBeGreaterThan(c.n * c.d)
    const out = new Int32Array(c.q * 7)
    const search = addon.exactTopk(prepared, items, queries, c.q, 7, 1, paths[0]!, out, null, null, null, null)
    expect(() => release(prepared)).toThrow(/still running/)
    await search
    expect(out).toEqual(cached)
    release(prepared)
    release(prepared)
    expect(bytes(prepared)).toBe(0)
    expect(() => addon.exactTopk(prepared, items, queries, c.q, 7, 1, paths[0]!, out, null, null, null, null)).toThrow(
      /released/,
    )
  })
})
