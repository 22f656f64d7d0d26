// Issue 9, engine v2: every int16 screen kernel this build contains (neon on arm64,
// avx512vnni, avx512, avx2, scalar; forced like AVGCON_SCREEN_PATH does) and every int8
// screen kernel (avx512vnni vpdpbusd, scalar) returns the same lists, k-th scores and tie
// counts as float64 brute force (screen "none"), and the same survivor counts as the
// other kernels of its screen, on data whose N and Q are not multiples of the 8 x 32 tile.
import { describe, expect, it } from 'vitest'
import { newTieInfo, type ScoreMetric } from '../../src/search/engine.js'
import { createNativeEngine, loadNative, nativeScreenPaths } from '../../src/search/native-engine.js'
import { rng as seeded } from '../../src/rng.js'

const available = loadNative().ok
const paths = available ? nativeScreenPaths() : []
const paths8 = available ? nativeScreenPaths('int8') : []
const screens = [
  { screen: 'int16', kernels: paths },
  { screen: 'int8', kernels: paths8 },
] as const

function gauss(r: { next(): number }): number {
  return Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next())
}

interface Case {
  name: string
  n: number
  d: number
  make: (r: { next(): number }, n: number, d: number) => Float32Array
  bias?: boolean
}
const cases: Case[] = [
  { name: 'random', n: 301, d: 7, make: (r, n, d) => Float32Array.from({ length: n * d }, () => gauss(r)) },
  {
    name: 'random with bias',
    n: 333,
    d: 37,
    bias: true,
    make: (r, n, d) => Float32Array.from({ length: n * d }, () => gauss(r)),
  },
  {
    name: 'duplicate rows',
    n: 130,
    d: 5,
    make: (r, n, d) => {
      const base = Float32Array.from({ length: 10 * d }, () => Math.round(gauss(r) * 2))
      return Float32Array.from({ length: n * d }, (_, t) => base[(Math.floor(t / d) % 10) * d + (t % d)]!)
    },
  },
  {
    name: 'offset c=100',
    n: 410,
    d: 33,
    make: (r, n, d) => Float32Array.from({ length: n * d }, () => 100 + gauss(r)),
  },
  {
    name: 'offset c=1000',
    n: 410,
    d: 64,
    make: (r, n, d) => Float32Array.from({ length: n * d }, () => 1000 + gauss(r)),
  },
  { name: 'near 1e30', n: 203, d: 9, make: (r, n, d) => Float32Array.from({ length: n * d }, () => 1e30 * gauss(r)) },
  // The float32 lane test's range guards (lane_input_ok, 1e-25 < mag < 1e25): tiny values, and
  // tiles mixing rows whose scales span 40 orders of magnitude.
  { name: 'near 1e-30', n: 203, d: 9, make: (r, n, d) => Float32Array.from({ length: n * d }, () => 1e-30 * gauss(r)) },
  {
    name: 'rows from 1e-20 to 1e20',
    n: 300,
    d: 16,
    make: (r, n, d) =>
      Float32Array.from({ length: n * d }, (_, t) => 10 ** (((Math.floor(t / d) * 7) % 41) - 20) * gauss(r)),
  },
  {
    // d = 130: a quad and a pair of padding dimensions; rows sharing one large coordinate.
    name: 'spiky rows',
    n: 97,
    d: 130,
    make: (r, n, d) => Float32Array.from({ length: n * d }, (_, t) => (t % d === t % 7 ? 50 : 0) + gauss(r)),
  },
]

