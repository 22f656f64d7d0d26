/**
 * Guessing how a delimited text file is laid out from its first two non-blank
 * lines: the delimiter, whether line 1 is a header, whether column 1 holds ids.
 * Each guess can be overridden by an option.
 */
import { type Delimiter, parseNumberCell, splitCells } from './cells.js'

/** What the user fixed; undefined fields are guessed. */
export interface LayoutOptions {
  delimiter?: Delimiter
  header?: boolean
  idColumn?: boolean
}

/** The decided layout of a delimited file. */
export interface Layout {
  delimiter: Delimiter
  header: boolean
  idColumn: boolean
}

/** Header names that mark column 1 as ids even when the ids look like numbers. */
const ID_HEADER = /^(|id|ids|index|item|items|item_?id|key|name|word|token|label)$/i

const isNumber = (cell: string | undefined): boolean => cell !== undefined && parseNumberCell(cell) !== undefined

const CANDIDATES: readonly Delimiter[] = ['\t', ',', 'whitespace']

/**
 * The first of tab, comma, runs of spaces that splits both lines into the same
 * number (>= 2) of cells with numbers after the first cell (ids may hold commas
 * or spaces); failing that, tab if line 1 has one, else comma if it has one,
 * else runs of spaces.
 */
export function guessDelimiter(firstLine: string, secondLine?: string): Delimiter {
  const dataLine = secondLine ?? firstLine
  const fits = (delimiter: Delimiter): boolean => {
    const first = splitCells(firstLine, delimiter)
    const data = splitCells(dataLine, delimiter)
    return (
      first !== null &&
      data !== null &&
      first.length >= 2 &&
      first.length === data.length &&
      data.slice(1).every(isNumber)
    )
  }
  const fitting = CANDIDATES.find(fits)
  if (fitting) return fitting
  if (firstLine.includes('\t')) return '\t'
  if (firstLine.includes(',')) return ','
  return 'whitespace'
}

/**
 * pandas writes integer column names as a header "0,1,2,...": a line of at least
 * three consecutive integers counting from 0 or 1, over a line of numbers that
 * are not all integers, is a header.
 */
function isCountingHeader(cells: readonly string[], next: readonly string[] | undefined): boolean {
  if (cells.length < 3 || next === undefined || next.length !== cells.length) return false
  const start = Number(cells[0])
  if (start !== 0 && start !== 1) return false
  if (!cells.every((cell, j) => cell.trim() !== '' && Number(cell) === start + j)) return false
  const values = next.map(parseNumberCell)
  return values.every((value) => value !== undefined) && !values.every(Number.isInteger)
}

/**
 * Line 1 is a header when a value column holds text, or when column 1 holds
 * text over a number in line 2 (so an id column alone does not count).
 */
function looksLikeHeader(first: readonly string[], second: readonly string[] | undefined): boolean {
  if (first.some((cell, j) => j > 0 && !isNumber(cell))) return true
  if (!isNumber(first[0]) && second !== undefined && isNumber(second[0])) return true
  return isCountingHeader(first, second)
}

/**
 * Decides the layout from the first non-blank line and the next one (if any).
 * Lines that cannot be split (unclosed quote) count as text.
 */
export function decideLayout(firstLine: string, secondLine: string | undefined, options: LayoutOptions): Layout {
  const delimiter = options.delimiter ?? guessDelimiter(firstLine, secondLine)
  const first = splitCells(firstLine, delimiter) ?? [firstLine]
  const second = secondLine === undefined ? undefined : (splitCells(secondLine, delimiter) ?? [secondLine])
  const header = options.header ?? looksLikeHeader(first, second)
  let idColumn = options.idColumn
  if (idColumn === undefined) {
    const firstData = header ? second : first
    // "id", "word", or pandas' empty index name: ids even if they look numeric.
    idColumn = (header && ID_HEADER.test(first[0]!.trim())) || (firstData !== undefined && !isNumber(firstData[0]))
  }
  return { delimiter, header, idColumn }
}
