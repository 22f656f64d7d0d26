import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf'
import { describe, expect, it } from 'vitest'
import { sampleSubset, streamSeed } from '../../src/estimate/sampler.js'
import { rng } from '../../src/rng.js'

// Under uniform sampling the Pearson statistic is asymptotically chi-square with
// (cells - 1) degrees of freedom; at a fixed seed we require p > 0.001, so a correct
// sampler fails this with probability 0.1 % over seeds, and this seed is fixed.
const P_MIN = 0.001

function draw(n: number, k: number, sets: number, seed: number): Int32Array[] {
  const r = rng(seed)
  const seen = new Int32Array(n)
  const out: Int32Array[] = []
  for (let s = 0; s < sets; s++) {
    const set = new Int32Array(k)
    sampleSubset(r, n, k, set, seen, s + 1)
    out.push(set)
  }
  return out
}

function pValue(counts: number[], expected: number): number {
  const stat = counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0)
  return 1 - chisquareCdf(stat, counts.length - 1)
}

describe('Floyd subset sampler', () => {
  const n = 20
  const k = 5
  const sets = draw(n, k, 40_000, 7)

  it('never puts an item twice in a set and stays in range', () => {
    const bad = sets.filter((set) => new Set(set).size !== k || set.some((i) => i < 0 || i >= n))
    expect(bad).toEqual([])
  })

  it('draws every item equally often (chi-square)', () => {
    const counts = new Array(n).fill(0)
    for (const set of sets) for (const i of set) counts[i]++
    expect(pValue(counts, (sets.length * k) / n)).toBeGreaterThan(P_MIN)
  })

  it('draws every pair equally often (chi-square)', () => {
    const counts = new Array((n * (n - 1)) / 2).fill(0)
    const pairIndex = (a: number, b: number): number => (b * (b - 1)) / 2 + a
    for (const set of sets) {
      const s = [...set].sort((a, b) => a - b)
      for (let x = 0; x < k; x++) for (let y = x + 1; y < k; y++) counts[pairIndex(s[x]!, s[y]!)]++
    }
    // P(a given pair is in a k-subset) = k(k-1) / (n(n-1)).
    expect(pValue(counts, (sets.length * k * (k - 1)) / (n * (n - 1)))).toBeGreaterThan(P_MIN)
  })

  it('detects a biased sampler (the test can fail)', () => {
    const counts = new Array(n).fill(0)
    for (const set of sets) for (const i of set) counts[Math.min(i, n - 2)]++ // item n-1 never counted
    expect(pValue(counts, (sets.length * k) / n)).toBeLessThan(P_MIN)
  })

  it('takes k = n and k = 1', () => {
    const [all] = draw(6, 6, 1, 1)
    expect([...all!].sort()).toEqual([0, 1, 2, 3, 4, 5])
    expect(draw(6, 1, 1, 1)[0]!.length).toBe(1)
  })

  it('gives each k its own stream, independent of the other k values', () => {
    expect(streamSeed(0, 5)).toBe(streamSeed(0, 5))
    expect(streamSeed(0, 5)).not.toBe(streamSeed(0, 6))
    expect(streamSeed(1, 5)).not.toBe(streamSeed(0, 5))
  })
})
