/**
 * The .npy header (NumPy format versions 1.0, 2.0, 3.0): magic "\x93NUMPY",
 * version bytes, a little-endian header length (uint16 for 1.0, uint32 after),
 * then a Python dict literal with 'descr', 'fortran_order' and 'shape'.
 * https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
import { InputError } from '../errors.js'
import { parsePythonLiteral, PyLiteralError, type PyValue } from './python-literal.js'

/** A float element type the loader can read. */
export interface NpyDtype {
  /** As written in the header, e.g. "<f4". */
  descr: string
  /** 2 (float16), 4 (float32) or 8 (float64). */
  bytes: 2 | 4 | 8
  littleEndian: boolean
}

/** What the header says about the array that follows it. */
export interface NpyHeader {
  version: string
  dtype: NpyDtype
  fortranOrder: boolean
  shape: number[]
  /** Byte offset of the first element. */
  dataOffset: number
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] // \x93NUMPY

/** Bytes to read before the header length is known. */
export const NPY_PREAMBLE_BYTES = 12

/** True when `head` starts with the npy magic string. */
export function hasNpyMagic(head: Uint8Array): boolean {
  return head.length >= MAGIC.length && MAGIC.every((byte, i) => head[i] === byte)
}

/** Whether this host stores numbers little-endian (true on every platform Node ships for today). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/**
 * Reads magic, version and header length from the first bytes; returns where
 * the dict text starts and ends. `fileSize` lets a short file be reported as truncated.
 */
export function readNpyPreamble(
  path: string,
  head: Uint8Array,
  fileSize: number,
): { version: string; start: number; end: number } {
  if (!hasNpyMagic(head)) {
    throw new InputError(
      `${path}: not a .npy file (it does not start with the bytes \\x93NUMPY); save it with numpy.save or name the right format.`,
    )
  }
  if (head.length < 10)
    throw new InputError(`${path}: truncated npy header (${fileSize} bytes); the file is incomplete: re-create it.`)
  const major = head[6]!
  const version = `${major}.${head[7]}`
  if (major < 1 || major > 3) {
    throw new InputError(
      `${path}: npy format version ${version} is not supported (1.0, 2.0 and 3.0 are); re-save it with numpy.save.`,
    )
  }
  const wide = major >= 2
  const start = wide ? 12 : 10
  if (head.length < start)
    throw new InputError(`${path}: truncated npy header (${fileSize} bytes); the file is incomplete: re-create it.`)
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength)
  const length = wide ? view.getUint32(8, true) : view.getUint16(8, true)
  const end = start + length
  if (end > fileSize) {
    throw new InputError(
      `${path}: truncated npy header (it needs ${end} bytes, the file has ${fileSize}); the file is incomplete: re-create it.`,
    )
  }
  return { version, start, end }
}

/** Parses the header dict text (`dictBytes`: the bytes between preamble and data). */
export function parseNpyDict(path: string, dictBytes: Uint8Array, version: string, dataOffset: number): NpyHeader {
  // Versions 1.0 and 2.0 are latin1; 3.0 is UTF-8. Field names are ASCII either way.
  const text = Buffer.from(dictBytes.buffer, dictBytes.byteOffset, dictBytes.byteLength).toString(
    version.startsWith('3') ? 'utf8' : 'latin1',
  )
  const dict = parseHeaderDict(path, text)
  const descr = dict.get('descr')
  if (typeof descr !== 'string') {
    throw new InputError(
      `${path}: npy dtype is structured or not a plain type; save a plain float32 array (numpy.save(path, x.astype('float32'))).`,
    )
  }
  const fortran = dict.get('fortran_order')
  if (typeof fortran !== 'boolean') {
    throw new InputError(
      `${path}: npy header field 'fortran_order' must be True or False; re-save the array with numpy.save.`,
    )
  }
  return {
    version,
    dtype: parseDtype(path, descr),
    fortranOrder: fortran,
    shape: parseShape(path, dict.get('shape')),
    dataOffset,
  }
}

