import { InputError } from '../errors.js'

/** At most this many set sizes in one list (a guard against typos like 2..1000000000). */
export const MAX_K_COUNT = 100_000

/**
 * Parses a list of set sizes: `2..50` (inclusive range), `2..50:4` (step 4),
 * `2,5,10`, or a mix (`2..10,20,50`). Returns sorted distinct integers >= 1.
 * Ranges are checked from their ends before they are expanded: every k <= maxK (the
 * number of items, when known) and at most MAX_K_COUNT sizes in all.
 */
export function parseKList(text: string, field = 'ks', maxK = Number.MAX_SAFE_INTEGER): number[] {
  const refuse = (message: string) => new InputError(message, { module: 'estimate', field })
  let count = 0
  const ks = new Set<number>()
  for (const part of text.split(',').map((s) => s.trim())) {
    if (part === '') continue
    const m = /^(\d+)(?:\.\.(\d+)(?::(\d+))?)?$/.exec(part)
    if (!m) throw refuse(`cannot read "${part}"; use a list like 2..50, 2..50:4 or 2,5,10.`)
    const from = Number(m[1])
    const to = m[2] === undefined ? from : Number(m[2])
    const step = m[3] === undefined ? 1 : Number(m[3])
    if (step < 1) throw refuse(`step must be at least 1 in "${part}".`)
    if (to < from) throw refuse(`range "${part}" runs backwards; write it as ${to}..${from}.`)
    if (!Number.isSafeInteger(to) || to > maxK) {
      const bound = maxK === Number.MAX_SAFE_INTEGER ? '' : ` the number of items N=${maxK}; use k <= ${maxK}`
      throw refuse(`set size ${m[2] ?? m[1]} in "${part}" exceeds${bound || ' 2^53'}.`)
    }
    count += Math.floor((to - from) / step) + 1
    if (count > MAX_K_COUNT) {
      throw refuse(
        `"${text}" lists more than ${MAX_K_COUNT.toLocaleString('en-US')} set sizes; use a step, e.g. ${from}..${to}:${Math.ceil((to - from) / 100) || 1}.`,
      )
    }
    for (let k = from; k <= to; k += step) ks.add(k)
  }
  if (ks.size === 0) throw refuse(`no set size given; use a list like 2..50.`)
  const sorted = [...ks].sort((a, b) => a - b)
  if (sorted[0]! < 1) throw refuse(`set size k=${sorted[0]} is below 1; every k must be at least 1.`)
  return sorted
}
