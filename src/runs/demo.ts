/**
 * `demo`: the estimate on built-in data (100,000 i.i.d. N(0,1) embeddings, d=128) next to
 * Proposition 2, as the results envelope `avgcon demo --json` prints.
 */
import type { ConsistencyPoint } from '../estimate/consistency.js'
import type { RunResult } from '../results.js'
import { generate } from '../synthetic/index.js'
import { lawMoments, parseLaw, theoryCurve, type TheoryPoint } from '../theory/index.js'
import { estimateOn, type EstimateSettings } from './estimate.js'

/** The demo data: N items, d dimensions, generator seed. */
export const DEMO_DATA = { n: 100_000, d: 128, seed: 1 } as const

/** The demo envelope: the estimate's, plus Proposition 2 at the same k. */
export type DemoResult = RunResult<ConsistencyPoint> & { theory: TheoryPoint[] }

/** Estimates Consistency_k of the built-in i.i.d. N(0,1) data and puts Proposition 2 beside it. */
export async function demo(settings: EstimateSettings = {}): Promise<DemoResult> {
  const { n, d, seed } = DEMO_DATA
  const embeddings = generate('normal', n, d, seed)
  const info = { synthetic: `normal(0,1) N=${n} d=${d} seed=${seed}`, n, d }
  const result = await estimateOn('demo', { embeddings, info }, settings)
  const theory = theoryCurve({ n, d, ks: result.results.map((p) => p.k), moments: lawMoments(parseLaw('normal')) })
  return { ...result, theory }
}
