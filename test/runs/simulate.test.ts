/** The library's `simulate` returns exactly what `avgcon simulate --json` prints (golden files). */
import { describe, expect, it } from 'vitest'
import { simulate } from '../../src/runs/simulate.js'
import { golden, masked } from './cases.js'

describe('simulate() is `avgcon simulate --json`', () => {
  it('readme-simulate', async () => {
    const run = await simulate({ law: 'normal', n: 1000, d: 128, k: '2..50:8' })
    expect(masked(run)).toEqual(golden('readme-simulate'))
  })
  it('simulate-grid-ci: a grid of N and d, adaptive', async () => {
    const run = await simulate({ law: 'rademacher', n: [1000, 500], d: [16, 32], k: [2, 5], ci: 0.05 })
    expect(masked(run)).toEqual(golden('simulate-grid-ci'))
  })
  it('refuses bad options naming the field', async () => {
    await expect(simulate({ n: [1000, 1.5] })).rejects.toThrow(expect.objectContaining({ field: 'n' }))
    await expect(simulate({ dataSeed: -1 })).rejects.toThrow(expect.objectContaining({ field: 'dataSeed' }))
    await expect(simulate({ law: 'student-t(3)' })).rejects.toThrow(/nu > 4/)
  })
})
