/**
 * CLI helpers of the theory-checking commands (simulate, check-normal, pairwise): comma
 * lists of whole numbers and number formatting. The statistics live in src/stats.
 */
import { InputError } from '../../errors.js'
import { intOption } from '../options.js'

/**
 * Parses a comma list of whole numbers such as "1000,1e6" or "2,10,32"
 * (each read by intOption, so "1e6" and "1_000_000" work and "1.5" fails).
 * Returns the distinct values in ascending order.
 */
export function countList(text: string, name: string, min: number): number[] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  if (parts.length === 0) throw new InputError(`${name}: no value given; use a list like 1000,1e6.`)
  return [...new Set(parts.map((p) => intOption(p, name, min)))].sort((a, b) => a - b)
}

/** N with thousands separators, for labels: 1000000 -> "1,000,000". */
export function count(n: number): string {
  return n.toLocaleString('en-US')
}

/** A signed number with a fixed number of decimals: +0.0123, -0.0040. */
export function signed(x: number, digits: number): string {
  return (x >= 0 ? '+' : '') + x.toFixed(digits)
}
