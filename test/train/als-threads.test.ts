/** trainAlsAsync: worker threads over shared memory give factors bit-identical to trainAls, and the same errors. */
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import type { Interactions } from '../../src/io/interactions.js'
import { rng } from '../../src/rng.js'
import { trainAls, trainAlsAsync, type AlsModel, type AlsOptions } from '../../src/train/als.js'
import { rowRanges, triangleRanges } from '../../src/train/als-threads.js'
import { userItemCsr } from '../../src/train/csr.js'
import { finishGram, gram, gramRows } from '../../src/train/dense.js'
import { FitError } from '../../src/train/fit-error.js'
import { fromPairs } from './fixtures.js'

/** `n` seeded random interactions of `users` x `items`, weights 1..5, with duplicates and a skew to low ids. */
function randomLog(users: number, items: number, n: number, seed = 7): Interactions {
  const r = rng(seed)
  const pairs: [number, number, number][] = []
  for (let t = 0; t < n; t++) {
    const u = Math.floor(users * r.next() ** 2)
    const i = Math.floor(items * r.next() ** 1.5)
    pairs.push([u, i, 1 + Math.floor(5 * r.next())])
  }
  // A user and an item with no interactions (their factors shrink to zero).
  return fromPairs(users + 1, items + 1, pairs)
}

function bytes(m: AlsModel): Buffer[] {
  return [m.userFactors.data, m.itemFactors.data].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))
}

function expectIdentical(a: AlsModel, b: AlsModel): void {
  expect(b.userFactors.data).toEqual(a.userFactors.data)
  expect(b.itemFactors.data).toEqual(a.itemFactors.data)
  const [au, ai] = bytes(a)
  const [bu, bi] = bytes(b)
  expect(bu!.equals(au!)).toBe(true)
  expect(bi!.equals(ai!)).toBe(true)
}

const log = randomLog(300, 200, 4000)
const cases: [string, AlsOptions][] = [
  ['cg', { factors: 12, iterations: 3 }],
  ['cg, norm penalty, bm25', { factors: 12, iterations: 3, normPenalty: 0.5, weighting: 'bm25', alpha: 2 }],
  [
    'cholesky, norm penalty, log weighting',
    { factors: 6, iterations: 2, solver: 'cholesky', normPenalty: 1, weighting: 'log' },
  ],
  ['cholesky, tfidf', { factors: 6, iterations: 2, solver: 'cholesky', weighting: 'tfidf', regularization: 0.5 }],
]

describe('trainAlsAsync', () => {
  for (const [name, options] of cases) {
    it(`gives the factors of trainAls for 1, 2 and 3 threads (${name})`, async () => {
      const want = trainAls(log, options)
      for (const threads of [1, 2, 3]) {
        const got = await trainAlsAsync(log, { ...options, threads, threadMinInteractions: 0 })
        expectIdentical(want, got)
      }
    })
  }

  it('runs on the calling thread below the interaction threshold, with the same factors', async () => {
    const options: AlsOptions = { factors: 8, iterations: 2 }
    expectIdentical(trainAls(log, options), await trainAlsAsync(log, { ...options, threads: 2 }))
  })

  it('calls progress once per sweep on the threaded path', async () => {
    const seen: [number, number][] = []
    await trainAlsAsync(log, {
      factors: 4,
      iterations: 3,
      threads: 2,
      threadMinInteractions: 0,
      progress: (d, t) => seen.push([d, t]),
    })
    expect(seen).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ])
  })
})

describe('trainAlsAsync errors', () => {
  it('throws the InputError of trainAls for a bad option or log', async () => {
    const bad = fromPairs(2, 2, [
      [0, 0, 1],
      [1, 1, -2],
    ])
    for (const [x, options] of [
      [bad, { threads: 2, threadMinInteractions: 0 }],
      [log, { threads: 0 }],
      [log, { threads: 2, threadMinInteractions: 0, cgSteps: 0 }],
    ] as [Interactions, AlsOptions][]) {
      let want: unknown
      try {
        trainAls(x, options)
      } catch (e) {
        want = e
      }
      expect(want).toBeInstanceOf(InputError)
      const got = await trainAlsAsync(x, options).catch((e: unknown) => e)
      expect(got).toBeInstanceOf(InputError)
      expect((got as InputError).message).toBe((want as InputError).message)
    }
  })

  it('rethrows a FitError raised inside a worker with the class and message of trainAls', async () => {
    // Three users span at most 3 of 8 dimensions: with lambda = 0 the item systems are singular.
    const pairs: [number, number][] = []
    for (let u = 0; u < 3; u++) for (let i = 0; i < 40; i++) if ((u + i) % 2 === 0) pairs.push([u, i])
    const x = fromPairs(3, 40, pairs)
    const options: AlsOptions = { factors: 8, iterations: 1, solver: 'cholesky', regularization: 0 }
    let want: unknown
    try {
      trainAls(x, options)
    } catch (e) {
      want = e
    }
    expect(want).toBeInstanceOf(FitError)
    for (const threads of [2, 3]) {
      const got = await trainAlsAsync(x, { ...options, threads, threadMinInteractions: 0 }).catch((e: unknown) => e)
      expect(got).toBeInstanceOf(FitError)
      expect((got as FitError).message).toBe((want as FitError).message)
    }
  })

  it('cuts rows into contiguous ranges that cover every row once', () => {
    const m = userItemCsr(log)
    for (const parts of [1, 2, 3, 7, 1000]) {
      const ranges = rowRanges(m, 12, parts)
      expect(ranges.length).toBeLessThanOrEqual(parts)
      expect(ranges[0]![0]).toBe(0)
      expect(ranges.at(-1)![1]).toBe(m.rows)
      for (let k = 1; k < ranges.length; k++) expect(ranges[k]![0]).toBe(ranges[k - 1]![1])
      for (const [lo, hi] of ranges) expect(hi).toBeGreaterThan(lo)
    }
  })

  it('splits the Gram matrix by triangle rows with the values of gram, bit for bit', () => {
    const r = rng(3)
    const n = 57,
      d = 13
    const y = Float64Array.from({ length: n * d }, (_, p) => (p % 5 === 0 ? 0 : r.next() - 0.5))
    const want = gram(y, n, d, 0.7)
    for (const parts of [1, 2, 3, 5, 40]) {
      const ranges = triangleRanges(d, parts)
      expect(ranges[0]![0]).toBe(0)
      expect(ranges.at(-1)![1]).toBe(d)
      const g = new Float64Array(d * d)
      for (const [lo, hi] of ranges) gramRows(y, n, d, g, lo, hi)
      finishGram(g, d, 0.7)
      expect(Buffer.from(g.buffer).equals(Buffer.from(want.buffer))).toBe(true)
    }
  })
})
