import { describe, expect, it } from 'vitest'
import { describe as describeValues } from '../../src/diagnose/index.js'
import { rowNorms } from '../../src/estimate/metric.js'
import { interactionsFromRows } from '../../src/io/interactions.js'
import { rng } from '../../src/rng.js'
import { trainAls } from '../../src/train/index.js'

/** 300 users each consume 15 distinct items drawn with Zipf(0.9) popularity over 120 items. */
function zipfLog() {
  const r = rng(21)
  const weights = Array.from({ length: 120 }, (_, i) => 1 / (i + 1) ** 0.9)
  const total = weights.reduce((a, b) => a + b, 0)
  const rows: [string, string][] = []
  for (let u = 0; u < 300; u++) {
    const seen = new Set<number>()
    while (seen.size < 15) {
      let x = r.next() * total,
        i = 0
      while (x > weights[i]! && i < 119) x -= weights[i++]!
      seen.add(i)
    }
    for (const i of seen) rows.push([`u${u}`, `i${i}`])
  }
  return interactionsFromRows(rows)
}

describe('trainAls normPenalty (item-norm spread regulariser)', () => {
  const log = zipfLog()
  const base = { factors: 8, iterations: 8, regularization: 1, seed: 4 }

  it('at strength 0 reproduces plain ALS bit for bit, for both solvers', () => {
    for (const solver of ['cg', 'cholesky'] as const) {
      const plain = trainAls(log, { ...base, solver })
      const zero = trainAls(log, { ...base, solver, normPenalty: 0 })
      expect(zero.itemFactors.data).toEqual(plain.itemFactors.data)
      expect(zero.userFactors.data).toEqual(plain.userFactors.data)
    }
  })

  it('larger strengths shrink the spread of item norms toward the i.i.d. setting', () => {
    const cv = [0, 3, 30].map(
      (s) => describeValues(rowNorms(trainAls(log, { ...base, normPenalty: s }).itemFactors)).cv,
    )
    expect(cv[1]!).toBeLessThan(cv[0]!)
    expect(cv[2]!).toBeLessThan(cv[1]!)
    expect(cv[2]!).toBeLessThan(0.5 * cv[0]!)
  })

  it('CG and exact solves agree closely with the penalty on', () => {
    const cg = trainAls(log, { ...base, normPenalty: 3, cgSteps: 8 })
    const exact = trainAls(log, { ...base, normPenalty: 3, solver: 'cholesky' })
    const a = describeValues(rowNorms(cg.itemFactors)),
      b = describeValues(rowNorms(exact.itemFactors))
    expect(Math.abs(a.cv - b.cv)).toBeLessThan(0.05)
  })

  it('rejects a negative strength', () => {
    expect(() => trainAls(log, { normPenalty: -1 })).toThrow('als: normPenalty=-1 must be a finite number >= 0.')
  })
})
