import { describe, expect, it } from 'vitest'
import { generate } from '../../src/synthetic/index.js'
import {
  lawMoments,
  measureDimMoments,
  parseLaw,
  poolMoments,
  referenceCurves,
  theoryCurve,
} from '../../src/theory/index.js'

const e = generate('uniform(0,1)', 3000, 16, 4)
const dm = measureDimMoments(e)
const ks = [2, 5, 10]

describe('referenceCurves', () => {
  it('gives the i.i.d. normal, pooled and per-dimension curves at every k', () => {
    const r = referenceCurves({ n: e.n, d: e.d, ks, dimMoments: dm })
    const base = { n: e.n, d: e.d, ks }
    expect(r.pooledMoments).toEqual(poolMoments(dm, e.n))
    expect(r.iid).toEqual(theoryCurve({ ...base, moments: lawMoments(parseLaw('normal')) }))
    expect(r.pooled).toEqual(theoryCurve({ ...base, moments: poolMoments(dm, e.n) }))
    expect(r.perDimension).toEqual(theoryCurve({ ...base, dimMoments: dm }))
    expect(r.iid.map((p) => p.k)).toEqual(ks)
  })

  it('pools as asked: a mean below the threshold becomes 0', () => {
    const plain = referenceCurves({ n: e.n, d: e.d, ks, dimMoments: dm })
    const zeroed = referenceCurves({ n: e.n, d: e.d, ks, dimMoments: dm, pool: { zeroMeanBelow: 1 } })
    expect(plain.pooledMoments.mean).toBeGreaterThan(0.4)
    expect(zeroed.pooledMoments.mean).toBe(0)
    expect(zeroed.pooled).not.toEqual(plain.pooled)
    expect(zeroed.perDimension).toEqual(plain.perDimension)
  })

  it('the curves differ when the data is not normal', () => {
    const r = referenceCurves({ n: e.n, d: e.d, ks, dimMoments: dm })
    expect(r.pooled[2]!.consistency).not.toBe(r.iid[2]!.consistency)
  })
})
