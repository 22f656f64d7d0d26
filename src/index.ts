/**
 * avgcon: does the average of item embeddings still point at its items?
 * The public library API; everything else is internal.
 */
export { InputError, warn } from './errors.js'
export { rng, type Rng } from './rng.js'
export { type Embeddings, validateEmbeddings } from './io/embeddings.js'
export { type Engine, type TopKOptions } from './search/engine.js'
