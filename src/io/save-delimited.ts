/**
 * Writes embeddings as CSV, TSV or space-separated text that the delimited
 * loader reads back to the identical float32 matrix.
 */
import { extname } from 'node:path'
import { InputError } from '../errors.js'
import { withAtomicWriter } from './atomic.js'
import { type Embeddings, validateEmbeddings } from './embeddings.js'
import { formatFloat32 } from './float-text.js'

/** Options for {@link saveDelimited}. */
export interface SaveDelimitedOptions {
  /** Cell separator; default from the extension: tab for .tsv/.tab, space for .txt, else comma. */
  delimiter?: ',' | '\t' | ' '
  /**
   * Write a header line ("id,v1,...,vd"). Default: only when there are ids, because
   * the header's "id" is what tells a reader that numeric-looking ids are ids.
   */
  header?: boolean
}

/** Characters per write: big enough for few syscalls, small next to the data. */
const BLOCK_CHARS = 1 << 20

/** The delimiter a file name implies. */
function delimiterFor(path: string): ',' | '\t' | ' ' {
  const extension = extname(path).toLowerCase()
  if (extension === '.tsv' || extension === '.tab') return '\t'
  if (extension === '.txt' || extension === '.ssv') return ' '
  return ','
}

/** An id as one cell: quoted when it holds the delimiter or a quote; refused when it cannot be stored. */
function idCell(path: string, id: string, index: number, delimiter: string): string {
  const where = `${path}: id ${index + 1} (${JSON.stringify(id)})`
  if (/[\r\n]/.test(id)) throw new InputError(`${where} contains a line break; remove it, rows are one per line.`)
  if (delimiter === ' ') {
    if (id === '' || /[ \t]/.test(id))
      throw new InputError(
        `${where} is empty or holds a space, which space-separated text cannot store; save as CSV or TSV instead.`,
      )
    return id
  }
  if (!id.includes(delimiter) && !id.includes('"')) return id
  return `"${id.replaceAll('"', '""')}"`
}

/**
 * Saves `e` as delimited text, atomically: values in the shortest form that
 * reads back to the same float32, ids (if any) in the first column.
 */
export async function saveDelimited(path: string, e: Embeddings, options: SaveDelimitedOptions = {}): Promise<void> {
  validateEmbeddings(e, path)
  const delimiter = options.delimiter ?? delimiterFor(path)
  const ids = e.ids
  const idCells = ids?.map((id, i) => idCell(path, id, i, delimiter))
  await withAtomicWriter(path, async (writer) => {
    let block = ''
    if (options.header ?? ids !== undefined) {
      const names = Array.from({ length: e.d }, (_, j) => `v${j + 1}`)
      block = (idCells ? ['id', ...names] : names).join(delimiter) + '\n'
    }
    const values: string[] = new Array(e.d)
    for (let i = 0; i < e.n; i++) {
      for (let j = 0; j < e.d; j++) values[j] = formatFloat32(e.data[i * e.d + j]!)
      block += (idCells ? idCells[i] + delimiter : '') + values.join(delimiter) + '\n'
      if (block.length >= BLOCK_CHARS) {
        await writer.write(block)
        block = ''
      }
    }
    await writer.write(block)
  })
}
