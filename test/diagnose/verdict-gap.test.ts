import { describe, expect, it } from 'vitest'
import { judge, THRESHOLDS, type VerdictInputs } from '../../src/diagnose/verdict.js'

/** Measures that flag nothing, so only the gap to the theory decides. */
const quiet: VerdictInputs = {
  k: 10,
  consistency: 0,
  ciHalfWidth: 0,
  theory: 0,
  normCv: 0.1,
  normOccurrence: 0,
  normShare: 0.1,
  hubSkewness: 1,
  hubShare: 0.02,
  meanCosine: 0.01,
  effectiveRatio: 0.9,
  excessKurtosis: 0,
}

describe('verdict: closeness to theory is relative (issue 13.6)', () => {
  it('the stated rule: within 30 % of the theory or two CI half-widths', () => {
    expect(THRESHOLDS.theoryGap).toBe(0.3)
  })
  it('0.0047 against a theory of 0.029 is far, not "close to the theoretical setting"', () => {
    const v = judge({ ...quiet, consistency: 0.0047, ciHalfWidth: 0.0012, theory: 0.029 })
    expect(v.cause).toBe('unexplained')
    expect(v.summary).not.toMatch(/close to the theoretical setting/)
  })
  it('a gap within 30 % of the theory is close; just past it is not', () => {
    expect(judge({ ...quiet, consistency: 0.2, ciHalfWidth: 0.001, theory: 0.28 }).cause).toBe('none') // 28.6 %
    expect(judge({ ...quiet, consistency: 0.2, ciHalfWidth: 0.001, theory: 0.3 }).cause).toBe('unexplained') // 33 %
  })
  it('a gap inside two CI half-widths is close whatever its relative size', () => {
    expect(judge({ ...quiet, consistency: 0.01, ciHalfWidth: 0.011, theory: 0.03 }).cause).toBe('none')
    expect(judge({ ...quiet, consistency: 0.01, ciHalfWidth: 0.009, theory: 0.03 }).cause).toBe('unexplained')
  })
  it('consistency above the theory is close', () => {
    expect(judge({ ...quiet, consistency: 0.4, ciHalfWidth: 0, theory: 0.3 }).cause).toBe('none')
  })
})
