/**
 * Ground-level text formatting shared by report/ and diagnose/ (plain-text tables,
 * CSV, the decimals an interval justifies), so diagnose/ need not reach into report/.
 */

/** A column of a text table: header, and right alignment for numbers. */
export interface Column {
  header: string
  align?: 'left' | 'right'
}

/** Formats rows of cells as an aligned plain-text table with a header rule. */
export function formatTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (columns[i]!.align === 'left' ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [line(columns.map((c) => c.header)), rule, ...rows.map(line)].join('\n') + '\n'
}

/**
 * Decimals worth printing for a value known to ± `halfWidth`: one digit past the
 * first significant digit of the uncertainty, between 2 and 6.
 */
export function decimalsFor(halfWidth: number): number {
  if (!(halfWidth > 0) || !Number.isFinite(halfWidth)) return 3
  return Math.min(6, Math.max(2, Math.ceil(-Math.log10(halfWidth)) + 1))
}

/** One precision for a whole column of intervals: enough for the tightest one in it. */
export function pointDigits(points: readonly { ciLow: number; ciHigh: number }[]): number {
  return Math.max(3, ...points.map((p) => decimalsFor((p.ciHigh - p.ciLow) / 2)))
}

/** Rows as CSV (RFC 4180 quoting where needed). */
export function formatCsv(headers: string[], rows: (string | number)[][]): string {
  const cell = (v: string | number): string => {
    const s = String(v)
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return [headers, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n'
}
