import { describe, expect, it } from 'vitest'
import { formatTable, pointDigits } from '../src/format.js'
import { quantileOf, rowNorms } from '../src/numeric.js'

describe('ground-level helpers', () => {
  it('rowNorms: exact norms of rows with integer Pythagorean triples', () => {
    const norms = rowNorms({ n: 3, d: 2, data: Float32Array.from([3, 4, 5, 12, 0, 0]) })
    expect(Array.from(norms)).toEqual([5, 13, 0])
  })

  it("quantileOf: numpy's linear rule (position q (n - 1))", () => {
    const v = [1, 2, 4, 8]
    expect(quantileOf(v, 0)).toBe(1)
    expect(quantileOf(v, 1)).toBe(8)
    expect(quantileOf(v, 0.5)).toBe(3) // numpy.quantile([1, 2, 4, 8], 0.5) = 3.0
    expect(quantileOf(v, 0.9)).toBeCloseTo(6.8, 12) // position 2.7: 4 + 0.7 * 4
    expect(quantileOf([], 0.5)).toBeNaN()
  })

  it('formatTable aligns columns; pointDigits follows the tightest interval', () => {
    expect(formatTable([{ header: 'k' }, { header: 'name', align: 'left' }], [['10', 'a']])).toBe(
      ' k  name\n--  ----\n10  a\n',
    )
    expect(pointDigits([{ ciLow: 0.4, ciHigh: 0.6 }])).toBe(3)
    expect(pointDigits([{ ciLow: 0.5, ciHigh: 0.5004 }])).toBe(5) // half-width 2e-4: ceil(3.7) + 1 digits
  })
})