describe.skipIf(paths.length === 0)('int16 and int8 screen paths agree with float64 brute force', () => {
  it('lists the portable scalar kernel last', () => {
    expect(paths.at(-1)).toBe('scalar')
    expect(paths8.at(-1)).toBe('scalar')
  })

  for (const c of cases)
    for (const metric of ['dot', 'cosine', 'euclidean'] as const satisfies readonly ScoreMetric[])
      it(`${c.name}, ${metric}: every path of both screens, k in {1, N-1, N}, Q = 70`, async () => {
        const r = seeded(17)
        const items = c.make(r, c.n, c.d)
        const q = 70 // not a multiple of the 8-query tile, and straddles the 64-query group
        const queries = new Float32Array(q * c.d)
        for (let t = 0; t < q; t++) {
          const a = Math.floor(r.next() * c.n),
            b = Math.floor(r.next() * c.n)
          for (let j = 0; j < c.d; j++) queries[t * c.d + j] = (items[a * c.d + j]! + items[b * c.d + j]!) / 2
        }
        const bias = c.bias ? Float64Array.from({ length: c.n }, () => gauss(r) * 3) : undefined
        const brute = createNativeEngine('none')
        for (const k of [1, c.n - 1, c.n]) {
          const wantTies = newTieInfo(q)
          const want = await brute.topk(items, c.n, c.d, queries, q, k, { metric, bias, ties: wantTies })
          for (const { screen, kernels } of screens)
            for (const path of kernels) {
              const ties = newTieInfo(q)
              const got = await createNativeEngine(screen, path).topk(items, c.n, c.d, queries, q, k, {
                metric,
                bias,
                ties,
                threads: 2,
              })
              const label = `${screen} ${path} k=${k}`
              expect(Array.from(got), label).toEqual(Array.from(want))
              expect(Array.from(ties.kthScore), label).toEqual(Array.from(wantTies.kthScore))
              expect(Array.from(ties.tiedInside), label).toEqual(Array.from(wantTies.tiedInside))
              expect(Array.from(ties.tiedOutside), label).toEqual(Array.from(wantTies.tiedOutside))
            }
        }
      })

  it('rescores the same survivors on every path of a screen', async () => {
    const load = loadNative()
    if (!load.ok) return
    const addon = load.addon
    const r = seeded(5)
    const n = 1000,
      d = 45,
      q = 29,
      k = 10
    const items = Float32Array.from({ length: n * d }, () => gauss(r))
    const queries = Float32Array.from({ length: q * d }, () => gauss(r))
    for (const { screen, kernels } of screens)
      for (const metric of [0, 1, 2]) {
        const prep = addon.exactPrepare(items, n, d, metric, null, screen)
        const counts = kernels.map(() => new Float64Array(q))
        for (let p = 0; p < kernels.length; p++) {
          const out = new Int32Array(q * k)
          await addon.exactTopk(prep, items, queries, q, k, 1, screen, out, null, null, null, counts[p]!, kernels[p])
        }
        const survivors = Array.from(new BigInt64Array(counts[0]!.buffer))
        for (const s of survivors) expect(s > 0n && s <= BigInt(n)).toBe(true)
        for (let p = 1; p < kernels.length; p++)
          expect(Array.from(new BigInt64Array(counts[p]!.buffer)), `${screen} ${kernels[p]}`).toEqual(survivors)
      }
  })
})

describe.skipIf(paths.length === 0)('screen choice', () => {
  it('rejects an unknown screen path, and an int16-only path for the int8 screen', () => {
    expect(() => createNativeEngine('int16', 'avx9000')).toThrow(/not compiled in/)
    expect(() => createNativeEngine('int8', 'avx2')).toThrow(/not compiled in for the int8 screen/)
  })

  it('refuses a matrix prepared for the other screen', () => {
    const load = loadNative()
    if (!load.ok) return
    const items = new Float32Array(64 * 4).fill(1)
    const prep = load.addon.exactPrepare(items, 64, 4, 0, null, 'int16')
    expect(() =>
      load.addon.exactTopk(
        prep,
        items,
        items.subarray(0, 4),
        1,
        1,
        1,
        'int8',
        new Int32Array(1),
        null,
        null,
        null,
        null,
      ),
    ).toThrow(/prepared without this screen/)
  })
})
