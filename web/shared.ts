/**
 * Browser helpers shared by the report and the explorer: render a Vega-Lite spec
 * with vega-embed (SVG, tooltips, export menu without links to online editors),
 * read the page's JSON blocks, and make tables sortable by clicking their headers.
 */
import embed, { type Result } from 'vega-embed'
import type { ChartSpec } from '../src/report/charts/types.js'

/** Rendered views by element id: the browser tests read marks and signals from them. */
export const views: Record<string, Result['view']> = {}

/** Parses the JSON block `<script type="application/json" id=...>`. */
export function readJson<T>(id: string): T {
  const el = document.getElementById(id)
  if (!el) throw new Error(`page: missing data block #${id}`)
  return JSON.parse(el.textContent ?? 'null') as T
}

/** Renders `spec` into the element `id`, replacing any earlier chart there. */
export async function renderChart(
  id: string,
  spec: ChartSpec,
  mode: 'vega' | 'vega-lite' = 'vega-lite',
): Promise<Result['view']> {
  const el = document.getElementById(id)
  if (!el) throw new Error(`page: missing chart element #${id}`)
  views[id]?.finalize()
  const result = await embed(el, spec as never, {
    renderer: 'svg',
    mode,
    actions: { export: true, source: false, compiled: false, editor: false },
  })
  views[id] = result.view
  return result.view
}

/** Sorts a table's body rows by the clicked column: `data-v` numbers when present, else text. */
export function makeSortable(table: HTMLTableElement): void {
  const headers = Array.from(table.tHead?.rows[0]?.cells ?? [])
  headers.forEach((th, col) => {
    th.addEventListener('click', () => {
      const asc = !th.classList.contains('sorted-asc')
      headers.forEach((h) => h.classList.remove('sorted-asc', 'sorted-desc'))
      th.classList.add(asc ? 'sorted-asc' : 'sorted-desc')
      const body = table.tBodies[0]!
      const rows = Array.from(body.rows)
      const key = (r: HTMLTableRowElement): number | string => {
        const cell = r.cells[col]
        const v = cell?.dataset.v
        return v !== undefined ? Number(v) : (cell?.textContent ?? '')
      }
      rows.sort((a, b) => compare(key(a), key(b)) * (asc ? 1 : -1))
      body.append(...rows)
    })
  })
}

/** Numbers before text; numbers by value, text by locale order. */
export function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'number') return -1
  if (typeof b === 'number') return 1
  return a.localeCompare(b)
}

/** Offers `text` as a file download (a blob URL: no network request). */
export function download(name: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
