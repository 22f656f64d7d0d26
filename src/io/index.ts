/**
 * Embedding files in and out.
 *
 * Reading: {@link loadEmbeddings} picks a format from the registry (npy, csv,
 * tsv, txt, word2vec, and from ./formats.js parquet, safetensors, npz, word2vec-binary)
 * by option, extension or first bytes, loads the file into
 * one row-major Float32Array and validates it. New formats join through
 * {@link registerFormat}. Every problem with a file is an `InputError` whose
 * message is one sentence naming the file, the line or field, and the fix.
 *
 * Writing: {@link saveNpy} and {@link saveDelimited} write files the loaders read
 * back bit for bit; {@link writeFileAtomic} and {@link openAtomicWriter} never
 * leave a partial file behind, for any output (the CLI's `--out`).
 */
import './formats.js'
export { type Embeddings, row, validateEmbeddings } from './embeddings.js'
export { toEmbeddings, type ToEmbeddingsOptions } from './to-embeddings.js'
export {
  detectFormat,
  type EmbeddingsFormat,
  listFormats,
  loadEmbeddings,
  type LoadOptions,
  registerFormat,
  warnDuplicateIds,
} from './registry.js'
export type { Delimiter } from './cells.js'
export { saveNpy } from './npy.js'
export { loadNpz, type NpzLoadOptions } from './npz.js'
export { loadParquet, type ParquetLoadOptions } from './parquet.js'
export { loadSafetensors, type SafetensorsLoadOptions } from './safetensors.js'
export { loadWord2vecBinary, type Word2vecBinaryLoadOptions } from './word2vec-binary.js'
export { saveDelimited, type SaveDelimitedOptions } from './save-delimited.js'
export { idsSidecarPath } from './ids-sidecar.js'
export { formatFloat32 } from './float-text.js'
export { type AtomicData, type AtomicWriter, openAtomicWriter, withAtomicWriter, writeFileAtomic } from './atomic.js'
