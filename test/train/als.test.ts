import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { cgSweep } from '../../src/train/cg.js'
import { choleskySweep } from '../../src/train/cholesky.js'
import { userItemCsr } from '../../src/train/csr.js'
import { gram } from '../../src/train/dense.js'
import { checkFactors } from '../../src/train/fit-error.js'
import { alsLoss, evaluateRanking, FitError, splitPerUser, trainAls } from '../../src/train/index.js'
import { rng } from '../../src/rng.js'
import { allFinite, bestNewItem, checkerboard, fromPairs, neighbours, plantedClusters } from './fixtures.js'

describe('trainAls on planted clusters', () => {
  const { log, cluster } = plantedClusters()
  const { train, test } = splitPerUser(log, { fraction: 0.3, seed: 3 })
  const model = trainAls(train, { factors: 8, iterations: 15, regularization: 0.1, seed: 5 })

  it('ranks held-out items far above a random ranking', () => {
    const m = evaluateRanking(train, test, model.userFactors, model.itemFactors)
    // ~6 unseen items of the user's cluster among ~90 candidates: random recall@10 ~ 0.11,
    // a model that ranks the cluster first ~ 1 (less the noise items).
    expect(m.randomRecall).toBeLessThan(0.12)
    expect(m.recall).toBeGreaterThan(0.85)
    // Within the cluster the order is arbitrary, so nDCG sits near that of a random
    // order of the ~6 cluster items (~0.65), against ~0.06 for a random ranking.
    expect(m.ndcg).toBeGreaterThan(0.5)
  })

  it('makes the items of one cluster each other nearest neighbours', () => {
    let same = 0,
      total = 0
    for (let i = 0; i < model.itemFactors.n; i++) {
      for (const j of neighbours(model.itemFactors, i, 5)) {
        total++
        if (cluster(j) === cluster(i)) same++
      }
    }
    expect(same / total).toBeGreaterThanOrEqual(0.98)
  })

  it('returns ids with the factors', () => {
    expect(model.itemFactors.ids).toBe(train.items)
    expect(model.userFactors.ids).toBe(train.users)
    expect(model.itemFactors.data.length).toBe(96 * 8)
  })
})

describe('trainAls is seeded', () => {
  const { log } = plantedClusters({ users: 60 })
  it('same seed gives bit-identical factors; another seed differs', () => {
    const a = trainAls(log, { factors: 6, iterations: 5, seed: 42 })
    const b = trainAls(log, { factors: 6, iterations: 5, seed: 42 })
    const c = trainAls(log, { factors: 6, iterations: 5, seed: 43 })
    expect(Buffer.from(a.itemFactors.data.buffer)).toEqual(Buffer.from(b.itemFactors.data.buffer))
    expect(Buffer.from(a.userFactors.data.buffer)).toEqual(Buffer.from(b.userFactors.data.buffer))
    expect(Buffer.from(a.itemFactors.data.buffer)).not.toEqual(Buffer.from(c.itemFactors.data.buffer))
  })

  it('reports progress once per iteration', () => {
    const calls: [number, number][] = []
    trainAls(log, { factors: 4, iterations: 3, progress: (done, total) => calls.push([done, total]) })
    expect(calls).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ])
  })
})

describe('conjugate gradient against the Cholesky oracle', () => {
  // 30 users x 40 items, weights 1..5, d = 6.
  const r = rng(11)
  const pairs: [number, number, number][] = []
  for (let u = 0; u < 30; u++) for (let i = 0; i < 40; i++) if (r.next() < 0.2) pairs.push([u, i, 1 + r.int(5)])
  const log = fromPairs(30, 40, pairs)
  const d = 6

  it('one half-sweep with 2d CG steps matches the exact solve to 1e-9', () => {
    const ui = userItemCsr(log)
    for (let q = 0; q < ui.values.length; q++) ui.values[q]! *= 2 // alpha = 2
    const y = Float64Array.from({ length: 40 * d }, () => r.normal())
    const yty = gram(y, 40, d, 0.5)
    const x0 = Float64Array.from({ length: 30 * d }, () => r.normal() * 0.01)
    const cg = x0.slice(),
      exact = x0.slice()
    cgSweep(cg, y, ui, d, yty, 2 * d)
    choleskySweep(exact, y, ui, d, yty)
    for (let p = 0; p < cg.length; p++) expect(Math.abs(cg[p]! - exact[p]!)).toBeLessThan(1e-9)
  })

  it('full training with 2d CG steps matches Cholesky training to abs 1e-4', () => {
    const opts = { factors: d, iterations: 10, alpha: 2, regularization: 0.5, seed: 1 }
    const cg = trainAls(log, { ...opts, cgSteps: 2 * d })
    const exact = trainAls(log, { ...opts, solver: 'cholesky' })
    for (let p = 0; p < cg.itemFactors.data.length; p++)
      expect(Math.abs(cg.itemFactors.data[p]! - exact.itemFactors.data[p]!)).toBeLessThan(1e-4)
    for (let p = 0; p < cg.userFactors.data.length; p++)
      expect(Math.abs(cg.userFactors.data[p]! - exact.userFactors.data[p]!)).toBeLessThan(1e-4)
  })

  it('the default 3 CG steps reach the Cholesky loss within 1%, and the loss falls', () => {
    const opts = { factors: d, alpha: 2, regularization: 0.5, seed: 1 }
    const exact = alsLoss(log, trainAls(log, { ...opts, iterations: 15, solver: 'cholesky' }), opts)
    const cg = alsLoss(log, trainAls(log, { ...opts, iterations: 15 }), opts)
    expect(Math.abs(cg - exact) / exact).toBeLessThan(0.01)
    const early = alsLoss(log, trainAls(log, { ...opts, iterations: 1 }), opts)
    expect(early).toBeGreaterThan(cg)
  })

  it('alsLoss equals the objective summed over every pair', () => {
    const opts = { alpha: 2, regularization: 0.5 }
    const m = trainAls(log, { ...opts, factors: 3, iterations: 2 })
    const w = new Map(pairs.map(([u, i, v]) => [`${u},${i}`, v]))
    let brute = 0
    const X = m.userFactors.data,
      Y = m.itemFactors.data
    for (let u = 0; u < 30; u++) {
      for (let i = 0; i < 40; i++) {
        const s = X[u * 3]! * Y[i * 3]! + X[u * 3 + 1]! * Y[i * 3 + 1]! + X[u * 3 + 2]! * Y[i * 3 + 2]!
        const wi = w.get(`${u},${i}`)
        brute += wi === undefined ? s * s : (1 + 2 * wi) * (1 - s) ** 2
      }
    }
    brute += 0.5 * (X.reduce((a, v) => a + v * v, 0) + Y.reduce((a, v) => a + v * v, 0))
    expect(alsLoss(log, m, opts)).toBeCloseTo(brute, 6)
  })
})

