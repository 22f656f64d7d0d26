import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { engineRowBytes, outOfCoreLayout } from '../../src/estimate/out-of-core.js'
import { sampleSubset, StampSet } from '../../src/estimate/sampler.js'
import { rng } from '../../src/rng.js'
import { loadNative } from '../../src/search/native-engine.js'

describe('the out-of-core plan stays within --memory', () => {
  it('holds for many n, d, k, budgets, buffers and reserved bytes', () => {
    let checked = 0
    for (const n of [10, 1000, 2e7, 2.5e8])
      for (const d of [2, 32, 128, 1024])
        for (const kMax of [1, 20, 500])
          for (const memory of [2 ** 14, 2 ** 20, 3e6, 2 ** 29, 2 ** 30, 2 ** 33])
            for (const reserved of [0, 4e5, 1e8])
              for (const buffers of [1, 2] as const) {
                let layout
                try {
                  layout = outOfCoreLayout(n, d, kMax, memory, { buffers, reserved, queries: 800, members: 8800 })
                } catch (err) {
                  expect(err).toBeInstanceOf(InputError)
                  expect((err as Error).message).toMatch(/--memory .* is too small: .* need at least /)
                  continue
                }
                checked++
                expect(layout.total).toBeLessThanOrEqual(memory)
                expect(layout.blockRows).toBeGreaterThanOrEqual(1)
                expect(layout.gatherRows).toBeGreaterThanOrEqual(kMax)
                // The plan counts what it claims: the buffers, the engine's rows, the gathered rows, the queries.
                expect(layout.total).toBeGreaterThanOrEqual(reserved + layout.blockRows * layout.buffers * d * 4)
              }
    expect(checked).toBeGreaterThan(500)
  })

  it('shrinks the blocks by the reserved bytes and refuses, naming the minimum, when they leave no room', () => {
    const free = outOfCoreLayout(2e7, 32, 20, 2 ** 29, { buffers: 2 })
    const held = outOfCoreLayout(2e7, 32, 20, 2 ** 29, { buffers: 2, reserved: 2 ** 27 })
    expect(held.blockRows).toBeLessThan(free.blockRows)
    expect(() => outOfCoreLayout(2e7, 32, 20, 2 ** 27, { reserved: 2 ** 27 })).toThrow(
      /--memory 128 MB is too small: .*128 MB held for the whole run \(the dropped rows' map\) need at least 128 MB/,
    )
  })
})

describe('engineRowBytes', () => {
  const load = loadNative()
  const addon = load.ok && load.addon.exactPreparedBytes && load.addon.exactRelease ? load.addon : undefined
  it.skipIf(!addon)('covers the native prepared copy of a block, every screen and metric, plus the merge', () => {
    const n = 3200
    for (const d of [1, 8, 31, 32, 33, 100, 128, 300]) {
      const items = new Float32Array(n * d).map((_, i) => Math.sin(i))
      for (const screen of ['int8', 'int16', 'none'])
        for (const metric of [0, 1, 2]) {
          const prepared = addon!.exactPrepare(
            items,
            n,
            d,
            metric,
            null,
            screen,
            metric === 2 ? items.subarray(0, d) : null,
          )
          // The merge's exact.ts data: a float64 a row (cosine norms, euclidean bias).
          const perRow = addon!.exactPreparedBytes!(prepared) / n + 8
          addon!.exactRelease!(prepared)
          expect(perRow, `d=${d} ${screen} metric ${metric}`).toBeLessThanOrEqual(engineRowBytes(d))
        }
    }
  })
})

describe('the sampler with O(k) marks', () => {
  it('draws the same sets as with an n-sized array', () => {
    const n = 100_000
    const dense = new Int32Array(n)
    const sparse = new StampSet(50)
    const a = rng(5)
    const b = rng(5)
    for (let s = 1; s <= 2000; s++) {
      const k = 1 + (s % 50)
      const x = new Int32Array(k)
      const y = new Int32Array(k)
      sampleSubset(a, s % 7 === 0 ? k + 3 : n, k, x, dense, s)
      sampleSubset(b, s % 7 === 0 ? k + 3 : n, k, y, sparse, s)
      expect(y).toEqual(x)
      for (const i of x) expect(sparse.has(i, s)).toBe(true)
      expect(sparse.has(n + 1, s)).toBe(false)
    }
    expect(sparse.bytes).toBeLessThanOrEqual(64 * 50)
  })
})
