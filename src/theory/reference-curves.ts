/**
 * The three theory curves a measured Consistency_k is set against (compare, diagnose,
 * report): i.i.d. N(0,1) coordinates with the data's N and d (the paper's Figure 3),
 * i.i.d. coordinates with the data's pooled moments, and independent coordinates with
 * each dimension's own moments.
 */
import { theoryCurve } from './curve.js'
import { lawMoments } from '../laws/laws.js'
import { parseLaw } from '../laws/law-spec.js'
import { poolMoments, type PoolOptions } from './measure.js'
import type { DimMoments, Moments, TheoryPoint } from './types.js'

/** What {@link referenceCurves} needs: the data's shape, the set sizes and its measured moments. */
export interface ReferenceParams {
  n: number
  d: number
  ks: readonly number[]
  dimMoments: DimMoments
  /** How the per-dimension moments are pooled (diagnose zeroes a small mean, as the paper). */
  pool?: PoolOptions
}

/** The three curves at the same k, and the pooled moments behind the second. */
export interface ReferenceCurves {
  iid: TheoryPoint[]
  pooled: TheoryPoint[]
  perDimension: TheoryPoint[]
  pooledMoments: Moments
}

/** Proposition 2 for i.i.d. N(0,1), pooled and per-dimension moments (see the module comment). */
export function referenceCurves(p: ReferenceParams): ReferenceCurves {
  const pooledMoments = poolMoments(p.dimMoments, p.n, p.pool)
  const base = { n: p.n, d: p.d, ks: p.ks }
  return {
    iid: theoryCurve({ ...base, moments: lawMoments(parseLaw('normal')) }),
    pooled: theoryCurve({ ...base, moments: pooledMoments }),
    perDimension: theoryCurve({ ...base, dimMoments: p.dimMoments }),
    pooledMoments,
  }
}
