import { describe, expect, it } from 'vitest'
import { countUntrained, splitPerUser } from '../../src/train/index.js'
import { fromPairs, plantedClusters } from './fixtures.js'

describe('countUntrained', () => {
  it('counts the items of the vocabulary no interaction touches', () => {
    // 5 items; interactions touch 0, 2 (twice) and 4: items 1 and 3 are untrained.
    const log = fromPairs(2, 5, [
      [0, 0],
      [0, 2],
      [1, 2],
      [1, 4],
    ])
    expect(countUntrained(log)).toBe(2)
  })

  it('is 0 when every item is touched, and the item count for an empty log', () => {
    expect(
      countUntrained(
        fromPairs(1, 3, [
          [0, 0],
          [0, 1],
          [0, 2],
        ]),
      ),
    ).toBe(0)
    expect(countUntrained(fromPairs(1, 3, []))).toBe(3)
  })

  it('counts what a split leaves only on the test side', () => {
    // Few users per item, so some items fall on the test side only.
    const { log } = plantedClusters({ clusters: 2, perCluster: 20, users: 12, perUser: 4, seed: 2 })
    const { train, test } = splitPerUser(log, { fraction: 0.5, seed: 1 })
    const inTrain = new Set(train.item)
    const onlyTest = new Set([...test.item].filter((i) => !inTrain.has(i)))
    const never = log.items.length - new Set([...train.item, ...test.item]).size
    expect(onlyTest.size + never).toBeGreaterThan(0)
    expect(countUntrained(train)).toBe(onlyTest.size + never)
  })
})