const NPY_KEYS = ['descr', 'fortran_order', 'shape']

/**
 * The header as numpy reads it: ast.literal_eval of the text, which must be a
 * dict with exactly the keys 'descr', 'fortran_order' and 'shape'. A string
 * value that merely contains "'shape': (9, 9)" is a string, nothing more.
 */
function parseHeaderDict(path: string, text: string): Map<PyValue, PyValue> {
  const malformed = (why: string): InputError => {
    const trimmed = text.trim()
    const shown = JSON.stringify(trimmed.length > 80 ? `${trimmed.slice(0, 80)}...` : trimmed)
    return new InputError(`${path}: malformed npy header ${shown} (${why}); re-save the array with numpy.save.`)
  }
  let parsed: PyValue
  try {
    parsed = parsePythonLiteral(text)
  } catch (error) {
    if (!(error instanceof PyLiteralError)) throw error
    // The dict starts at byte 10 (version 1.0) or 12; report the offset in the file.
    throw malformed(`${error.message} at header character ${error.offset + 1}`)
  }
  if (parsed === null || typeof parsed !== 'object' || !('dict' in parsed)) throw malformed('it is not a dict')
  const keys = [...parsed.dict.keys()]
  const missing = NPY_KEYS.filter((key) => !parsed.dict.has(key))
  const extra = keys.filter((key) => typeof key !== 'string' || !NPY_KEYS.includes(key))
  if (missing.length > 0) throw malformed(`missing ${missing.map((key) => `'${key}'`).join(', ')}`)
  if (extra.length > 0) throw malformed(`unexpected key ${extra.map((key) => JSON.stringify(key)).join(', ')}`)
  return parsed.dict
}

/** Text from the file made safe for a one-line message: control characters escaped. */
const printable = (text: string): string => JSON.stringify(text).slice(1, -1)

function parseDtype(path: string, descr: string): NpyDtype {
  const match = /^([<>=|])f([248])$/.exec(descr)
  if (!match) {
    throw new InputError(
      `${path}: npy dtype '${printable(descr)}' is not supported (float16, float32 and float64 are); convert it with x.astype('float32') before numpy.save.`,
    )
  }
  const order = match[1]!
  // '=' and '|' mean native order: numpy never writes them for floats, but be kind.
  const littleEndian = order === '<' || (order !== '>' && HOST_LITTLE_ENDIAN)
  return { descr, bytes: Number(match[2]) as 2 | 4 | 8, littleEndian }
}

function parseShape(path: string, value: PyValue | undefined): number[] {
  const items = value !== null && typeof value === 'object' && 'tuple' in value ? value.tuple : null
  if (!items || !items.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)) {
    throw new InputError(
      `${path}: malformed npy shape (it must be a tuple of non-negative integers); re-save the array with numpy.save.`,
    )
  }
  const shape = items as number[]
  if (!shape.every(Number.isSafeInteger)) {
    throw new InputError(
      `${path}: npy shape ${formatShape(shape)} is too large to be real; the header is corrupt: re-create the file.`,
    )
  }
  return shape
}

/** Describes a shape as numpy prints it: (5,), (3, 4). */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
}

/**
 * Builds a version 1.0 header for a little-endian float32 C-order (n, d) array,
 * padded with spaces and a final newline so the data starts at a multiple of 64 bytes.
 */
export function formatNpyHeader(n: number, d: number): Uint8Array {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${n}, ${d}), }`
  const unpadded = 10 + dict.length + 1
  const total = Math.ceil(unpadded / 64) * 64
  const bytes = new Uint8Array(total)
  bytes.set(MAGIC, 0)
  bytes[6] = 1
  bytes[7] = 0
  new DataView(bytes.buffer).setUint16(8, total - 10, true)
  bytes.set(Buffer.from(dict.padEnd(total - 11, ' ') + '\n', 'latin1'), 10)
  return bytes
}
