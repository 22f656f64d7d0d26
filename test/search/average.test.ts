import { describe, expect, it } from 'vitest'
import { estimateConsistency } from '../../src/estimate/consistency.js'
import { averageAt, searchSpace } from '../../src/estimate/metric.js'
import { rng } from '../../src/rng.js'
import { loadEngine, nativeAvailable } from '../../src/search/index.js'
import type { Engine } from '../../src/search/engine.js'

const hasNative = nativeAvailable()

function gaussian(n: number, d: number, seed: number) {
  const r = rng(seed)
  return { n, d, data: Float32Array.from({ length: n * d }, () => r.normal() * (1 + 3 * r.next())) }
}

describe.skipIf(!hasNative)('native averageRows (skipped: native kernel not built)', () => {
  const engine = loadEngine('native')

  it('equals averageAt bit for bit: the sum for dot and cosine, the mean for euclidean', () => {
    const e = gaussian(300, 37, 1)
    const r = rng(2)
    const stride = 9
    const counts = Int32Array.from({ length: 50 }, () => 1 + r.int(stride))
    const sets = Int32Array.from({ length: 50 * stride }, () => r.int(300))
    for (const metric of ['dot', 'cosine', 'euclidean'] as const) {
      const space = searchSpace(e, metric)
      const fast = new Float32Array(50 * 37)
      engine.averageRows!(space.items, 300, 37, sets, stride, counts, space.rowScale, fast, metric !== 'euclidean')
      const slow = new Float32Array(50 * 37)
      const acc = new Float64Array(37)
      counts.forEach((k, row) => averageAt(space, sets, row * stride, k, slow, row * 37, acc))
      expect(Buffer.from(fast.buffer).equals(Buffer.from(slow.buffer))).toBe(true)
    }
  })

  it('rejects an index outside the matrix instead of reading past it', () => {
    const e = gaussian(10, 4, 1)
    expect(() =>
      engine.averageRows!(
        e.data,
        10,
        4,
        new Int32Array([3, 10]),
        2,
        new Int32Array([2]),
        undefined,
        new Float32Array(4),
      ),
    ).toThrow('average: item index out of range')
  })

  it('gives the estimator the same numbers as the JavaScript averaging', async () => {
    const e = gaussian(2000, 24, 3)
    const withoutFastPath: Engine = { name: 'native-js-averages', topk: engine.topk.bind(engine) }
    for (const metric of ['dot', 'cosine'] as const) {
      const opts = { ks: [2, 7, 15], samples: 300, seed: 5, metric }
      expect(await estimateConsistency(e, { ...opts, engine })).toEqual(
        await estimateConsistency(e, { ...opts, engine: withoutFastPath }),
      )
    }
  })
})
