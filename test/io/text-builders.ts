/**
 * Hand-built text writers for tests, independent of saveDelimited: every
 * layout the loaders claim to read, with values written in several exact forms.
 */
import fc from 'fast-check'
import type { Embeddings } from '../../src/io/embeddings.js'
import { formatFloat32 } from '../../src/io/float-text.js'

/** How a hand-built delimited file looks. */
export interface TextLayout {
  delimiter: ',' | '\t' | ' ' | '  '
  header: boolean
  crlf: boolean
  finalNewline: boolean
  /** Insert a blank line before row i when blankBefore[i]. */
  blankBefore: boolean[]
  /** Value printing; every one reads back to the same float32. */
  numbers: 'shortest' | 'double' | 'precision9' | 'exponential'
  /** Pad lines with spaces at both ends (whitespace-delimited only). */
  padLines: boolean
}

export const formatters: Record<TextLayout['numbers'], (value: number) => string> = {
  shortest: formatFloat32,
  double: (value) => (Object.is(value, -0) ? '-0' : String(value)),
  // JS drops the sign of -0 in these two; numpy keeps it, so put it back.
  precision9: (value) => (Object.is(value, -0) ? '-' : '') + value.toPrecision(9),
  exponential: (value) => (Object.is(value, -0) ? '-' : '') + value.toExponential(8),
}

/** Random layouts. */
export function arbitraryTextLayout(): fc.Arbitrary<TextLayout> {
  return fc.record({
    delimiter: fc.constantFrom<TextLayout['delimiter']>(',', '\t', ' ', '  '),
    header: fc.boolean(),
    crlf: fc.boolean(),
    finalNewline: fc.boolean(),
    blankBefore: fc.array(
      fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
      { maxLength: 30 },
    ),
    numbers: fc.constantFrom<TextLayout['numbers']>('shortest', 'double', 'precision9', 'exponential'),
    padLines: fc.boolean(),
  })
}

/** A CSV/TSV cell for an id: quoted when it holds the delimiter or a quote. */
function idCell(id: string, delimiter: string): string {
  return !delimiter.startsWith(' ') && (id.includes(delimiter) || id.includes('"'))
    ? `"${id.replaceAll('"', '""')}"`
    : id
}

/** Writes `e` as delimited text in `layout`. */
export function buildDelimited(e: Embeddings, layout: TextLayout): string {
  const newline = layout.crlf ? '\r\n' : '\n'
  const pad = layout.padLines && layout.delimiter.startsWith(' ') ? ' ' : ''
  const lines: string[] = []
  if (layout.header) {
    const names = Array.from({ length: e.d }, (_, j) => `dim${j}`)
    lines.push((e.ids ? ['word', ...names] : names).join(layout.delimiter))
  }
  for (let i = 0; i < e.n; i++) {
    if (layout.blankBefore[i]) lines.push(layout.delimiter === ',' ? '' : pad)
    const values = Array.from(e.data.subarray(i * e.d, (i + 1) * e.d), formatters[layout.numbers])
    const cells = e.ids ? [idCell(e.ids[i]!, layout.delimiter), ...values] : values
    lines.push(pad + cells.join(layout.delimiter) + pad)
  }
  return lines.join(newline) + (layout.finalNewline ? newline : '')
}

/** Writes `e` (which must have ids) as word2vec text, optionally with fastText's trailing space. */
export function buildWord2vec(
  e: Embeddings,
  options: { trailingSpace?: boolean; crlf?: boolean; numbers?: TextLayout['numbers'] } = {},
): string {
  const format = formatters[options.numbers ?? 'shortest']
  const newline = options.crlf ? '\r\n' : '\n'
  const lines = [`${e.n} ${e.d}`]
  for (let i = 0; i < e.n; i++) {
    const values = Array.from(e.data.subarray(i * e.d, (i + 1) * e.d), format)
    lines.push(`${e.ids![i]} ${values.join(' ')}${options.trailingSpace ? ' ' : ''}`)
  }
  return lines.join(newline) + newline
}
