import { describe, expect, it } from 'vitest'
import { judge, type VerdictInputs } from '../../src/diagnose/index.js'
import { wordVerdict } from '../../src/report/verdict-wording.js'

/** Measures that flag nothing; each case below raises one past its threshold. */
const calm: VerdictInputs = {
  k: 10,
  consistency: 0.1,
  ciHalfWidth: 0.01,
  theory: 0.4,
  normCv: 0.1,
  normOccurrence: 0.1,
  normShare: 0.12,
  hubSkewness: 1,
  hubShare: 0.02,
  meanCosine: 0.01,
  effectiveRatio: 0.9,
  excessKurtosis: 0.5,
}

const cases: [string, Partial<VerdictInputs>][] = [
  ['norms', { normCv: 1, normShare: 0.6 }],
  ['hubs', { hubSkewness: 10 }],
  ['anisotropy', { meanCosine: 0.5 }],
  ['heavy-tails', { excessKurtosis: 9 }],
  ['unexplained', {}],
  ['none', { consistency: 0.39 }],
]

describe('verdict wording', () => {
  it.each(cases)('%s: the suggestion names every remedy the verdict returns, in order', (cause, change) => {
    const v = judge({ ...calm, ...change })
    expect(v.cause).toBe(cause)
    const worded = wordVerdict(v)
    expect(Object.keys(worded)).toEqual(['cause', 'summary', 'suggestion', 'severity'])
    let from = 0
    for (const remedy of v.remedies) {
      const at = worded.suggestion.indexOf(remedy, from)
      expect(at, `${remedy} in "${worded.suggestion}"`).toBeGreaterThanOrEqual(0)
      from = at + remedy.length
    }
    expect(worded.suggestion.startsWith('avgcon align --transform ')).toBe(v.remedies.length > 0)
  })

  it('the library verdict holds no command lines', () => {
    for (const [, change] of cases) expect(JSON.stringify(judge({ ...calm, ...change }))).not.toMatch(/avgcon|--/)
  })
})
