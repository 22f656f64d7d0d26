/**
 * Item embeddings by truncated randomised SVD (randomized-svd.ts) of one of two matrices:
 *
 * - 'ppmi' (default): the items x items PPMI of co-occurrence (ppmi.ts, with the item
 *   marginals smoothed by exponent `smoothing`, 0.75 as Levy et al. 2015), symmetric,
 *   PPMI ~= U S VT. Item i's embedding is row i of U_k S_k^p. There are no user factors;
 *   a user is represented by the average of their items' embeddings.
 * - 'interactions': the users x items matrix R (1 per consumed pair when `binary`, else the
 *   summed weights), R ~= U S VT (PureSVD, Cremonesi et al. 2010). Items get V_k S_k^p and
 *   users U_k S_k^(1-p), so <user u, item i> is the rank-k reconstruction R_k(u, i)
 *   whatever the scaling.
 *
 * Scaling p: 'sqrt' (p = 1/2, default), 'none' (p = 0), 'full' (p = 1). The default is
 * the symmetric split: for PPMI, <e_i, e_j> = (U S UT)_ij ~= PPMI_ij (when U ~= V), so dot
 * products of embeddings estimate the association itself, while p = 0 weighs every latent
 * direction equally (noisy tail directions as much as the head) and p = 1 squares the
 * spectrum. Levy, Goldberg & Dagan (2015) found p = 1/2 or 0 better than 1 for similarity.
 */
import type { Embeddings } from '../io/embeddings.js'
import type { Interactions } from '../io/interactions.js'
import { transpose, userItemCsr } from './csr.js'
import { checkFactors } from './fit-error.js'
import { csrOperator } from './operator.js'
import { checkChoice, checkInt, checkLog, checkNumber, type Progress } from './options.js'
import { cooccurrence, ppmi } from './ppmi.js'
import { randomizedSvd } from './randomized-svd.js'

/** Options of {@link trainSvd}; every field has a default. */
export interface SvdOptions {
  /** Embedding dimension k (default 64). */
  dim?: number
  /** Which matrix to factorise (default 'ppmi'). */
  matrix?: 'ppmi' | 'interactions'
  /** Item embeddings U_k S_k^p with p = 1/2 ('sqrt', default), 0 ('none') or 1 ('full'). */
  scaling?: 'sqrt' | 'none' | 'full'
  /** 'ppmi' only: smoothing exponent a of the item marginals, 1 = plain PPMI (default 0.75). */
  smoothing?: number
  /** 'interactions' only: 1 per consumed pair (default true) instead of summed weights. */
  binary?: boolean
  /** Extra random test vectors (default 10). */
  oversample?: number
  /** Power iterations (default 4). */
  powerIterations?: number
  /** Seed of the test matrix (default 0). */
  seed?: number
  /** Called after each pass over the matrix. */
  progress?: Progress
}

/** Item (and, for 'interactions', user) embeddings, and the k singular values (descending). */
export interface SvdModel {
  itemFactors: Embeddings
  /** Only for matrix 'interactions'; <user, item> = rank-k reconstruction. */
  userFactors?: Embeddings
  singularValues: Float64Array
}

const EXPONENT = { none: 0, sqrt: 0.5, full: 1 } as const

/**
 * Rows of a (n x k row-major) scaled by s_j^p, as Float32 Embeddings. Columns with a
 * numerically zero singular value (s_j <= 1e-12 s_1) are zeroed even for p = 0: their
 * singular vectors are arbitrary (random) directions, not structure.
 */
function scaled(a: Float64Array, n: number, s: Float64Array, p: number, ids: string[]): Embeddings {
  const k = s.length
  const w = Array.from(s, (v) => (v > 1e-12 * s[0]! ? Math.pow(v, p) : 0))
  const data = new Float32Array(n * k)
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) data[i * k + j] = a[i * k + j]! * w[j]!
  return { n, d: k, data, ids }
}

/**
 * Trains SVD item embeddings (see the module comment for the matrices and the scaling).
 * Deterministic for a given seed; throws a FitError rather than return a NaN factor.
 */
export function trainSvd(x: Interactions, options: SvdOptions = {}): SvdModel {
  checkLog('svd', x)
  const dim = checkInt('svd', 'dim', options.dim ?? 64, 1)
  const matrix = checkChoice('svd', 'matrix', options.matrix ?? 'ppmi', ['ppmi', 'interactions'] as const)
  const p = EXPONENT[checkChoice('svd', 'scaling', options.scaling ?? 'sqrt', ['sqrt', 'none', 'full'] as const)]
  const smoothing = checkNumber('svd', 'smoothing', options.smoothing ?? 0.75, 0)
  const svdOptions = {
    oversample: options.oversample,
    powerIterations: options.powerIterations,
    seed: options.seed,
    progress: options.progress,
  }
  const remedy = 'check the weights for huge values'
  if (matrix === 'ppmi') {
    const ui = userItemCsr(x, true)
    const m = ppmi(cooccurrence(ui, transpose(ui)), smoothing)
    const t = randomizedSvd(csrOperator(m, true), dim, svdOptions)
    return {
      itemFactors: checkFactors(scaled(t.u, m.rows, t.s, p, x.items), 'svd: item factors', remedy),
      singularValues: t.s,
    }
  }
  const r = userItemCsr(x, options.binary ?? true)
  const t = randomizedSvd(csrOperator(r), dim, svdOptions)
  return {
    itemFactors: checkFactors(scaled(t.v, r.cols, t.s, p, x.items), 'svd: item factors', remedy),
    userFactors: checkFactors(scaled(t.u, r.rows, t.s, 1 - p, x.users), 'svd: user factors', remedy),
    singularValues: t.s,
  }
}
