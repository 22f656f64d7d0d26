/**
 * The report's per-set table, built from the embedded JSON: up to 10,000s of sets,
 * so only a prefix of the current order is in the page ("Show more" adds rows).
 * Clicking a header sorts all sets, not just the rows shown.
 */
import type { SetJson } from '../src/report/html/types.js'
import { compare } from './shared.js'

const FIRST_ROWS = 200
const MORE_ROWS = 1000

type Key = keyof SetJson

/** Fills table#table-sets; `at` is the n of Precision@n; `names` (from --names) label the nearest items. */
export function setsTable(sets: SetJson[], at: number, names: Record<string, string> = {}): void {
  const table = document.getElementById('table-sets') as HTMLTableElement | null
  const note = document.getElementById('sets-table-note')
  const more = document.getElementById('sets-more')
  if (!table || !note || !more) return
  const columns: [Key, string][] = [
    ['id', 'set'],
    ['size', '|U|'],
    ['precision', 'precision'],
    ['random', 'random'],
    ['precisionAt', `P@${at}`],
    ['randomAt', `random P@${at}`],
    ['nearest', 'its average points at'],
  ]
  let order = sets.map((_, i) => i)
  let shown = Math.min(FIRST_ROWS, sets.length)
  let sortKey: Key | undefined
  let asc = true
  const head = table.createTHead().insertRow()
  for (const [key, label] of columns) {
    const th = document.createElement('th')
    th.textContent = label
    if (key === 'id' || key === 'nearest') th.className = 'text'
    th.addEventListener('click', () => {
      asc = sortKey === key ? !asc : true
      sortKey = key
      head.querySelectorAll('th').forEach((h) => h.classList.remove('sorted-asc', 'sorted-desc'))
      th.classList.add(asc ? 'sorted-asc' : 'sorted-desc')
      const value = (i: number): number | string => {
        const v = sets[i]![key]
        return Array.isArray(v) ? v.join('; ') : v
      }
      order = [...order].sort((a, b) => compare(value(a), value(b)) * (asc ? 1 : -1) || a - b)
      render()
    })
    head.append(th)
  }
  const body = table.createTBody()
  const render = (): void => {
    const rows = order.slice(0, shown).map((i) => {
      const s = sets[i]!
      const tr = document.createElement('tr')
      const nearest = s.nearest.map((id) => names[id] ?? id).join('; ')
      const cells = [
        s.id,
        String(s.size),
        s.precision.toFixed(3),
        s.random.toFixed(3),
        s.precisionAt.toFixed(3),
        s.randomAt.toFixed(3),
        nearest,
      ]
      cells.forEach((text, c) => {
        const td = tr.insertCell()
        td.textContent = text
        if (c === 0 || c === 6) td.className = 'text'
      })
      return tr
    })
    body.replaceChildren(...rows)
    note.textContent = `Showing ${shown.toLocaleString('en-US')} of ${sets.length.toLocaleString('en-US')} sets; click a header to sort all of them. Every set is in the downloadable JSON.`
    more.hidden = shown >= sets.length
  }
  more.addEventListener('click', () => {
    shown = Math.min(sets.length, shown + MORE_ROWS)
    render()
  })
  render()
}