describe('known answers and edge cases', () => {
  it('recovers the withheld checkerboard item for every user (both solvers)', () => {
    const log = checkerboard(20)
    for (const solver of ['cg', 'cholesky'] as const) {
      const m = trainAls(log, { factors: 3, iterations: 15, regularization: 1, solver, seed: 2 })
      for (let u = 0; u < 20; u++) expect(bestNewItem(log, m.userFactors.data, m.itemFactors, u)).toBe(u)
    }
  })

  it('empty users, items seen once and single-item users give finite factors', () => {
    // u0 has no interactions, u1 one item, i0 is never seen, i4 seen once.
    const log = fromPairs(4, 5, [
      [1, 1],
      [2, 1],
      [2, 2],
      [2, 4],
      [3, 2],
      [3, 3],
      [3, 3],
    ])
    for (const solver of ['cg', 'cholesky'] as const) {
      const m = trainAls(log, { factors: 4, solver })
      expect(allFinite(m.userFactors.data) && allFinite(m.itemFactors.data)).toBe(true)
      // Nothing pulls an empty user or an unseen item away from zero.
      expect(Math.max(...m.userFactors.data.subarray(0, 4).map(Math.abs))).toBeLessThan(1e-6)
      expect(Math.max(...m.itemFactors.data.subarray(0, 4).map(Math.abs))).toBeLessThan(1e-6)
    }
  })

  it('zero iterations return the seeded initial factors, finite', () => {
    const m = trainAls(fromPairs(1, 1, [[0, 0]]), { factors: 2, iterations: 0 })
    expect(allFinite(m.userFactors.data)).toBe(true)
  })
})

describe('errors', () => {
  it('throws FitError instead of returning non-finite factors', () => {
    const log = fromPairs(2, 2, [
      [0, 0, 10],
      [1, 1, 1],
    ])
    expect(() => trainAls(log, { factors: 2, alpha: 1e308 })).toThrow(FitError)
    expect(() =>
      checkFactors(
        { n: 2, d: 2, data: Float32Array.of(0, 1, NaN, 0), ids: ['a', 'b'] },
        'als: item factors',
        'raise regularization',
      ),
    ).toThrow('als: item factors: row 1 (id "b"), column 0 is NaN after fitting; raise regularization.')
    expect(() =>
      trainAls(
        fromPairs(2, 2, [
          [0, 0],
          [1, 1],
        ]),
        { factors: 3, regularization: 0, solver: 'cholesky' },
      ),
    ).toThrow('als: the normal equations of row 0 are not positive definite; use regularization > 0.')
  })

  it('validates options and weights with InputError messages', () => {
    const log = fromPairs(1, 1, [[0, 0]])
    expect(() => trainAls(log, { factors: 0 })).toThrow(new InputError('als: factors=0 must be an integer >= 1.'))
    expect(() => trainAls(log, { alpha: -1 })).toThrow('als: alpha=-1 must be a finite number >= 0.')
    expect(() => trainAls(log, { solver: 'lu' as 'cg' })).toThrow('als: solver="lu" must be one of cg, cholesky.')
    expect(() => trainAls(log, { seed: 0.5 })).toThrow('als: seed=0.5 must be a safe integer.')
    expect(() => trainAls(fromPairs(1, 1, [[0, 0, -2]]))).toThrow(
      'als: interaction 0 (0-based) has weight -2; weights must be finite and >= 0.',
    )
    expect(() => trainAls(fromPairs(0, 0, []))).toThrow(
      'als: the log has 0 users and 0 items; training needs at least one of each.',
    )
  })

  it('sums duplicate interactions into one confidence', () => {
    const once = trainAls(
      fromPairs(2, 2, [
        [0, 0, 2],
        [1, 1],
      ]),
      { factors: 2, seed: 1 },
    )
    const twice = trainAls(
      fromPairs(2, 2, [
        [0, 0],
        [0, 0],
        [1, 1],
      ]),
      { factors: 2, seed: 1 },
    )
    expect(twice.itemFactors.data).toEqual(once.itemFactors.data)
  })
})
