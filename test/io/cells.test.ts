import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseNumberCell, splitCells, splitWhitespace } from '../../src/io/cells.js'
import { formatFloat32 } from '../../src/io/float-text.js'
import './helpers.js' // fixed fast-check seed

describe('splitCells', () => {
  it('splits on one character, keeping empty cells', () => {
    expect(splitCells('a,,1.5,', ',')).toEqual(['a', '', '1.5', ''])
    expect(splitCells('a\tb c\t1', '\t')).toEqual(['a', 'b c', '1'])
  })

  it('unquotes "..." cells, with "" as one quote and the delimiter allowed inside', () => {
    expect(splitCells('"item, 1",0.5,"2"', ',')).toEqual(['item, 1', '0.5', '2'])
    expect(splitCells('"say ""hi""",1', ',')).toEqual(['say "hi"', '1'])
    expect(splitCells('"",1', ',')).toEqual(['', '1'])
  })

  it('returns null for a quote never closed', () => {
    expect(splitCells('"item 1,0.5', ',')).toBeNull()
  })

  it('splits on runs of ASCII spaces and tabs only, ignoring both ends', () => {
    expect(splitWhitespace('  a \t b   1.5  ')).toEqual(['a', 'b', '1.5'])
    expect(splitWhitespace('new\u00a0york 1')).toEqual(['new\u00a0york', '1'])
    expect(splitWhitespace('   ')).toEqual([])
    expect(splitCells('"a b" 1', 'whitespace')).toEqual(['"a', 'b"', '1'])
  })
})

describe('parseNumberCell', () => {
  it('reads numbers, and the NaN and infinity spellings of numpy, C and R', () => {
    expect(parseNumberCell(' 1.5e3 ')).toBe(1500)
    expect(parseNumberCell('-0')).toBe(-0)
    for (const nan of ['nan', 'NaN', '-nan', 'NAN', 'nan(ind)']) expect(parseNumberCell(nan)).toBeNaN()
    for (const inf of ['inf', 'Inf', '+inf', 'Infinity', 'infinity']) expect(parseNumberCell(inf)).toBe(Infinity)
    expect(parseNumberCell('-inf')).toBe(-Infinity)
    expect(parseNumberCell('-Infinity')).toBe(-Infinity)
  })

  it('refuses text and empty cells (which Number() would read as 0)', () => {
    for (const text of ['', '  ', 'abc', 'item_3', '1.5.2', 'nanx', '1,5'])
      expect(parseNumberCell(text)).toBeUndefined()
  })
})

describe('formatFloat32', () => {
  it('prints the shortest text that reads back to the same float32', () => {
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1')
    expect(formatFloat32(1.5)).toBe('1.5')
    expect(formatFloat32(100)).toBe('1e+2')
    expect(formatFloat32(-0)).toBe('-0')
    expect(formatFloat32(Math.fround(1 / 3))).toBe('0.33333334')
    expect(formatFloat32(3.4028234663852886e38)).toBe('3.4028235e+38')
    expect(formatFloat32(2 ** -149)).toBe('1e-45')
  })

  it('round-trips every float32 bit pattern it is given, in at most 9 digits', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = formatFloat32(value)
        expect(Object.is(Math.fround(Number(text)), value)).toBe(true)
        expect(text.replace(/^-|e.*$|\./g, '').replace(/^0+/, '').length).toBeLessThanOrEqual(9)
      }),
      { numRuns: 20000 },
    )
  })
})
