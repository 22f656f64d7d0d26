import { EigenvalueDecomposition, Matrix } from 'ml-matrix'

/** Eigenvalues and eigenvectors of a symmetric d x d matrix, eigenvalues descending. */
export interface SymmetricEigen {
  /** Length d, descending; tiny negative round-off is kept as computed. */
  values: Float64Array
  /** d x d row-major; column c is the eigenvector of values[c]. */
  vectors: Float64Array
}
/**
 * Symmetric eigendecomposition through ml-matrix (Householder tridiagonalisation
 * then the implicit QL algorithm, as EISPACK tred2/tql2: backward stable), with
 * eigenvalues sorted in descending order and eigenvectors as columns.
 */
export function symmetricEigen(m: Float64Array, d: number): SymmetricEigen {
  const rows: number[][] = []
  for (let a = 0; a < d; a++) rows.push(Array.from(m.subarray(a * d, (a + 1) * d)))
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true })
  const raw = evd.realEigenvalues
  const vecs = evd.eigenvectorMatrix
  const order = raw.map((_, i) => i).sort((x, y) => raw[y]! - raw[x]!)
  const values = new Float64Array(d)
  const vectors = new Float64Array(d * d)
  order.forEach((src, c) => {
    values[c] = raw[src]!
    for (let a = 0; a < d; a++) vectors[a * d + c] = vecs.get(a, src)
  })
  return { values, vectors }
}
