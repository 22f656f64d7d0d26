/**
 * Splitting one text line into cells and reading a cell as a number.
 * Kept free of file and error handling so the hot loop stays small.
 */

/** How cells are separated: one character, or runs of spaces and tabs. */
export type Delimiter = ',' | '\t' | ';' | 'whitespace'

/** Splits `line` into cells; null when a quoted cell is never closed. */
export function splitCells(line: string, delimiter: Delimiter): string[] | null {
  if (delimiter === 'whitespace') return splitWhitespace(line)
  // Most lines hold no quote: String.split is much faster than a scanner.
  if (line.indexOf('"') < 0) return line.split(delimiter)
  return splitQuoted(line, delimiter)
}

/**
 * Splits on runs of ASCII spaces and tabs, ignoring them at both ends.
 * Only ASCII: word2vec ids may hold other Unicode spaces (e.g. U+00A0).
 */
export function splitWhitespace(line: string): string[] {
  // Fast path: single spaces (gensim, fastText) split natively, about 1.5x faster.
  if (line.indexOf('\t') < 0 && line.indexOf('  ') < 0) {
    const cells = line.split(' ')
    if (cells[cells.length - 1] === '') cells.pop()
    if (cells[0] === '') cells.shift()
    return cells
  }
  const cells: string[] = []
  const length = line.length
  let i = 0
  while (i < length) {
    let c = line.charCodeAt(i)
    while (c === 32 || c === 9) c = line.charCodeAt(++i)
    if (i >= length) break
    const start = i
    while (i < length && c !== 32 && c !== 9) c = line.charCodeAt(++i)
    cells.push(line.slice(start, i))
  }
  return cells
}

/**
 * RFC 4180 quoting within one line: a cell may be wrapped in "...", with ""
 * standing for one quote. Text around a quoted part is kept (lenient).
 */
function splitQuoted(line: string, delimiter: string): string[] | null {
  const cells: string[] = []
  let cell = ''
  let inQuotes = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!
    if (inQuotes) {
      if (ch !== '"') cell += ch
      else if (line[i + 1] === '"') {
        cell += '"'
        i++
      } else inQuotes = false
    } else if (ch === '"') inQuotes = true
    else if (ch === delimiter) {
      cells.push(cell)
      cell = ''
    } else cell += ch
  }
  if (inQuotes) return null
  cells.push(cell)
  return cells
}

const SPECIAL_VALUES = new Map<string, number>([
  ['nan', NaN],
  ['+nan', NaN],
  ['-nan', NaN],
  ['nan(ind)', NaN],
  ['-nan(ind)', NaN],
  ['inf', Infinity],
  ['+inf', Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-inf', -Infinity],
  ['-infinity', -Infinity],
])

/**
 * Reads a cell as a number, or undefined when it is not one. NaN and infinity
 * in the spellings numpy, C and R print ("nan", "-inf", "Infinity") are
 * numbers here, so the caller reports them as non-finite, not as text.
 */
export function parseNumberCell(cell: string): number | undefined {
  const value = +cell
  if (value === value) {
    // Number('') and Number('  ') are 0: an empty cell is not a zero.
    return value === 0 && cell.trim() === '' ? undefined : value
  }
  return SPECIAL_VALUES.get(cell.trim().toLowerCase())
}
