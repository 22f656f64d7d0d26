import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { checkEstimateOptions } from '../../src/estimate/consistency.js'
import { cliMessage, flagOf } from '../../src/cli/flags.js'

describe('library errors name a field; the CLI names its flag', () => {
  it('maps fields to flags', () => {
    expect(flagOf('ks')).toBe('--k')
    expect(flagOf('maxSamples')).toBe('--max-samples')
    expect(flagOf('ci')).toBe('--ci')
  })

  it('speaks as the module in the library and as the flag in the CLI', () => {
    let caught: unknown
    try {
      checkEstimateOptions(10, { ks: [2, 11] })
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(InputError)
    const err = caught as InputError
    expect(err.message).toBe('estimate: set size k=11 exceeds the number of items N=10; use k <= 10.')
    expect(err.field).toBe('ks')
    expect(cliMessage(err)).toBe('--k: set size k=11 exceeds the number of items N=10; use k <= 10.')
  })

  it('leaves an error about no option as it is', () => {
    const err = new InputError('items.npy: row 3, column 2 is NaN; every value must be finite.')
    expect(cliMessage(err)).toBe(err.message)
    expect(new InputError('x', { module: 'theory' }).message).toBe('theory: x')
  })

  it('prints the flags of options a library message names in backticks, without repeating the one at fault', async () => {
    const { theory } = await import('../../src/runs/theory.js')
    const err = (await theory({ perDim: true }).catch((e: unknown) => e)) as InputError
    expect(err.message).toBe('theory: `perDim` only applies to moments measured on embeddings (`from`).')
    expect(cliMessage(err)).toBe('--per-dim only applies to moments measured on embeddings (--from).')
    const both = new InputError('give one source of moments, not `law` and `moments`.', {
      module: 'theory',
      field: 'moments',
    })
    expect(cliMessage(both)).toBe('give one source of moments, not --law and --moments.')
    expect(cliMessage(new InputError('use `maxSamples` above `samples`.'))).toBe('use --max-samples above --samples.')
  })
})
