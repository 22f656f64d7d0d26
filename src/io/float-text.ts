/**
 * Shortest decimal text for a float32 value that reads back to the same
 * float32 (decimal -> double -> float32, as every loader here reads numbers).
 */

/** True when `text` reads back to exactly `value`. */
const roundTrips = (text: string, value: number): boolean => Math.fround(Number(text)) === value

/**
 * Formats a float32 value (held in a double) with as few significant digits
 * as read back exactly, at most 9. NaN and infinities print as nan, inf, -inf.
 */
export function formatFloat32(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0' : '0'
  if (!Number.isFinite(value)) return value !== value ? 'nan' : value > 0 ? 'inf' : '-inf'
  // Random float32 data mostly needs 8 or 9 digits: start at 8, walk down while it still round-trips.
  let best = value.toPrecision(8)
  if (!roundTrips(best, value)) return tidy(value.toPrecision(9))
  for (let digits = 7; digits >= 1; digits--) {
    const shorter = value.toPrecision(digits)
    if (!roundTrips(shorter, value)) break
    best = shorter
  }
  return tidy(best)
}

/** Drops the zeros toPrecision pads with ("1.2300000" -> "1.23", "1.0e+5" -> "1e+5"). */
function tidy(text: string): string {
  const exponentAt = text.indexOf('e')
  const mantissa = exponentAt < 0 ? text : text.slice(0, exponentAt)
  if (!mantissa.includes('.')) return text
  const trimmed = mantissa.replace(/0+$/, '').replace(/\.$/, '')
  return exponentAt < 0 ? trimmed : trimmed + text.slice(exponentAt)
}
