import { describe, expect, it } from 'vitest'
import { checkOutputOptions } from '../src/cli/options.js'
import { InputError } from '../src/errors.js'

describe('output flags are checked before any work (issue 13)', () => {
  it('rejects --csv together with --json as a usage error', () => {
    expect(() => checkOutputOptions({ json: true, csv: true })).toThrow(InputError)
    expect(() => checkOutputOptions({ json: true, csv: true })).toThrow(/--csv and --json/)
  })
  it('rejects a --plot file whose format it cannot tell', () => {
    expect(() => checkOutputOptions({ plot: 'figure.pdf' })).toThrow(expect.objectContaining({ field: 'plot' }))
  })
  it('accepts one format and a known plot extension', () => {
    expect(() => checkOutputOptions({ json: true, plot: 'a.svg' })).not.toThrow()
    expect(() => checkOutputOptions({ csv: true, plot: 'a.png' })).not.toThrow()
  })
})
