/**
 * Collects rows of a text file into one growing Float32Array (capacity
 * doubles, trimmed at the end), and turns cells into float32 values with
 * error messages that point at the line and column in the file.
 */
import { InputError } from '../errors.js'
import { parseNumberCell } from './cells.js'
import { detachString } from './line-reader.js'

/** Rows of numbers (and optional ids) read from `path`, in file order. */
export class MatrixBuilder {
  /** Backing storage; only the first `length` values are meaningful. */
  data: Float32Array
  length = 0
  rows = 0
  readonly ids: string[] = []

  /** `initialRows` is a hint; a corrupt header's huge d or N only costs memory once rows arrive. */
  constructor(
    readonly path: string,
    readonly d: number,
    initialRows = 1024,
  ) {
    this.data = new Float32Array(Math.max(1, Math.min(initialRows * d, 1 << 22)))
  }

  /**
   * Parses `cells[first .. first + d)` as the next row; `lineNumber` and
   * `first` make messages name the line and the column as the user sees them.
   */
  appendCells(cells: readonly string[], first: number, lineNumber: number): void {
    const d = this.d
    if (this.length + d > this.data.length) this.grow(this.length + d)
    const data = this.data
    const offset = this.length
    for (let j = 0; j < d; j++) {
      const cell = cells[first + j]!
      let value = +cell
      // Slow path only for text, empty cells and NaN/Inf spellings.
      if (value !== value || value === 0) value = this.parseOddCell(cell, lineNumber, first + j + 1)
      const stored = Math.fround(value)
      if (stored - stored !== 0) this.failNonFinite(cell, value, lineNumber, first + j + 1)
      data[offset + j] = stored
    }
    this.length += d
    this.rows++
  }

  /** Records the id of the row just appended (detached from the chunk text it came from). */
  addId(id: string): void {
    this.ids.push(detachString(id))
  }

  /** The rows read so far, trimmed to size. */
  finish(): Float32Array {
    return this.length === this.data.length ? this.data : this.data.slice(0, this.length)
  }

  private parseOddCell(cell: string, lineNumber: number, column: number): number {
    const value = parseNumberCell(cell)
    if (value !== undefined) return value
    const where = `${this.path}: line ${lineNumber}, column ${column}`
    if (cell.trim() === '') throw new InputError(`${where} is empty; fill it in or remove the stray delimiter.`)
    const hint = column === 1 ? ' (if column 1 holds ids, set the idColumn option)' : ''
    throw new InputError(`${where} is ${JSON.stringify(cell.trim())}, not a number; fix or remove that line${hint}.`)
  }

  private failNonFinite(cell: string, value: number, lineNumber: number, column: number): never {
    const where = `${this.path}: line ${lineNumber}, column ${column}`
    if (Number.isFinite(value)) {
      throw new InputError(
        `${where} (${cell.trim()}) overflows float32 (largest 3.4e38); rescale the data or drop that line.`,
      )
    }
    throw new InputError(`${where} is ${value}; every value must be finite: drop or repair that line.`)
  }

  /** Doubles the capacity; near the memory limit, settles for less before giving up. */
  private grow(needed: number): void {
    const doubled = Math.max(needed, this.data.length * 2)
    for (const capacity of [doubled, Math.max(needed, Math.ceil(this.data.length * 1.25)), needed]) {
      try {
        const bigger = new Float32Array(capacity)
        bigger.set(this.data.subarray(0, this.length))
        this.data = bigger
        return
      } catch (error) {
        if (!(error instanceof RangeError)) throw error
      }
    }
    const gib = ((needed * 4) / 2 ** 30).toFixed(1)
    throw new InputError(
      `${this.path}: holding ${this.rows} rows of ${this.d} values needs ${gib} GiB, more than this process can allocate; load a smaller file or use the npy format.`,
    )
  }
}
