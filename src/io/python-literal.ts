/**
 * A small parser for the Python literals an .npy header is made of (numpy reads
 * it with ast.literal_eval): dicts, tuples, lists, strings with quotes and
 * escapes, integers (with the Python 2 `L` suffix numpy still accepts), True,
 * False and None. Anything else is a syntax error, as it is for numpy.
 */

/** A parsed literal: tuples are `{ tuple: [...] }` so that (5,) and [5] stay apart. */
export type PyValue =
  string | number | boolean | null | { tuple: PyValue[] } | { list: PyValue[] } | { dict: Map<PyValue, PyValue> }

/** Thrown with the character offset (0-based) in the text where parsing stopped. */
export class PyLiteralError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message)
  }
}

const ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
}

/** Parses `text` as exactly one literal (surrounding whitespace allowed). */
export function parsePythonLiteral(text: string): PyValue {
  let at = 0
  const fail = (what: string): never => {
    throw new PyLiteralError(what, at)
  }
  const skip = (): void => {
    while (at < text.length && /\s/.test(text[at]!)) at++
  }
  const value = (depth: number): PyValue => {
    if (depth > 32) fail('nested too deeply')
    skip()
    const c = text[at]
    if (c === undefined) return fail('unexpected end')
    if (c === "'" || c === '"') return str(c)
    if (c === '{') return dict(depth)
    if (c === '(') return sequence(depth, ')')
    if (c === '[') return sequence(depth, ']')
    const word = /^(True|False|None)(?![\w])/.exec(text.slice(at, at + 6))
    if (word) {
      at += word[1]!.length
      return word[1] === 'True' ? true : word[1] === 'False' ? false : null
    }
    const num = /^[-+]?\d+L?(?![\w.])/.exec(text.slice(at, at + 40))
    if (num) {
      at += num[0].length
      return Number(num[0].replace(/L$/, ''))
    }
    return fail(`unexpected character ${JSON.stringify(c)}`)
  }
  const str = (quote: string): string => {
    at++
    let out = ''
    for (;;) {
      const c = text[at]
      if (c === undefined || c === '\n') return fail('unterminated string')
      at++
      if (c === quote) return out
      if (c !== '\\') {
        out += c
        continue
      }
      const e = text[at]
      if (e === undefined) return fail('unterminated string')
      at++
      if (e in ESCAPES) out += ESCAPES[e]
      else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(at, at + 2))) {
        out += String.fromCharCode(parseInt(text.slice(at, at + 2), 16))
        at += 2
      } else out += `\\${e}` // Python keeps unknown escapes as written
    }
  }
  const sequence = (depth: number, close: ')' | ']'): PyValue => {
    at++
    const items: PyValue[] = []
    let comma = false
    for (;;) {
      skip()
      if (text[at] === close) {
        at++
        // (x) is x itself in Python; (x,) and () are tuples.
        if (close === ')') return items.length === 1 && !comma ? items[0]! : { tuple: items }
        return { list: items }
      }
      if (items.length > 0 && !comma) fail(`expected ',' or '${close}'`)
      items.push(value(depth + 1))
      skip()
      comma = text[at] === ','
      if (comma) at++
    }
  }
  const dict = (depth: number): PyValue => {
    at++
    const entries = new Map<PyValue, PyValue>()
    let comma = true
    for (;;) {
      skip()
      if (text[at] === '}') {
        at++
        return { dict: entries }
      }
      if (!comma) fail("expected ',' or '}'")
      const key = value(depth + 1)
      if (typeof key === 'object' && key !== null) fail('a dict key must be a string or number')
      skip()
      if (text[at] !== ':') fail("expected ':'")
      at++
      entries.set(key, value(depth + 1))
      skip()
      comma = text[at] === ','
      if (comma) at++
    }
  }
  const result = value(0)
  skip()
  if (at < text.length) fail('unexpected text after the literal')
  return result
}
