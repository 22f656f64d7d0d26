import { describe, expect, it } from 'vitest'
import { generate } from '../../src/synthetic/index.js'
import { pairwiseAt } from '../../src/theory/pairwise.js'

describe('pairwiseAt', () => {
  it('counts wins and ties over the draws, reproducibly', () => {
    const e = generate('normal', 200, 8, 1)
    const a = pairwiseAt(e, 3, 500, 0, 0.7)
    expect(a.wins + a.ties).toBeLessThanOrEqual(500)
    expect(a.empirical).toBe((a.wins + a.ties / 2) / 500)
    expect(a.ciLow).toBeLessThan(a.empirical)
    expect(a.empirical).toBeGreaterThan(0.5) // an item of U leans towards mu_U
    expect(pairwiseAt(e, 3, 500, 0, 0.7)).toEqual(a)
  })
  it('all ties on identical rows', () => {
    const e = { n: 5, d: 2, data: new Float32Array(10).fill(1) }
    expect(pairwiseAt(e, 2, 50, 0, 0.5)).toMatchObject({ wins: 0, ties: 50, empirical: 0.5 })
  })
})
