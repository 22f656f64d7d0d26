import { basename } from 'node:path'
import { InputError } from '../errors.js'
import { detectFormat, loadEmbeddings } from '../io/index.js'
import type { Embeddings } from '../io/embeddings.js'
import type { InputInfo } from '../results.js'
import { generate } from '../synthetic/index.js'
import { formatLaw, parseLaw } from '../theory/index.js'
import { center } from '../transform/center.js'
import { normalize } from '../transform/normalize.js'
import { checkMatrixSize, intOption } from './options.js'

/** Input flags shared by commands that read an embedding file. */
export interface InputOptions {
  format?: string
  /** --column: Parquet list column with the vectors. */
  column?: string
  /** --id-column: Parquet column with the ids. */
  idColumn?: string
  /** --tensor: safetensors tensor with the vectors. */
  tensor?: string
  center?: boolean
  normalize?: boolean
  synthetic?: string
  n?: string
  d?: string
  dataSeed?: string
}

/** Loaded embeddings, already transformed as asked, and what to say about them. */
export interface LoadedInput {
  embeddings: Embeddings
  info: InputInfo
}

/**
 * Loads an embedding file, or generates `--synthetic LAW --n N --d D`, then applies
 * --center and --normalize (in place: no second copy of a large matrix).
 */
export async function loadInput(file: string | undefined, o: InputOptions): Promise<LoadedInput> {
  if (o.synthetic !== undefined) {
    if (file !== undefined)
      throw new InputError(
        `give either an embeddings file or --synthetic, not both (got "${file}" and --synthetic ${o.synthetic}).`,
      )
    const law = parseLaw(o.synthetic)
    const n = intOption(o.n, '--n', 1)
    const d = intOption(o.d, '--d', 1)
    const seed = intOption(o.dataSeed, '--data-seed', 0, 1)
    checkMatrixSize(n, d, '--synthetic --n --d')
    const embeddings = generate(law, n, d, seed)
    return { embeddings: applyTransforms(embeddings, o), info: { synthetic: `${formatLaw(law)} seed=${seed}`, n, d } }
  }
  if (file === undefined)
    throw new InputError(
      'no embeddings given: name a file (e.g. items.npy) or use --synthetic normal --n 10000 --d 64.',
    )
  const embeddings = await loadEmbeddings(file, {
    format: o.format,
    column: o.column,
    idColumnName: o.idColumn,
    tensor: o.tensor,
  })
  const info: InputInfo = {
    file: basename(file),
    format: o.format ?? (await detectFormat(file)),
    n: embeddings.n,
    d: embeddings.d,
  }
  return { embeddings: applyTransforms(embeddings, o), info }
}

/** Applies --center and --normalize, in that order, overwriting the matrix. */
export function applyTransforms(e: Embeddings, o: InputOptions): Embeddings {
  let out = e
  if (o.center) out = center(out, true)
  if (o.normalize) out = normalize(out, true)
  return out
}
