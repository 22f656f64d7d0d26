import { describe, expect, it } from 'vitest'
import { csrFromCoo } from '../../src/train/csr.js'
import { weightMatrix } from '../../src/train/weighting.js'

// 4 users x 3 items. Item 0: users 0,1 (df 2); item 1: user 0 (df 1); item 2: users 1,2,3 (df 3).
// u0: (0,2) (1,6); u1: (0,1) (2,3); u2: (2,4); u3: (2,4). Lengths 8,4,4,4, mean 5.
const log = csrFromCoo(
  4,
  3,
  Int32Array.from([0, 0, 1, 1, 2, 3]),
  Int32Array.from([0, 1, 0, 2, 2, 2]),
  [2, 6, 1, 3, 4, 4],
)
const idf = [Math.log(4 / 3), Math.log(4 / 2), Math.max(0, Math.log(4 / 4))] // ln U - ln(1 + df)

describe('weightMatrix (hand-computed, tolerance 1e-12)', () => {
  it('tfidf = sqrt(w) * idf', () => {
    const v = weightMatrix(log, 'tfidf').values
    const want = [Math.sqrt(2) * idf[0]!, Math.sqrt(6) * idf[1]!, 1 * idf[0]!, 0, 0, 0]
    want.forEach((x, q) => expect(v[q]).toBeCloseTo(x, 12))
  })

  it('bm25 with K1 = 100, B = 0.8', () => {
    const v = weightMatrix(log, 'bm25').values
    const norm = (len: number) => 0.2 + (0.8 * len) / 5 // u0: 1.48, others 0.84
    const bm = (w: number, len: number, i: number) => ((w * 101) / (100 * norm(len) + w)) * idf[i]!
    expect(v[0]).toBeCloseTo(bm(2, 8, 0), 12) // 202 / 150 * ln(4/3)
    expect(v[0]).toBeCloseTo((202 / 150) * Math.log(4 / 3), 12)
    expect(v[1]).toBeCloseTo((606 / 154) * Math.log(2), 12)
    expect(v[2]).toBeCloseTo((101 / 85) * Math.log(4 / 3), 12)
    expect(v[3]).toBe(0) // item 2 (3 of 4 users): idf ln(4/4) = 0
  })

  it('bm25 with other K1, B', () => {
    // K1 = 1, B = 0: w * 2 / (1 + w) * idf.
    const v = weightMatrix(log, 'bm25', { k1: 1, b: 0 }).values
    expect(v[1]).toBeCloseTo(((6 * 2) / 7) * Math.log(2), 12)
  })

  it('log = log1p(w), none = w, and the input is untouched', () => {
    expect(Array.from(weightMatrix(log, 'log').values)).toEqual([2, 6, 1, 3, 4, 4].map(Math.log1p))
    expect(Array.from(weightMatrix(log, 'none').values)).toEqual([2, 6, 1, 3, 4, 4])
    expect(Array.from(log.values)).toEqual([2, 6, 1, 3, 4, 4])
  })

  it('floors a negative idf at 0 (an item every user consumed)', () => {
    const all = csrFromCoo(2, 1, Int32Array.from([0, 1]), Int32Array.from([0, 0]), [1, 1])
    expect(Array.from(weightMatrix(all, 'tfidf').values)).toEqual([0, 0])
  })

  it('rejects an unknown scheme', () => {
    expect(() => weightMatrix(log, 'idf' as never)).toThrow(/weighting: scheme="idf" must be one of/)
  })
})
