/**
 * `check-normal`: how normal are inner products <X_i, X_j> of i.i.d. vectors (the
 * paper's Figure 1), as the results envelope `avgcon check-normal --json` prints.
 */
import { InputError } from '../errors.js'
import { streamSeed } from '../estimate/sampler.js'
import { runResult, type RunResult } from '../results.js'
import { innerProducts, ksNormal, sampleMoments } from '../stats/index.js'
import { generate } from '../synthetic/index.js'
import { formatLaw, lawMoments, parseLaw, type Law } from '../theory/index.js'
import { secondsSince } from './time.js'

/** One dimension d: the empirical law of <X_i, X_j> against its normal approximation. */
export interface CheckNormalPoint {
  dim: number
  pairs: number
  /** Empirical mean and (unbiased) variance of the inner products, with standard errors. */
  mean: number
  variance: number
  seMean: number
  seVariance: number
  /** The normal approximation's parameters: d m^2 and d (s^4 + 2 s^2 m^2) (exact moments of <X_i, X_j>). */
  theoryMean: number
  theoryVariance: number
  /** Kolmogorov-Smirnov distance between the empirical CDF and N(theoryMean, theoryVariance). */
  ks: number
}

/** Everything `checkNormal` takes. */
export interface CheckNormalRunOptions {
  /** Coordinate law (default uniform01). */
  law?: string | Law
  /** Dimensions d (default 2, 10, 32, 64, 128); sorted, repeats dropped. */
  d?: number | number[]
  /** Independent pairs drawn per d (default 100,000; at least 2). */
  pairs?: number
  /** Seed of the generator (default 0). */
  seed?: number
  /** Called with pairs done and planned. */
  onProgress?: (done: number, total: number) => void
  /** Also hand back each d's sorted sample (for histograms); not part of the envelope. */
  onSample?: (d: number, sorted: Float64Array) => void
}

/** Inner products of independent i.i.d. vectors per d, their moments and KS distance to the normal law. */
export async function checkNormal(o: CheckNormalRunOptions = {}): Promise<RunResult<CheckNormalPoint>> {
  const started = performance.now()
  const law = typeof o.law === 'object' ? o.law : parseLaw(o.law ?? 'uniform01')
  const { mean: m, std: s } = meanStd(law)
  const list = typeof o.d === 'number' ? [o.d] : (o.d ?? [2, 10, 32, 64, 128])
  const dims = [...new Set(list.map((d) => whole(d, 'd', 1)))].sort((a, b) => a - b)
  if (dims.length === 0) throw new InputError('no dimension given.', { module: 'check-normal', field: 'd' })
  const pairs = whole(o.pairs ?? 100_000, 'pairs', 2)
  const seed = whole(o.seed ?? 0, 'seed', 0)
  const draw = (rows: number, d: number, sd: number) => generate(law, rows, d, sd)
  const results = dims.map((d, i) => {
    const x = innerProducts(draw, d, pairs, streamSeed(seed, d), (done) =>
      o.onProgress?.(i * pairs + done, dims.length * pairs),
    )
    o.onSample?.(d, x)
    return checkOne(x, d, m, s)
  })
  return runResult('check-normal', {
    settings: { law: formatLaw(law), dims, pairs, seed },
    results,
    seconds: secondsSince(started),
    moments: { law: formatLaw(law), mean: m, std: s },
  })
}

function whole(v: number, field: string, min: number): number {
  if (!Number.isSafeInteger(v) || v < min)
    throw new InputError(`${v} must be a whole number of at least ${min}.`, { module: 'check-normal', field })
  return v
}

/** Mean and std of a law: only these enter <X_i, X_j>'s moments, so a Student t needs nu > 2 only. */
function meanStd(law: Law): { mean: number; std: number } {
  if (law.kind !== 'student-t') return lawMoments(law)
  if (!(law.nu > 2))
    throw new InputError(
      `law ${formatLaw(law)}: infinite variance for nu <= 2; inner products have no normal approximation.`,
    )
  return { mean: 0, std: Math.sqrt(law.nu / (law.nu - 2)) }
}

function checkOne(sorted: Float64Array, d: number, m: number, s: number): CheckNormalPoint {
  const theoryMean = d * m * m
  const theoryVariance = d * (s ** 4 + 2 * s * s * m * m)
  return {
    dim: d,
    pairs: sorted.length,
    ...sampleMoments(sorted),
    theoryMean,
    theoryVariance,
    ks: ksNormal(sorted, theoryMean, Math.sqrt(theoryVariance)),
  }
}
