import { describe, expect, it } from 'vitest'
import { decideLayout, guessDelimiter } from '../../src/io/delimited-layout.js'

describe('guessDelimiter', () => {
  it('prefers tab, then comma, then runs of spaces', () => {
    expect(guessDelimiter('a\t1,5\t2')).toBe('\t')
    expect(guessDelimiter('a,1 ,2')).toBe(',')
    expect(guessDelimiter('a 1  2')).toBe('whitespace')
  })

  it('picks the delimiter that splits both lines alike, so ids may hold commas or spaces', () => {
    expect(guessDelimiter('a,b 1 2', 'c 3 4')).toBe('whitespace')
    expect(guessDelimiter('a,b 1 2', 'c,d 3 4')).toBe('whitespace')
    expect(guessDelimiter('new york,1,2', 'paris,3,4')).toBe(',')
    expect(guessDelimiter('id x y', 'a 1 2')).toBe('whitespace')
    expect(guessDelimiter('a b\t1\t2', 'c\t3\t4')).toBe('\t')
  })
})

describe('decideLayout', () => {
  const cases: [string, string, string | undefined, boolean, boolean][] = [
    // [what, line 1, line 2, header, id column]
    ['a plain matrix', '0.1,0.2', '0.3,0.4', false, false],
    ['ids without a header', 'item_1,0.1,0.2', 'item_2,0.3,0.4', false, true],
    ['a header without ids', 'x,y', '0.1,0.2', true, false],
    ['a header over ids', 'id,x,y', 'item_1,0.1,0.2', true, true],
    ['a header naming an id column of numbers', 'id,x,y', '42,0.1,0.2', true, true],
    ['a word column of numbers', 'word,x,y', '7,0.1,0.2', true, true],
    ['pandas to_csv(): empty index name, integer column names', ',0,1', '0,0.1,0.2', true, true],
    ['pandas to_csv(index=False): integer column names', '0,1,2', '0.5,0.25,-1.5', true, false],
    ['integer data is not a counting header', '0,1,2', '3,4,5', false, false],
    ['a header naming a non-id first column', 'user,x', '42,0.5', true, false],
    ['a single row with an id', 'a,1,2', undefined, false, true],
    ['a single row of numbers', '1,2', undefined, false, false],
    ['a lone header', 'x,y', undefined, true, false],
    ['NaN and inf are numbers, not a header', 'nan,inf', '1,2', false, false],
  ]
  for (const [what, first, second, header, idColumn] of cases) {
    it(`guesses ${what}`, () => {
      expect(decideLayout(first, second, {})).toEqual({ delimiter: ',', header, idColumn })
    })
  }

  it('lets options override each guess', () => {
    expect(decideLayout('42,0.1', '43,0.2', { idColumn: true })).toEqual({
      delimiter: ',',
      header: false,
      idColumn: true,
    })
    expect(decideLayout('x,y', '1,2', { header: false, idColumn: false })).toEqual({
      delimiter: ',',
      header: false,
      idColumn: false,
    })
    expect(decideLayout('a b', '1 2', { delimiter: 'whitespace', header: true })).toEqual({
      delimiter: 'whitespace',
      header: true,
      idColumn: false,
    })
  })
})
