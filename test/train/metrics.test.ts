import { describe, expect, it } from 'vitest'
import { averageItemEmbeddings, evaluateRanking } from '../../src/train/index.js'
import { fromPairs } from './fixtures.js'

describe('evaluateRanking', () => {
  // One user, five 1-d items scored 5, 4, 3, 3, 1; item 0 is in train.
  const items = { n: 5, d: 1, data: Float32Array.of(5, 4, 3, 3, 1) }
  const user = { n: 1, d: 1, data: Float32Array.of(1) }
  const train = fromPairs(1, 5, [[0, 0]])

  it('computes recall@k and nDCG@k with train items excluded', () => {
    // Ranking without item 0: 1, 2, 3 (tie: lower index first), 4. Relevant: 2 and 4.
    const m = evaluateRanking(
      train,
      fromPairs(1, 5, [
        [0, 2],
        [0, 4],
      ]),
      user,
      items,
      { k: 2 },
    )
    expect(m.recall).toBe(0.5)
    expect(m.ndcg).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 14)
    expect(m.randomRecall).toBe(0.5) // k / candidates = 2 / 4
    expect(m.users).toBe(1)
  })

  it('reports its progress in users ranked, ending at all users', () => {
    const calls: [number, number][] = []
    const test = fromPairs(1, 5, [[0, 2]])
    evaluateRanking(train, test, user, items, { k: 2, progress: (done, total) => calls.push([done, total]) })
    expect(calls.at(-1)).toEqual([1, 1])
  })

  it('scores the most-popular baseline on a planted log by hand', () => {
    // 4 users, 4 items. Train popularity (distinct users): item 2 -> 3, item 1 -> 2, item 0 -> 1, item 3 -> 0.
    const tr = fromPairs(4, 4, [
      [0, 2],
      [1, 2],
      [2, 2],
      [1, 1],
      [2, 1],
      [3, 0],
    ])
    // k = 1. u0 candidates by popularity 1,0,3: top 1 -> hit (test 1). u1 (train 2,1): top 0 -> miss (test 3).
    // u2 (train 2,1): top 0 -> hit (test 0). u3 (train 0): top 2 -> hit of 1 of its 2 relevant (2, 3) -> 0.5.
    const te = fromPairs(4, 4, [
      [0, 1],
      [1, 3],
      [2, 0],
      [3, 2],
      [3, 3],
    ])
    const vecs = { n: 4, d: 1, data: Float32Array.of(1, 1, 1, 1) }
    const m = evaluateRanking(tr, te, vecs, { n: 4, d: 1, data: Float32Array.of(0, 0, 0, 0) }, { k: 1 })
    expect(m.popularityRecall).toBeCloseTo((1 + 0 + 1 + 0.5) / 4, 14)
  })

  it('breaks ties to the lower index at the k-th place', () => {
    expect(evaluateRanking(train, fromPairs(1, 5, [[0, 2]]), user, items, { k: 2 }).recall).toBe(1)
    expect(evaluateRanking(train, fromPairs(1, 5, [[0, 3]]), user, items, { k: 2 }).recall).toBe(0)
  })

  it('skips users whose test items are all in train or who have none', () => {
    const m = evaluateRanking(
      fromPairs(2, 5, [
        [0, 0],
        [1, 1],
      ]),
      fromPairs(2, 5, [[0, 0]]),
      { n: 2, d: 1, data: Float32Array.of(1, 1) },
      items,
    )
    expect(m).toEqual({ k: 10, recall: 0, ndcg: 0, randomRecall: 0, popularityRecall: 0, users: 0 })
  })

  it('rejects mismatched shapes', () => {
    expect(() => evaluateRanking(train, train, { n: 2, d: 1, data: Float32Array.of(1, 1) }, items)).toThrow(
      'evaluate: 2x1 user vectors and 5x1 items do not match 1 users, 5 items.',
    )
    expect(() => evaluateRanking(train, fromPairs(1, 4, []), user, items)).toThrow(
      'evaluate: train and test must share their users and items (use splitPerUser).',
    )
  })
})

describe('averageItemEmbeddings', () => {
  it('averages the distinct items of each user; zero for an empty user', () => {
    const items = { n: 3, d: 2, data: Float32Array.of(1, 0, 0, 1, 3, 3) }
    const avg = averageItemEmbeddings(
      fromPairs(3, 3, [
        [0, 0],
        [0, 1],
        [0, 1],
        [2, 2],
      ]),
      items,
    )
    expect(Array.from(avg.data)).toEqual([0.5, 0.5, 0, 0, 3, 3])
    expect(() => averageItemEmbeddings(fromPairs(1, 2, []), items)).toThrow(
      'evaluate: 3 item embeddings for a log of 2 items.',
    )
  })
})
