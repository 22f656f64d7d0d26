import { describe, expect, it } from 'vitest'
import { dotFloat32, fma32 } from '../../src/search/float32.js'
import { rng } from '../../src/rng.js'

// Exact float32 FMA by integer arithmetic: scale everything by 2^300 (below the
// smallest product exponent), add exactly, round to nearest even at float32 precision.
function referenceFma32(a: number, b: number, c: number): number {
  const mantissa = (x: number): [bigint, number] => {
    const e = Math.floor(Math.log2(Math.abs(x))) - 23
    return [BigInt(Math.round(x / 2 ** e)), e] // 24-bit integer mantissa, exact
  }
  const exact = (x: number): bigint => {
    if (x === 0) return 0n
    const [m, e] = mantissa(x)
    return m << BigInt(e + 300)
  }
  let sum = exact(c)
  if (a !== 0 && b !== 0) {
    const [ma, ea] = mantissa(a),
      [mb, eb] = mantissa(b)
    sum += (ma * mb) << BigInt(ea + eb + 300)
  }
  if (sum === 0n) return 0
  const negative = sum < 0n
  const mag = negative ? -sum : sum
  const bits = mag.toString(2).length
  const shift = Math.max(bits - 24, 151) // 151 = 300 - 149: the subnormal quantum
  let q = mag >> BigInt(shift)
  const rest = mag - (q << BigInt(shift)),
    half = 1n << BigInt(shift - 1)
  if (rest > half || (rest === half && (q & 1n) === 1n)) q += 1n
  const value = Number(q) * 2 ** (shift - 300)
  return negative ? -value : value
}

describe('fma32', () => {
  it('rounds once where the double sum lands on a float32 midpoint', () => {
    // c + a*b = 1 + 3*2^-24 - 2^-64: just below the midpoint of 1+2^-23 and 1+2^-22.
    const a = 1 + 2 ** -20,
      b = 2 ** -24 * (1 - 2 ** -20),
      c = 1 + 2 ** -23
    expect(Math.fround(c + a * b)).toBe(1 + 2 ** -22) // double rounding goes wrong
    expect(fma32(a, b, c)).toBe(1 + 2 ** -23)
    expect(fma32(-a, b, -c)).toBe(-(1 + 2 ** -23))
    expect(fma32(a, -b, c)).toBe(referenceFma32(a, -b, c))
  })

  it('matches exact rounding on midpoint traps in every binade', () => {
    for (let i = 15; i <= 23; i++) {
      for (const scale of [2 ** -40, 2 ** -3, 1, 2 ** 17]) {
        for (const sign of [1, -1]) {
          const a = Math.fround(1 + 2 ** -i),
            b = Math.fround(scale * 2 ** -24 * (1 - sign * 2 ** -i))
          for (const c of [scale, Math.fround(scale * (1 + 2 ** -23)), Math.fround(-scale * (1 + 3 * 2 ** -23))]) {
            expect(fma32(a, b, c), `i=${i} scale=${scale} c=${c}`).toBe(referenceFma32(a, b, c))
          }
        }
      }
    }
  })

  it('matches exact rounding on random float32 triples', () => {
    const r = rng(7)
    const f = (): number => Math.fround(r.normal() * 2 ** (r.int(40) - 20))
    for (let t = 0; t < 20_000; t++) {
      const a = f(),
        b = f(),
        c = f()
      expect(fma32(a, b, c)).toBe(referenceFma32(a, b, c))
    }
  })

  it('chains over d starting from +0', () => {
    const q = Float32Array.of(1, 2, 3),
      x = Float32Array.of(0.5, -1, 2)
    expect(dotFloat32(q, 0, x, 0, 3)).toBe(4.5)
  })
})
