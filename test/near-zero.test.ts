import { describe, expect, it } from 'vitest'
import { nearZeroStreamed, type NormPass } from '../src/near-zero.js'
import { nearZeroOf } from '../src/numeric.js'

/** A pass over `norms` in blocks of `block` (copies, as a streamed reader's fresh arrays). */
const passOver =
  (norms: Float64Array, block: number): NormPass =>
  (visit) => {
    for (let lo = 0; lo < norms.length; lo += block) visit(norms.slice(lo, lo + block), lo)
  }

/** xorshift uniforms in (0, 1), seeded. */
function uniforms(seed: number): () => number {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return (s + 1) / 4294967297
  }
}

function cases(): [string, Float64Array][] {
  const u = uniforms(7)
  const out: [string, Float64Array][] = []
  out.push(['spread', Float64Array.from({ length: 5001 }, () => Math.exp(8 * u() - 4))])
  out.push(['even count', Float64Array.from({ length: 4000 }, () => 1 + u())])
  out.push(['all equal', new Float64Array(3000).fill(11.25)])
  // Unit rows: norms within a few ulps of 1 (the histogram's last levels decide).
  out.push(['unit', Float64Array.from({ length: 3000 }, () => 1 + (Math.floor(u() * 9) - 4) * 2 ** -52)])
  const untrained = Float64Array.from({ length: 4001 }, () => 3 + u())
  for (let i = 0; i < 4001; i += 3) untrained[i] = u() < 0.5 ? 0 : 1e-9 * u()
  out.push(['untrained', untrained])
  // Norms exactly at and around the threshold of relative x the median (3.5 here: 1001 x 3.5, 1000 x 1e-9).
  const edge = new Float64Array(2001).fill(3.5)
  for (let i = 0; i < 1000; i++) edge[2 * i] = [3.5e-6, 3.5e-6 * (1 + 2 ** -50), 3.5e-6 * (1 - 2 ** -50), 0][i % 4]!
  out.push(['at the threshold', edge])
  out.push(['one row', Float64Array.of(2)])
  out.push(['two rows', Float64Array.of(0, 2)])
  out.push(['all zero', new Float64Array(100)])
  return out
}

describe('nearZeroStreamed', () => {
  for (const [name, norms] of cases())
    it(`equals nearZeroOf: ${name}`, () => {
      const expected = nearZeroOf(norms)
      for (const cap of [1 << 20, 64, 1]) {
        for (const block of [1, 97, 1 << 20]) {
          const got = nearZeroStreamed(passOver(norms, block), norms.length, { rows: true, cap })
          expect(Array.from(got.rows!)).toEqual(expected)
          expect(got.count).toBe(expected.length)
          const counted = nearZeroStreamed(passOver(norms, block), norms.length, { cap })
          expect(counted.count).toBe(expected.length)
          expect(counted.rows).toBeUndefined()
        }
      }
    })

  it('needs two passes for spread norms with a large enough cap (the threshold folded into the second)', () => {
    const u = uniforms(3)
    const norms = Float64Array.from({ length: 200_000 }, () => 10 + u())
    const got = nearZeroStreamed(passOver(norms, 4096), norms.length, { rows: true, cap: 50_000 })
    expect(got.passes).toBe(2)
    expect(Array.from(got.rows!)).toEqual(nearZeroOf(norms))
  })
})
