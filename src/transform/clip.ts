import { InputError } from '../errors.js'
import type { Embeddings } from '../io/embeddings.js'
import { quantileOf, rowNorms } from '../numeric.js'

export { quantileOf }

/** What {@link clipNorms} did. */
export interface Clipped {
  embeddings: Embeddings
  /** The norm cap: the `quantile`-quantile of the row norms. */
  threshold: number
  /** Rows whose norm was above the cap and were scaled down to it. */
  clipped: number
}

/**
 * Caps every row's Euclidean norm at the q-quantile of the row norms (linear
 * interpolation between order statistics, numpy's default): rows above it are
 * scaled to exactly that norm, direction kept; the others are unchanged. q = 1
 * caps at the largest norm, i.e. changes nothing.
 * @throws InputError when q is outside (0, 1].
 */
export function clipNorms(e: Embeddings, quantile: number, inPlace = false): Clipped {
  if (!(quantile > 0 && quantile <= 1))
    throw new InputError(`clip-norms: quantile ${quantile} must lie in (0, 1], e.g. clip-norms=0.9.`)
  const norms = rowNorms(e)
  const threshold = quantileOf(Float64Array.from(norms).sort(), quantile)
  const out = inPlace ? e.data : new Float32Array(e.data)
  let clipped = 0
  for (let i = 0; i < e.n; i++) {
    if (!(norms[i]! > threshold)) continue
    clipped++
    const f = threshold / norms[i]!
    for (let j = i * e.d; j < (i + 1) * e.d; j++) out[j] = e.data[j]! * f
  }
  return { embeddings: { ...e, data: out }, threshold, clipped }
}
