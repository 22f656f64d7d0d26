import { Matrix, SingularValueDecomposition } from 'ml-matrix'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import {
  averageItemEmbeddings,
  cooccurrence,
  csrFromCoo,
  csrOperator,
  denseOperator,
  evaluateRanking,
  ppmi,
  randomizedSvd,
  splitPerUser,
  trainSvd,
  transpose,
  userItemCsr,
} from '../../src/train/index.js'
import { rng } from '../../src/rng.js'
import { allFinite, bestNewItem, checkerboard, fromPairs, neighbours, plantedClusters } from './fixtures.js'

/** A rows x cols matrix of rank `rank` with entries O(1), row-major. */
function lowRank(rows: number, cols: number, rank: number, seed: number): Float64Array {
  const r = rng(seed)
  const b = Array.from({ length: rows * rank }, () => r.normal())
  const c = Array.from({ length: cols * rank }, () => r.normal())
  const a = new Float64Array(rows * cols)
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++)
      for (let t = 0; t < rank; t++) a[i * cols + j]! += b[i * rank + t]! * c[j * rank + t]!
  return a
}

function reconstruct(
  t: { u: Float64Array; s: Float64Array; v: Float64Array; k: number },
  rows: number,
  cols: number,
): Float64Array {
  const out = new Float64Array(rows * cols)
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++)
      for (let c = 0; c < t.k; c++) out[i * cols + j]! += t.u[i * t.k + c]! * t.s[c]! * t.v[j * t.k + c]!
  return out
}

describe('randomizedSvd', () => {
  it.each([
    [40, 30],
    [25, 60],
  ])('recovers a known rank-3 %ix%i matrix to abs 1e-3', (rows, cols) => {
    const a = lowRank(rows, cols, 3, rows)
    const t = randomizedSvd(denseOperator(a, rows, cols), 3, { seed: 1 })
    const back = reconstruct(t, rows, cols)
    for (let p = 0; p < a.length; p++) expect(Math.abs(back[p]! - a[p]!)).toBeLessThan(1e-3)
    const exact = new SingularValueDecomposition(
      new Matrix(Array.from({ length: rows }, (_, i) => Array.from(a.subarray(i * cols, (i + 1) * cols)))),
    ).diagonal
    for (let c = 0; c < 3; c++) expect(t.s[c]).toBeCloseTo(exact[c]!, 9)
  })

  it('has orthonormal singular vectors, even when k + oversample exceeds the rank', () => {
    const a = lowRank(30, 20, 2, 9)
    const t = randomizedSvd(denseOperator(a, 30, 20), 2, { oversample: 15 })
    for (const [m, n] of [
      [t.u, 30],
      [t.v, 20],
    ] as const) {
      for (let x = 0; x < 2; x++)
        for (let y = 0; y < 2; y++) {
          let s = 0
          for (let i = 0; i < n; i++) s += m[i * 2 + x]! * m[i * 2 + y]!
          expect(s).toBeCloseTo(x === y ? 1 : 0, 10)
        }
    }
  })

  it('is near the optimal rank-k error on a full-rank matrix with a decaying spectrum', () => {
    const rows = 50,
      cols = 40
    const r = rng(4)
    const a = new Float64Array(rows * cols)
    for (let t = 0; t < 40; t++) {
      const u = Array.from({ length: rows }, () => r.normal()),
        v = Array.from({ length: cols }, () => r.normal())
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) a[i * cols + j]! += 0.7 ** t * u[i]! * v[j]!
    }
    const exact = new SingularValueDecomposition(
      new Matrix(Array.from({ length: rows }, (_, i) => Array.from(a.subarray(i * cols, (i + 1) * cols)))),
    ).diagonal
    const optimal = Math.sqrt(exact.slice(5).reduce((s, x) => s + x * x, 0))
    const back = reconstruct(randomizedSvd(denseOperator(a, rows, cols), 5, { seed: 2 }), rows, cols)
    const err = Math.sqrt(a.reduce((s, x, p) => s + (x - back[p]!) ** 2, 0))
    expect(err).toBeLessThan(optimal * 1.001)
  })

  it('gives the same result through a CSR operator as through the dense one', () => {
    const pairs: [number, number, number][] = [
      [0, 1, 2],
      [1, 0, 1],
      [2, 3, 4],
      [3, 2, 1],
      [3, 3, 2],
      [1, 1, 5],
    ]
    const m = csrFromCoo(
      4,
      4,
      Int32Array.from(pairs, (p) => p[0]),
      Int32Array.from(pairs, (p) => p[1]),
      pairs.map((p) => p[2]),
    )
    const dense = new Float64Array(16)
    for (const [i, j, v] of pairs) dense[i * 4 + j] = v
    const a = randomizedSvd(csrOperator(m), 2, { seed: 3 }),
      b = randomizedSvd(denseOperator(dense, 4, 4), 2, { seed: 3 })
    for (let p = 0; p < 8; p++) expect(a.u[p]).toBeCloseTo(b.u[p]!, 12)
  })

  it('validates k', () => {
    expect(() => randomizedSvd(denseOperator([1, 2], 1, 2), 2)).toThrow(
      new InputError('svd: dim=2 exceeds min(rows, cols) = 1 of the 1x2 matrix.'),
    )
  })
})

