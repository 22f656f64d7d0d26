import { describe, expect, it } from 'vitest'
import { parseKList } from '../../src/estimate/klist.js'

describe('parseKList', () => {
  it('reads ranges, steps, lists and mixes', () => {
    expect(parseKList('2..5')).toEqual([2, 3, 4, 5])
    expect(parseKList('2..10:4')).toEqual([2, 6, 10])
    expect(parseKList('10,2,5')).toEqual([2, 5, 10])
    expect(parseKList('2..4,20, 3')).toEqual([2, 3, 4, 20])
  })
  it('rejects what it cannot read, with the reason', () => {
    expect(() => parseKList('a')).toThrow('estimate: cannot read "a"; use a list like 2..50, 2..50:4 or 2,5,10.')
    expect(() => parseKList('5..2')).toThrow('estimate: range "5..2" runs backwards; write it as 2..5.')
    expect(() => parseKList('0,3')).toThrow('estimate: set size k=0 is below 1; every k must be at least 1.')
    expect(() => parseKList('2..8:0')).toThrow('estimate: step must be at least 1 in "2..8:0".')
    expect(() => parseKList('-3')).toThrow('cannot read "-3"')
    expect(() => parseKList('')).toThrow('no set size given')
  })
})

describe('parseKList bounds, checked from the range ends before expanding', () => {
  it('refuses a list of more than MAX_K_COUNT sizes at once', () => {
    expect(() => parseKList('2..1000000000')).toThrow(
      /more than 100,000 set sizes; use a step, e\.g\. 2\.\.1000000000:10000000/,
    )
    expect(parseKList('2..1000000000:100000000')).toHaveLength(10)
  })

  it('refuses k above N when N is known', () => {
    expect(() => parseKList('2..50', '--k', 20)).toThrow(
      'estimate: set size 50 in "2..50" exceeds the number of items N=20; use k <= 20.',
    )
    expect(parseKList('2..20', '--k', 20)).toHaveLength(19)
  })
})
