import { describe, expect, it } from 'vitest'
import { csrFromCoo, transpose, userItemCsr } from '../../src/train/index.js'
import { rng } from '../../src/rng.js'
import { fromPairs } from './fixtures.js'

function dense(m: ReturnType<typeof transpose>): number[][] {
  const out = Array.from({ length: m.rows }, () => new Array(m.cols).fill(0))
  for (let r = 0; r < m.rows; r++)
    for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) out[r]![m.indices[p]!] += m.values[p]!
  return out
}

describe('csr', () => {
  it('sums duplicates and sorts columns; transpose is the dense transpose', () => {
    const r = rng(3)
    const n = 300,
      rows = 17,
      cols = 23
    const ri = Int32Array.from({ length: n }, () => r.int(rows)),
      ci = Int32Array.from({ length: n }, () => r.int(cols))
    const v = Array.from({ length: n }, () => r.int(9) + 1)
    const m = csrFromCoo(rows, cols, ri, ci, v)
    const expected = Array.from({ length: rows }, () => new Array(cols).fill(0))
    for (let t = 0; t < n; t++) expected[ri[t]!]![ci[t]!] += v[t]!
    expect(dense(m)).toEqual(expected)
    for (let row = 0; row < rows; row++) {
      const c = Array.from(m.indices.subarray(m.indptr[row]!, m.indptr[row + 1]!))
      expect(c).toEqual([...new Set(c)].sort((a, b) => a - b))
    }
    expect(dense(transpose(m))).toEqual(expected[0]!.map((_, j) => expected.map((row) => row[j])))
  })

  it('userItemCsr: summed weights, or 1 per pair when binary', () => {
    const x = fromPairs(2, 2, [
      [0, 1, 2],
      [0, 1, 3],
      [1, 0, 4],
    ])
    expect(dense(userItemCsr(x))).toEqual([
      [0, 5],
      [4, 0],
    ])
    expect(dense(userItemCsr(x, true))).toEqual([
      [0, 1],
      [1, 0],
    ])
  })
})