describe('PPMI', () => {
  it('counts co-occurrence off the diagonal and applies log P(i,j) / (P(i) P(j))', () => {
    // u0: {0,1}, u1: {0,1,2}: C01 = 2, C02 = C12 = 1.
    const ui = userItemCsr(
      fromPairs(2, 3, [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
        [1, 2],
      ]),
      true,
    )
    const c = cooccurrence(ui, transpose(ui))
    expect(Array.from(c.indptr)).toEqual([0, 2, 4, 6])
    expect(Array.from(c.indices)).toEqual([1, 2, 0, 2, 0, 1])
    expect(Array.from(c.values)).toEqual([2, 1, 2, 1, 1, 1])
    // Row sums 3, 3, 2; T = 8: PMI01 = log(2*8/9) > 0, PMI02 = log(8/6) > 0.
    const m = ppmi(c)
    expect(m.values[0]).toBeCloseTo(Math.log(16 / 9), 14)
    expect(m.values[1]).toBeCloseTo(Math.log(8 / 6), 14)
    // Smoothing a: Pa(i) = C_i^a / sum C^a.
    const a = 0.5,
      z = 2 * Math.sqrt(3) + Math.sqrt(2)
    expect(ppmi(c, a).values[0]).toBeCloseTo(Math.log(2 / 8 / (Math.sqrt(3) / z) ** 2), 14)
  })
})

describe('trainSvd on planted clusters', () => {
  const { log, cluster } = plantedClusters()
  const { train, test } = splitPerUser(log, { fraction: 0.3, seed: 3 })

  it.each(['ppmi', 'interactions'] as const)(
    '%s: held-out recall far above random; clusters are neighbourhoods',
    (matrix) => {
      const m = trainSvd(train, { dim: 8, matrix, seed: 1 })
      const users = m.userFactors ?? averageItemEmbeddings(train, m.itemFactors)
      const r = evaluateRanking(train, test, users, m.itemFactors)
      expect(r.randomRecall).toBeLessThan(0.12)
      expect(r.recall).toBeGreaterThan(0.85)
      let same = 0
      for (let i = 0; i < 96; i++)
        for (const j of neighbours(m.itemFactors, i, 5)) if (cluster(i) === cluster(j)) same++
      expect(same / (96 * 5)).toBeGreaterThanOrEqual(0.98)
    },
  )

  it('same seed gives bit-identical embeddings', () => {
    const a = trainSvd(train, { dim: 6, seed: 9 }),
      b = trainSvd(train, { dim: 6, seed: 9 })
    expect(Buffer.from(a.itemFactors.data.buffer)).toEqual(Buffer.from(b.itemFactors.data.buffer))
    expect(a.itemFactors.ids).toBe(train.items)
  })
})

