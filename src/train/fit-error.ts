/**
 * The error a trainer throws when its result is unusable (implicit's ModelFitError):
 * a NaN or infinite factor, or a system that is not positive definite. Such factors are
 * never returned, so no file with NaN is ever written.
 */
import type { Embeddings } from '../io/embeddings.js'

/** Training produced non-finite or otherwise unusable factors. */
export class FitError extends Error {
  override name = 'FitError'
}

/**
 * Throws a FitError when a factor matrix holds NaN or +-Inf, naming the first bad row.
 * `what` names the model and side, e.g. "als: item factors".
 */
export function checkFactors(e: Embeddings, what: string, remedy: string): Embeddings {
  const data = e.data
  for (let p = 0; p < data.length; p++) {
    const v = data[p]!
    // v - v is NaN exactly for NaN and +-Inf.
    if (v - v !== 0) {
      const row = Math.floor(p / e.d)
      const id = e.ids ? ` (id ${JSON.stringify(e.ids[row])})` : ''
      throw new FitError(`${what}: row ${row}${id}, column ${p % e.d} is ${v} after fitting; ${remedy}.`)
    }
  }
  return e
}
