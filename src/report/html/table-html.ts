/**
 * HTML tables the page script makes sortable: every numeric cell carries its exact
 * value in `data-v`, so sorting never parses formatted text.
 */
import { escapeHtml } from './document.js'

/** A column: header text and whether it holds text (left-aligned, sorted as text). */
export interface HtmlColumn {
  header: string
  text?: boolean
  /** Hover help on the header. */
  help?: string
}

/** A cell: shown text, and the number it sorts by (omit for text cells). */
export type HtmlCell = string | { text: string; value: number | null }

/** A number cell: `digits` decimals shown, the exact value kept for sorting. */
export function num(value: number | null | undefined, digits: number): HtmlCell {
  if (value === null || value === undefined || !Number.isFinite(value)) return { text: '–', value: null }
  return { text: value.toFixed(digits), value }
}

/** An integer cell with thousands separators. */
export function int(value: number): HtmlCell {
  return { text: value.toLocaleString('en-US'), value }
}

/** A sortable table; `id` names it for the page script and tests. */
export function htmlTable(id: string, columns: HtmlColumn[], rows: HtmlCell[][]): string {
  const head = columns
    .map(
      (c) =>
        `<th${c.text ? ' class="text"' : ''}${c.help ? ` title="${escapeHtml(c.help)}"` : ''}>${escapeHtml(c.header)}</th>`,
    )
    .join('')
  const body = rows
    .map((r) => '<tr>' + r.map((cell, i) => cellHtml(cell, Boolean(columns[i]?.text))).join('') + '</tr>')
    .join('\n')
  return `<div class="table-wrap"><table class="sortable" id="${escapeHtml(id)}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`
}

function cellHtml(cell: HtmlCell, text: boolean): string {
  if (typeof cell === 'string') return `<td${text ? ' class="text"' : ''}>${escapeHtml(cell)}</td>`
  const v = cell.value === null ? '' : ` data-v="${cell.value}"`
  return `<td${v}>${escapeHtml(cell.text)}</td>`
}
