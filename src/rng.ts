/**
 * The seeded pseudo-random generator every random choice in avgcon goes through.
 *
 * xoshiro128** (Blackman & Vigna, 2018): 128-bit state, period 2^128 - 1, passes
 * BigCrush; state seeded from a 32-bit seed by SplitMix32 so nearby seeds give
 * unrelated streams. Uniform integers below n use Lemire's multiply-shift with
 * rejection, so they are exactly uniform. The unseeded global generator is never used.
 */
export interface Rng {
  /** Uniform 32-bit unsigned integer. */
  nextU32(): number
  /** Uniform float in [0, 1) with 53 random bits. */
  next(): number
  /** Uniform integer in [0, n), exactly uniform, for 1 <= n <= 2^32. */
  int(n: number): number
  /** Standard normal deviate (polar Box-Muller; caches the second value). */
  normal(): number
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

/** Creates a generator from an integer seed (any safe integer; only its low 53 bits matter). */
export function rng(seed: number): Rng {
  const mix = splitmix32((seed >>> 0) ^ (Math.floor(seed / 2 ** 32) * 0x27d4eb2d))
  // State in a typed array, not closure variables: V8 then keeps it unboxed (about 3x faster).
  const st = new Uint32Array(4)
  st[0] = mix()
  st[1] = mix()
  st[2] = mix()
  st[3] = mix()
  if ((st[0] | st[1] | st[2] | st[3]) === 0) st[0] = 1
  let spare: number | null = null

  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(st[1]!, 5), 7), 9) >>> 0
    const t = st[1]! << 9
    st[2]! ^= st[0]!
    st[3]! ^= st[1]!
    st[1]! ^= st[2]!
    st[0]! ^= st[3]!
    st[2]! ^= t
    st[3] = rotl(st[3]!, 11)
    return result
  }
  const next = (): number => ((nextU32() >>> 5) * 67108864 + (nextU32() >>> 6)) / 9007199254740992
  const int = (n: number): number => {
    if (n <= 1) return 0
    // Lemire (2019): multiply a 32-bit draw by n, reject the biased low region.
    const threshold = (2 ** 32 - n) % n
    for (;;) {
      const x = nextU32()
      const product = x * n
      const low = product % 2 ** 32
      if (low >= threshold) return Math.floor(product / 2 ** 32)
    }
  }
  const normal = (): number => {
    if (spare !== null) {
      const v = spare
      spare = null
      return v
    }
    let u: number, v: number, s: number
    do {
      u = 2 * next() - 1
      v = 2 * next() - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const f = Math.sqrt((-2 * Math.log(s)) / s)
    spare = v * f
    return u * f
  }
  return { nextU32, next, int, normal }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0
}
