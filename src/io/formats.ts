/**
 * Registers the binary formats beyond the built-in ones (npy and the text
 * formats, registered in registry.ts): Parquet, safetensors, .npz and word2vec binary.
 * Imported for its effect by io/index.ts, so every `loadEmbeddings` reached
 * through the package entry knows them.
 */
import { loadNpz } from './npz.js'
import { loadParquet } from './parquet.js'
import { registerFormat } from './registry.js'
import { loadSafetensors } from './safetensors.js'
import { loadWord2vecBinary } from './word2vec-binary.js'

registerFormat({
  name: 'parquet',
  extensions: ['.parquet', '.pq'],
  load: (path, options) => loadParquet(path, options),
})
registerFormat({
  name: 'safetensors',
  extensions: ['.safetensors'],
  load: (path, options) => loadSafetensors(path, options),
})
registerFormat({ name: 'npz', extensions: ['.npz'], load: (path, options) => loadNpz(path, options) })
registerFormat({
  name: 'word2vec-binary',
  extensions: ['.bin'],
  load: (path, options) => loadWord2vecBinary(path, options),
})
