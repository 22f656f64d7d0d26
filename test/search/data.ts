// Seeded matrices for the search tests, including the awkward ones: exact ties,
// duplicate rows, all-equal rows, strictly ordered rows.
import { rng } from '../../src/rng.js'

/** The kinds of item data the contract suite runs on. */
export type DataKind = 'gaussian' | 'integer' | 'duplicates' | 'all-equal' | 'ascending'

/** Standard normal entries. */
export function gaussian(rows: number, d: number, seed: number): Float32Array {
  const r = rng(seed)
  return Float32Array.from({ length: rows * d }, () => r.normal())
}

/** Integers in [-3, 3]: every score is exact in float32, so exact ties are common. */
export function integers(rows: number, d: number, seed: number): Float32Array {
  const r = rng(seed)
  return Float32Array.from({ length: rows * d }, () => r.int(7) - 3)
}

/** Item matrix of the given kind (n x d). */
export function itemData(kind: DataKind, n: number, d: number, seed: number): Float32Array {
  switch (kind) {
    case 'gaussian':
      return gaussian(n, d, seed)
    case 'integer':
      return integers(n, d, seed)
    case 'all-equal':
      return new Float32Array(n * d).fill(0.5)
    case 'ascending': // row i = (i+1)/n everywhere: scores strictly ordered by index
      return Float32Array.from({ length: n * d }, (_, x) => (Math.floor(x / d) + 1) / n)
    case 'duplicates': {
      // a few distinct rows repeated: ties at scattered indices
      const distinct = gaussian(Math.max(1, Math.ceil(n / 7)), d, seed)
      const r = rng(seed + 1)
      const out = new Float32Array(n * d)
      const rows = distinct.length / d
      for (let i = 0; i < n; i++) {
        const source = r.int(rows)
        out.set(distinct.subarray(source * d, source * d + d), i * d)
      }
      return out
    }
  }
}

/** Query matrix suited to the item kind (integer items get integer queries). */
export function queryData(kind: DataKind, q: number, d: number, seed: number): Float32Array {
  return kind === 'integer' || kind === 'duplicates' ? integers(q, d, seed) : gaussian(q, d, seed)
}

/** A bias suited to the item kind (integer-valued where exact ties should survive). */
export function biasData(kind: DataKind, n: number, seed: number): Float32Array {
  const r = rng(seed)
  return kind === 'gaussian' || kind === 'ascending'
    ? Float32Array.from({ length: n }, () => r.normal())
    : Float32Array.from({ length: n }, () => r.int(3) - 1)
}
