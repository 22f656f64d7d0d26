import type { ConsistencyPoint } from '../estimate/consistency.js'
import { formatCsv, formatTable, pointDigits } from '../format.js'

export { pointDigits }

/** The per-k consistency table printed by `estimate` and `demo`. */
export function consistencyTable(points: ConsistencyPoint[]): string {
  const digits = pointDigits(points)
  const rows = points.map((p) => {
    return [
      String(p.k),
      p.mean.toFixed(digits),
      `[${p.ciLow.toFixed(digits)}, ${p.ciHigh.toFixed(digits)}]`,
      p.std.toFixed(3),
      String(p.n),
    ]
  })
  return formatTable(
    [
      { header: 'k' },
      { header: 'consistency' },
      { header: '95% CI', align: 'left' },
      { header: 'std' },
      { header: 'sets' },
    ],
    rows,
  )
}

/** The same points as CSV with full precision. */
export function consistencyCsv(points: ConsistencyPoint[]): string {
  return formatCsv(
    ['k', 'mean', 'std', 'n', 'ciLow', 'ciHigh'],
    points.map((p) => [p.k, p.mean, p.std, p.n, p.ciLow, p.ciHigh]),
  )
}
