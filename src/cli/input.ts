import { InputError } from '../errors.js'
import {
  DEFAULT_DATA_SEED,
  loadRunInput,
  type EmbeddingsSource,
  type InputTransforms,
  type LoadedInput,
} from '../runs/input.js'
import { parseLaw } from '../laws/law-spec.js'
import { checkMatrixSize, intOption } from './options.js'

/** Input flags shared by commands that read an embedding file. */
export interface InputOptions {
  format?: string
  /** --column: Parquet list column with the vectors. */
  column?: string
  /** --id-column: Parquet column with the ids; text formats: 1, a header name, or none. */
  idColumn?: string
  /** --header / --no-header: text formats, whether line 1 is a header (undefined: guessed). */
  header?: boolean
  /** --tensor: safetensors tensor with the vectors. */
  tensor?: string
  /** --array: .npz array with the vectors. */
  array?: string
  center?: boolean
  normalize?: boolean
  dropUntrained?: boolean
  synthetic?: string
  n?: string
  d?: string
  dataSeed?: string
}

/**
 * The embeddings the flags name: a file, or `--synthetic LAW --n N --d D` (checked here,
 * with the flag names, before anything is read or generated).
 */
export function inputSource(file: string | undefined, o: InputOptions): EmbeddingsSource {
  if (o.synthetic !== undefined) {
    if (file !== undefined)
      throw new InputError(
        `give either an embeddings file or --synthetic, not both (got "${file}" and --synthetic ${o.synthetic}).`,
      )
    const law = parseLaw(o.synthetic)
    const n = intOption(o.n, '--n', 1)
    const d = intOption(o.d, '--d', 1)
    const dataSeed = intOption(o.dataSeed, '--data-seed', 0, DEFAULT_DATA_SEED)
    checkMatrixSize(n, d, '--synthetic --n --d')
    return { synthetic: law, n, d, dataSeed }
  }
  if (file === undefined)
    throw new InputError(
      'no embeddings given: name a file (e.g. items.npy) or use --synthetic normal --n 10000 --d 64.',
    )
  return {
    file,
    format: o.format,
    column: o.column,
    idColumn: o.idColumn,
    header: o.header,
    tensor: o.tensor,
    array: o.array,
  }
}

/**
 * Loads an embedding file, or generates `--synthetic LAW --n N --d D`, then applies
 * --center and --normalize (in place: no second copy of a large matrix).
 */
export async function loadInput(file: string | undefined, o: InputOptions): Promise<LoadedInput> {
  return loadRunInput({ ...inputSource(file, o), ...transformsOf(o) })
}

/** --center, --normalize and --drop-untrained as the runs take them. */
export function transformsOf(o: Pick<InputOptions, 'center' | 'normalize' | 'dropUntrained'>): InputTransforms {
  return { center: o.center, normalize: o.normalize, dropUntrained: o.dropUntrained }
}
