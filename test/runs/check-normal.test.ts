/** The library's `checkNormal` returns exactly what `avgcon check-normal --json` prints (golden files). */
import { describe, expect, it } from 'vitest'
import { checkNormal } from '../../src/runs/check-normal.js'
import { golden, masked } from './cases.js'

describe('checkNormal() is `avgcon check-normal --json`', () => {
  it('readme-check-normal: the defaults but d', async () => {
    const run = await checkNormal({ law: 'uniform01', d: [2, 10, 32, 64, 128] })
    expect(masked(run)).toEqual(golden('readme-check-normal'))
  })
  it('check-normal-discrete', async () => {
    const run = await checkNormal({ law: 'rademacher', d: [8, 2], pairs: 5000 })
    expect(masked(run)).toEqual(golden('check-normal-discrete'))
  })
  it('refuses bad options naming the field', async () => {
    await expect(checkNormal({ pairs: 1 })).rejects.toThrow(expect.objectContaining({ field: 'pairs' }))
    await expect(checkNormal({ law: 'student-t(2)' })).rejects.toThrow(/infinite variance/)
  })
})
