import { describe, expect, it } from 'vitest'
import { gini, hubnessMeasures } from '../../src/diagnose/hub-measures.js'

// Hand-computed values on crafted N_k vectors (exact rationals; tolerance 1e-12).
describe('hubnessMeasures', () => {
  it('is zero / even on a uniform N_k', () => {
    const m = hubnessMeasures([3, 3, 3, 3])
    expect(m).toEqual({ skewness: 0, robinHood: 0, gini: 0, antihubRate: 0, hubRate: 0, hubOccurrence: 0 })
  })

  it('matches hand values when one item takes every slot', () => {
    // N_k = [0,0,0,12]: mean 3, |dev| sum 3+3+3+9 = 18, RH = 18/24 = 0.75;
    // Gini = (2*4-5)*12 / (4*12) = 36/48 = 0.75; antihubs 3/4; hub (12 > 6) 1/4 holding 100 %.
    // Skewness: deviations -3,-3,-3,9: m2 = (27+81)/4 = 27, m3 = (-81+729)/4 = 162, 162/27^1.5 = 2/sqrt(3).
    const m = hubnessMeasures([0, 0, 12, 0])
    expect(m.robinHood).toBeCloseTo(0.75, 12)
    expect(m.gini).toBeCloseTo(0.75, 12)
    expect(m.antihubRate).toBe(0.75)
    expect(m.hubRate).toBe(0.25)
    expect(m.hubOccurrence).toBe(1)
    expect(m.skewness).toBeCloseTo(2 / Math.sqrt(3), 12)
  })

  it('matches hand values on a mixed vector', () => {
    // N_k = [0,1,2,3,14], sum 20, mean 4: |dev| = 4+3+2+1+10 = 20, RH = 20/40 = 0.5.
    // Gini over ascending 0,1,2,3,14 with weights (2i-6) = -4,-2,0,2,4:
    // (0 - 2 + 0 + 6 + 56) / (5*20) = 60/100 = 0.6. Hubs: 14 > 8 -> 1/5, slots 14/20.
    const m = hubnessMeasures([3, 14, 0, 2, 1])
    expect(m.robinHood).toBeCloseTo(0.5, 12)
    expect(m.gini).toBeCloseTo(0.6, 12)
    expect(m.antihubRate).toBeCloseTo(0.2, 12)
    expect(m.hubRate).toBeCloseTo(0.2, 12)
    expect(m.hubOccurrence).toBeCloseTo(0.7, 12)
    // deviations -4,-3,-2,-1,10: m2 = (16+9+4+1+100)/5 = 26, m3 = (-64-27-8-1+1000)/5 = 180.
    expect(m.skewness).toBeCloseTo(180 / 26 ** 1.5, 12)
  })

  it('uses a strict hub threshold and the given hub size', () => {
    // mean 2: N_k = 4 is not > 2*2, so no hub; with hubSize 1.5 (threshold 3) it is.
    expect(hubnessMeasures([4, 2, 0, 2]).hubRate).toBe(0)
    expect(hubnessMeasures([4, 2, 0, 2], 1.5).hubRate).toBe(0.25)
  })

  it('gini is 0 on all-zero counts rather than NaN', () => {
    expect(gini([0, 0, 0])).toBe(0)
    expect(hubnessMeasures([0, 0]).robinHood).toBe(0)
  })
})
