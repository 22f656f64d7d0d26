/**
 * Inner products <X, Y> of independent i.i.d. vectors (the paper's Figure 1), and the
 * lattice a discrete law puts them on. The generator is passed in: this ground-level
 * folder knows no laws.
 */
import { rng } from '../rng.js'

/** Pairs generated per call of the generator: bounds memory (2 x 32768 x d floats) whatever `pairs` is. */
const CHUNK = 32_768

/** Draws a rows x d row-major matrix of i.i.d. coordinates from `seed`. */
export type RowDraw = (rows: number, d: number, seed: number) => { data: ArrayLike<number> }

/** One histogram bin [x0, x1) and how many values fall in it. */
export interface LatticeBin {
  x0: number
  x1: number
  count: number
}

/**
 * `pairs` inner products <X, Y> of independent vectors (rows 2p and 2p+1 of generated
 * chunks), sorted ascending. Chunk seeds come from one stream seeded by `streamSeed`
 * (the caller derives it per dimension, so a d's sample does not depend on the others).
 */
export function innerProducts(
  draw: RowDraw,
  d: number,
  pairs: number,
  streamSeed: number,
  onProgress: (done: number) => void = () => {},
): Float64Array {
  const out = new Float64Array(pairs)
  const seeds = rng(streamSeed)
  for (let start = 0; start < pairs; start += CHUNK) {
    const m = Math.min(CHUNK, pairs - start)
    const { data } = draw(2 * m, d, seeds.nextU32())
    for (let p = 0; p < m; p++) {
      let dot = 0
      for (let j = 0, a = 2 * p * d, b = a + d; j < d; j++) dot += data[a + j]! * data[b + j]!
      out[start + p] = dot
    }
    onProgress(start + m)
  }
  return out.sort()
}

/**
 * One bin of width `step` centred on each lattice point when the sample takes few
 * distinct values on a regular lattice (e.g. rademacher: even integers); equal-width
 * bins would otherwise straddle the atoms and draw spikes and gaps. Undefined otherwise.
 */
export function latticeBins(sorted: Float64Array): LatticeBin[] | undefined {
  const distinct: number[] = []
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!)
    if (distinct.length > 400) return undefined
  }
  if (distinct.length < 2) return undefined
  let step = Infinity
  for (let i = 1; i < distinct.length; i++) step = Math.min(step, distinct[i]! - distinct[i - 1]!)
  const lo = distinct[0]!
  if (distinct.some((v) => Math.abs((v - lo) / step - Math.round((v - lo) / step)) > 1e-6)) return undefined
  const bins = Array.from({ length: Math.round((distinct.at(-1)! - lo) / step) + 1 }, (_, i) => ({
    x0: lo + (i - 0.5) * step,
    x1: lo + (i + 0.5) * step,
    count: 0,
  }))
  for (let i = 0; i < sorted.length; i++) bins[Math.round((sorted[i]! - lo) / step)]!.count++
  return bins
}
