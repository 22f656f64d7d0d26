import { describe, expect, it } from 'vitest'
import { trainAls } from '../../src/train/index.js'
import { fromPairs, plantedClusters } from './fixtures.js'

describe('trainAls weighting', () => {
  const pairs: [number, number, number][] = [
    [0, 0, 3],
    [0, 1, 40],
    [1, 1, 2],
    [1, 2, 7],
    [2, 0, 1],
    [2, 2, 120],
    [3, 3, 5],
  ]
  const opts = { factors: 4, iterations: 4, regularization: 0.1, seed: 2 }

  it('log trains exactly as the log1p-weighted log with no weighting (no duplicate pairs)', () => {
    const a = trainAls(fromPairs(4, 4, pairs), { ...opts, weighting: 'log' })
    const b = trainAls(
      fromPairs(
        4,
        4,
        pairs.map(([u, i, w]) => [u, i, Math.fround(Math.log1p(w))]),
      ),
      opts,
    )
    // The pre-weighted log is stored as float32, so the two agree to float32 rounding of w.
    const da = a.itemFactors.data,
      db = b.itemFactors.data
    for (let p = 0; p < da.length; p++) expect(Math.abs(da[p]! - db[p]!)).toBeLessThan(1e-5)
  })

  it('bm25 changes the factors of a log with unequal weights', () => {
    const { log } = plantedClusters()
    const none = trainAls(log, opts).itemFactors.data
    const bm25 = trainAls(log, { ...opts, weighting: 'bm25' }).itemFactors.data
    expect(none).not.toEqual(bm25)
  })

  it('rejects an unknown weighting', () => {
    expect(() => trainAls(fromPairs(4, 4, pairs), { weighting: 'idf' as never })).toThrow(
      /als: weighting="idf" must be one of none, log, bm25, tfidf/,
    )
  })
})