describe('trainSvd known answers and edge cases', () => {
  it('recovers the withheld checkerboard item (user factors and average embeddings)', () => {
    const log = checkerboard(20)
    const inter = trainSvd(log, { dim: 2, matrix: 'interactions' })
    const pp = trainSvd(log, { dim: 2 })
    const avg = averageItemEmbeddings(log, pp.itemFactors)
    for (let u = 0; u < 20; u++) {
      expect(bestNewItem(log, inter.userFactors!.data, inter.itemFactors, u)).toBe(u)
      expect(bestNewItem(log, avg.data, pp.itemFactors, u)).toBe(u)
    }
  })

  it('scaling: user x item dot products reconstruct R_k whatever the split of S', () => {
    const log = plantedClusters({ users: 40 }).log
    const sqrt = trainSvd(log, { dim: 4, matrix: 'interactions' })
    const none = trainSvd(log, { dim: 4, matrix: 'interactions', scaling: 'none' })
    // Item embeddings V S^p: 'sqrt' and 'none' differ by s_j^(1/2) in column j.
    expect(sqrt.itemFactors.data[0]! / none.itemFactors.data[0]!).toBeCloseTo(Math.sqrt(sqrt.singularValues[0]!), 4)
    const score = (m: typeof sqrt, u: number, i: number): number => {
      let s = 0
      for (let a = 0; a < 4; a++) s += m.userFactors!.data[u * 4 + a]! * m.itemFactors.data[i * 4 + a]!
      return s
    }
    const full = trainSvd(log, { dim: 4, matrix: 'interactions', scaling: 'full' })
    for (const [u, i] of [
      [0, 0],
      [3, 17],
      [39, 95],
    ] as const) {
      expect(score(none, u, i)).toBeCloseTo(score(sqrt, u, i), 5)
      expect(score(full, u, i)).toBeCloseTo(score(sqrt, u, i), 5)
    }
  })

  it('empty users, unseen items, single-item users and a log with no co-occurrence stay finite', () => {
    const log = fromPairs(4, 5, [
      [1, 1],
      [2, 1],
      [2, 2],
      [2, 4],
      [3, 2],
      [3, 3],
    ])
    for (const matrix of ['ppmi', 'interactions'] as const) {
      const m = trainSvd(log, { dim: 2, matrix })
      expect(allFinite(m.itemFactors.data)).toBe(true)
      if (m.userFactors) expect(allFinite(m.userFactors.data)).toBe(true)
      // Item i0 is never seen: its row of R (or PPMI) is zero, so is its embedding.
      for (const v of m.itemFactors.data.subarray(0, 2)) expect(Math.abs(v)).toBeLessThan(1e-12)
    }
    // Every user has one item: PPMI is empty, embeddings are zero, not NaN.
    for (const scaling of ['sqrt', 'none'] as const) {
      const lonely = trainSvd(
        fromPairs(3, 3, [
          [0, 0],
          [1, 1],
          [2, 2],
        ]),
        { dim: 2, scaling },
      )
      expect(lonely.itemFactors.data.every((v) => v === 0)).toBe(true)
    }
  })

  it('validates options', () => {
    const log = fromPairs(2, 2, [
      [0, 0],
      [1, 1],
    ])
    expect(() => trainSvd(log, { dim: 3 })).toThrow('svd: dim=3 exceeds min(rows, cols) = 2 of the 2x2 matrix.')
    expect(() => trainSvd(log, { matrix: 'dense' as 'ppmi' })).toThrow(
      'svd: matrix="dense" must be one of ppmi, interactions.',
    )
    expect(() => trainSvd(log, { scaling: 'half' as 'sqrt' })).toThrow(
      'svd: scaling="half" must be one of sqrt, none, full.',
    )
    expect(() => trainSvd(log, { dim: 1, smoothing: -1 })).toThrow('svd: smoothing=-1 must be a finite number >= 0.')
  })
})
