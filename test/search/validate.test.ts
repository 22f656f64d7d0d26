import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { loadEngine } from '../../src/search/index.js'
import { validateTopKArgs } from '../../src/search/validate.js'

const items = new Float32Array(10 * 3),
  queries = new Float32Array(2 * 3)

describe('validateTopKArgs', () => {
  it.each([
    ['k above n', () => validateTopKArgs(items, 10, 3, queries, 2, 12), 'search: k=12 exceeds item count 10'],
    ['k zero', () => validateTopKArgs(items, 10, 3, queries, 2, 0), 'search: k=0 must be a positive integer'],
    ['k fractional', () => validateTopKArgs(items, 10, 3, queries, 2, 1.5), 'search: k=1.5 must be a positive integer'],
    ['n zero', () => validateTopKArgs(items, 0, 3, queries, 2, 1), 'search: n=0 must be a positive integer'],
    ['d zero', () => validateTopKArgs(items, 10, 0, queries, 2, 1), 'search: d=0 must be a positive integer'],
    ['q negative', () => validateTopKArgs(items, 10, 3, queries, -1, 1), 'search: q=-1 must be a non-negative integer'],
    [
      'items length',
      () => validateTopKArgs(items, 9, 3, queries, 2, 1),
      'search: items has 30 values, expected n*d = 27',
    ],
    [
      'queries length',
      () => validateTopKArgs(items, 10, 3, queries, 3, 1),
      'search: queries has 6 values, expected q*d = 9',
    ],
    [
      'bias length',
      () => validateTopKArgs(items, 10, 3, queries, 2, 1, { bias: new Float32Array(9) }),
      'search: bias has 9 values, expected n = 10',
    ],
    [
      'threads zero',
      () => validateTopKArgs(items, 10, 3, queries, 2, 1, { threads: 0 }),
      'search: threads=0 must be a positive integer',
    ],
    [
      'n too large',
      () => validateTopKArgs(items, 2 ** 31, 3, queries, 2, 1),
      'search: n=2147483648 exceeds the engine limit 2147483647',
    ],
    [
      'items type',
      // @ts-expect-error testing invalid input
      () => validateTopKArgs(new Float64Array(30), 10, 3, queries, 2, 1),
      'search: items must be a Float32Array',
    ],
    [
      'queries type',
      // @ts-expect-error testing invalid input
      () => validateTopKArgs(items, 10, 3, Array.from(queries), 2, 1),
      'search: queries must be a Float32Array',
    ],
    [
      'bias type',
      // @ts-expect-error testing invalid input
      () => validateTopKArgs(items, 10, 3, queries, 2, 1, { bias: [1] }),
      'search: bias must be a Float32Array',
    ],
  ])('rejects %s', (_, call, message) => {
    expect(call).toThrow(InputError)
    expect(call).toThrow(message)
  })

  it('accepts a valid call, including zero queries and k = n', () => {
    expect(() =>
      validateTopKArgs(items, 10, 3, queries, 2, 10, { threads: 3, bias: new Float32Array(10) }),
    ).not.toThrow()
    expect(() => validateTopKArgs(items, 10, 3, new Float32Array(0), 0, 1)).not.toThrow()
  })
})

describe('engines from loadEngine validate once at the boundary', () => {
  it.each(['typescript', 'auto'] as const)('%s rejects k > n as an InputError', async (preference) => {
    const engine = loadEngine(preference)
    await expect(engine.topk(items, 10, 3, queries, 2, 12)).rejects.toThrow(
      new InputError('search: k=12 exceeds item count 10'),
    )
  })
})
