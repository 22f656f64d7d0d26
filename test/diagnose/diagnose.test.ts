import { describe, expect, it } from 'vitest'
import { diagnose, diagnosisText } from '../../src/diagnose/index.js'
import { estimateConsistency } from '../../src/estimate/index.js'
import { loadEngine } from '../../src/search/index.js'
import { applyPipeline, parseTransforms } from '../../src/transform/index.js'
import { wordDiagnosis } from '../../src/report/verdict-wording.js'
import { rng } from '../../src/rng.js'
import { logNormalNorms } from '../transform/helpers.js'

const engine = loadEngine()
const SAMPLES = 2000

/** Consistency_10 with 2000 random sets, seed 1. */
async function consistency(e: Parameters<typeof estimateConsistency>[0]) {
  return (await estimateConsistency(e, { ks: [10], engine, samples: SAMPLES, seed: 1 }))[0]!
}

describe('diagnose on a planted model with log-normal item norms', () => {
  const e = logNormalNorms(4000, 32, 1, 11)

  it('names norms (hubs) as the dominant cause, with the numbers behind it', async () => {
    const dg = await diagnose(e, { engine, k: 10, samples: SAMPLES })
    expect(dg.verdict.cause).toBe('norms')
    expect(dg.norms.occurrenceCorrelation).toBeGreaterThan(0.3)
    expect(dg.hubness.averages.top1PercentShare).toBeGreaterThan(0.3)
    expect(dg.verdict.summary).toMatch(/Dominant cause: item norms/)
    expect(JSON.parse(JSON.stringify(dg)).verdict.cause).toBe('norms')
    expect(dg.verdict.remedies).toEqual(['normalize', 'clip-norms=0.5'])
    expect(diagnosisText(wordDiagnosis(dg))).toMatch(
      /Verdict\n {2}Consistency_10 = [^\n]+\n {2}Try: avgcon align --transform normalize/,
    )
  })

  it('normalize and clip-norms raise consistency well beyond Monte Carlo error', async () => {
    const raw = await consistency(e)
    for (const t of ['normalize', 'clip-norms=0.5']) {
      const after = await consistency(applyPipeline(e, parseTransforms(t)).embeddings)
      expect(after.ciLow).toBeGreaterThan(raw.ciHigh)
    }
  })
})

describe('diagnose on i.i.d. normal data', () => {
  const r = rng(12)
  const n = 4000,
    d = 32
  const e = { n, d, data: Float32Array.from({ length: n * d }, () => r.normal()) }

  it('finds no dominant cause', async () => {
    const dg = await diagnose(e, { engine, k: 10, samples: SAMPLES })
    expect(dg.verdict.cause).toBe('none')
    expect(dg.anisotropy.effectiveRatio).toBeGreaterThan(0.95)
  })

  it('affine transforms change no point of the curve beyond Monte Carlo error; norm transforms none at k >= 10', async () => {
    const ks = [2, 5, 10, 20]
    const curve = (x: Parameters<typeof estimateConsistency>[0]) =>
      estimateConsistency(x, { ks, engine, samples: SAMPLES, seed: 1 })
    const raw = await curve(e)
    const cases: [string, number][] = [
      ['center', 2],
      ['whiten', 2],
      ['center,whiten', 2],
      ['standardize', 2],
      ['normalize', 10],
      ['clip-norms=0.5', 10],
    ]
    for (const [t, fromK] of cases) {
      const after = await curve(applyPipeline(e, parseTransforms(t)).embeddings)
      after.forEach((p, i) => {
        if (p.k < fromK) return
        const b = raw[i]!
        // Same seed, same sets: a paired comparison; allow the sum of both CI half-widths.
        const tolerance = (b.ciHigh - b.ciLow) / 2 + (p.ciHigh - p.ciLow) / 2
        expect(Math.abs(p.mean - b.mean), `${t} k=${p.k}`).toBeLessThan(tolerance)
      })
    }
  })
})
