/**
 * The npy header is read as the Python literal it is (numpy uses
 * ast.literal_eval). Expected verdicts below were taken from numpy 2.4's
 * np.load on the same header text; a string value containing a fake 'shape',
 * 'descr', braces or quotes must never change the shape that is read.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { parseNpyDict } from '../../src/io/npy-header.js'

const parse = (text: string): number[] | null => {
  try {
    return parseNpyDict('x.npy', Buffer.from(text, 'latin1'), '1.0', 64).shape
  } catch (error) {
    if (error instanceof InputError) {
      expect(error.message.startsWith('x.npy: ')).toBe(true)
      expect(error.message).toMatch(/re-save|convert|re-create|save a plain/)
      return null
    }
    throw error
  }
}

// [header, shape numpy reads, or null where numpy.load raises]
const NUMPY_VERDICTS: [string, number[] | null][] = [
  ["{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", [2, 3]],
  ["{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': \"'shape': (9, 9)\"}", null],
  ["{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)} ", [2, 3]],
  ["{'fortran_order': False, 'shape': (2, 3), 'descr': '<f4'}", [2, 3]],
  ['{"descr": "<f4", "fortran_order": False, "shape": (2,3)}', [2, 3]],
  ["{'descr': '<f4', 'fortran_order': False, 'shape': (6,)}", [6]],
  ["{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L)}", [2, 3]],
  ["{'descr': '<f4', 'fortran_order': False, 'shape': (6)}", null],
  ["{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3]}", null],
  ["{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3)}", null],
  ["{'descr': '<f4', 'fortran_order': False}", null],
  ["{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)", null],
  ["{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)} x", null],
  ["{'descr': 'it\\'s', 'fortran_order': False, 'shape': (2, 3)}", null],
  ["{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3)}", null],
  ["{'descr': '<f4' 'fortran_order': False, 'shape': (2, 3)}", null],
  ["{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3,)}", [2, 3]],
  ["{'descr': '<f4', 'fortran_order': False, 'shape': ()}", []],
  // Python dicts keep the last of a repeated key; numpy then reads shape (9, 9).
  ["{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'shape': (9, 9)}", [9, 9]],
]

/** A Python string literal for `s` (what repr would write, single-quoted). */
const pyRepr = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`

describe('npy header literal', () => {
  it.each(NUMPY_VERDICTS)('%s', (header, expected) => {
    expect(parse(header)).toEqual(expected)
  })

  it('a string value full of fake keys, braces and quotes never changes the shape (seeded fuzz)', () => {
    const junk = fc
      .array(
        fc.constantFrom("'", '"', '\\', '{', '}', '(', ')', ',', ':', "'shape'", "'descr'", ' (9, 9)', '<f8', 'x'),
        {
          maxLength: 12,
        },
      )
      .map((parts) => parts.join(''))
    fc.assert(
      fc.property(junk, fc.constantFrom('descr', 'shape', 'fortran_order'), fc.boolean(), (text, slot, asKey) => {
        const fields: Record<string, string> = { descr: "'<f4'", fortran_order: 'False', shape: '(2, 3)' }
        if (asKey) {
          // An extra key: numpy refuses the header ("does not contain the correct keys").
          const header = `{${Object.entries(fields)
            .map(([k, v]) => `'${k}': ${v}`)
            .join(', ')}, ${pyRepr(text)}: 1}`
          expect(parse(header)).toBeNull()
        } else {
          // The junk replaces one value, as a string: only the real fields decide.
          fields[slot] = pyRepr(text)
          const header = `{${Object.entries(fields)
            .map(([k, v]) => `'${k}': ${v}`)
            .join(', ')}}`
          const shape = parse(header)
          if (slot !== 'descr' || !/^[<>=|]f[248]$/.test(text)) expect(shape).toBeNull()
          else expect(shape).toEqual([2, 3])
        }
      }),
      { seed: 11, numRuns: 400 },
    )
  })
})
