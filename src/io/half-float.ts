/**
 * 16-bit float decoding by table lookup: every one of the 65536 bit patterns is
 * decoded once (exactly: float32 holds every half and every bfloat16 value).
 */

let halfToFloat: Float32Array | undefined
let bf16ToFloat: Float32Array | undefined

/** IEEE float16 bit pattern -> float32 value. */
export function halfTable(): Float32Array {
  if (halfToFloat) return halfToFloat
  const table = new Float32Array(65536)
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1
    const exponent = (h >> 10) & 0x1f
    const fraction = h & 0x3ff
    if (exponent === 0)
      table[h] = sign * fraction * 2 ** -24 // subnormal
    else if (exponent === 31) table[h] = fraction ? NaN : sign * Infinity
    else table[h] = sign * (1 + fraction / 1024) * 2 ** (exponent - 15)
  }
  return (halfToFloat = table)
}

/** bfloat16 bit pattern -> float32 value: bfloat16 is the top half of a float32. */
export function bf16Table(): Float32Array {
  if (bf16ToFloat) return bf16ToFloat
  const bits = new Uint32Array(65536)
  for (let h = 0; h < 65536; h++) bits[h] = h << 16
  return (bf16ToFloat = new Float32Array(bits.buffer))
}
