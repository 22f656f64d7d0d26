import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { rowNorms } from '../../src/estimate/metric.js'
import {
  applyPipeline,
  center,
  clipNorms,
  normalize,
  parseTransforms,
  quantileOf,
  standardize,
} from '../../src/transform/index.js'
import { measureDimMoments } from '../../src/theory/measure.js'
import { logNormalNorms, mixedGaussian } from './helpers.js'

describe('center, normalize, standardize, clip-norms do what they say', () => {
  const e = mixedGaussian(500, 6, 6, 1, 2)

  it('center: every column mean is 0', () => {
    for (const m of measureDimMoments(center(e)).mean) expect(Math.abs(m)).toBeLessThan(1e-6)
  })

  it('normalize: every row has norm 1', () => {
    for (const v of rowNorms(normalize(e))) expect(v).toBeCloseTo(1, 6)
  })

  it('standardize: every column has mean 0 and std 1', () => {
    const m = measureDimMoments(standardize(e))
    for (let j = 0; j < 6; j++) {
      expect(Math.abs(m.mean[j]!)).toBeLessThan(1e-6)
      expect(m.std[j]!).toBeCloseTo(1, 5)
    }
  })

  it('clip-norms=q: rows above the q-quantile norm get exactly that norm and keep their direction; others are unchanged', () => {
    const x = logNormalNorms(401, 5, 1, 2)
    const before = rowNorms(x)
    const cap = quantileOf(Float64Array.from(before).sort(), 0.75)
    const c = clipNorms(x, 0.75)
    expect(c.threshold).toBe(cap)
    expect(c.clipped).toBe(100)
    const after = rowNorms(c.embeddings)
    for (let i = 0; i < x.n; i++) {
      if (before[i]! > cap) {
        expect(after[i]!).toBeCloseTo(cap, 4)
        const f = after[i]! / before[i]!
        for (let j = 0; j < 5; j++) expect(c.embeddings.data[i * 5 + j]!).toBeCloseTo(x.data[i * 5 + j]! * f, 5)
      } else {
        expect(Array.from(c.embeddings.data.subarray(i * 5, i * 5 + 5))).toEqual(
          Array.from(x.data.subarray(i * 5, i * 5 + 5)),
        )
      }
    }
    expect(clipNorms(x, 1).clipped).toBe(0)
  })

  it('quantileOf interpolates linearly (numpy default)', () => {
    expect(quantileOf([1, 2, 3, 4], 0.5)).toBe(2.5)
    expect(quantileOf([1, 2, 3, 4], 1)).toBe(4)
    expect(quantileOf([1, 2, 3, 4], 0)).toBe(1)
  })
})

describe('pipeline', () => {
  it('parses steps in order with their parameters', () => {
    expect(parseTransforms('center, whiten ,normalize,clip-norms=0.5,clip-norms,whiten=0.1')).toEqual([
      { name: 'center' },
      { name: 'whiten' },
      { name: 'normalize' },
      { name: 'clip-norms', quantile: 0.5 },
      { name: 'clip-norms', quantile: 0.9 },
      { name: 'whiten', shrinkage: 0.1 },
    ])
  })

  it('composes in the order given (normalize then clip differs from clip then normalize)', () => {
    const e = logNormalNorms(300, 4, 1, 3)
    const a = applyPipeline(e, parseTransforms('center,normalize')).embeddings
    expect(a.data).toEqual(normalize(center(e)).data)
    const nc = applyPipeline(e, parseTransforms('normalize,clip-norms=0.5')).embeddings
    const cn = applyPipeline(e, parseTransforms('clip-norms=0.5,normalize')).embeddings
    for (const v of rowNorms(nc)) expect(v).toBeCloseTo(1, 6)
    expect(cn.data).toEqual(normalize(clipNorms(e, 0.5).embeddings).data)
    const wn = applyPipeline(e, parseTransforms('whiten,normalize'))
    expect(wn.steps.map((s) => s.step)).toEqual(['whiten', 'normalize'])
    expect(wn.steps[0]!.note).toMatch(/^rank 4 of 4, shrinkage 0$/)
  })

  it('never modifies the input unless inPlace', () => {
    const e = mixedGaussian(50, 3, 3, 4)
    const copy = Float32Array.from(e.data)
    applyPipeline(e, parseTransforms('center,whiten,normalize,clip-norms=0.5,standardize'))
    expect(e.data).toEqual(copy)
  })

  it('rejects unknown transforms and bad parameters with one sentence', () => {
    // The library speaks as its module and names the option in `field`; the CLI prints --transform.
    expect(() => parseTransforms('center,sharpen')).toThrow(
      'transform: unknown transform "sharpen"; use center, whiten[=shrinkage], normalize, clip-norms[=q] or standardize, comma-separated.',
    )
    expect(() => parseTransforms('center,sharpen')).toThrow(expect.objectContaining({ field: 'transform' }))
    expect(() => parseTransforms('clip-norms=0')).toThrow(
      'clip-norms: quantile 0 must lie in (0, 1], e.g. clip-norms=0.9.',
    )
    expect(() => parseTransforms('clip-norms=1.5')).toThrow(
      'clip-norms: quantile 1.5 must lie in (0, 1], e.g. clip-norms=0.9.',
    )
    expect(() => parseTransforms('clip-norms=abc')).toThrow(/malformed parameter/)
    expect(() => parseTransforms('center=2')).toThrow('transform: center takes no parameter (got "center=2").')
    expect(() => parseTransforms('')).toThrow(/no transform given/)
    expect(() => clipNorms(mixedGaussian(5, 2, 2, 1), -1)).toThrow(InputError)
  })
})
