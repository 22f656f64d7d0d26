/**
 * `theory`: expected Consistency_k by the exact method or Proposition 2, for a law,
 * explicit moments or the moments of embeddings, as the results envelope
 * `avgcon theory --json` prints.
 */
import { InputError } from '../errors.js'
import { parseKList } from '../estimate/klist.js'
import { runResult, type InputInfo, type RunResult } from '../results.js'
import { exactCurve, type ExactPoint } from '../theory/exact/consistency.js'
import { fitLaw, summariseFits, type FittedFamily, type FittedLaw } from '../theory/exact/fitted.js'
import { fittedExactCurve } from '../theory/exact/mixed.js'
import { cfNote } from '../theory/exact/cf-tail.js'
import {
  formatLaw,
  lawMoments,
  measureDimMoments,
  measureMoments,
  parseLaw,
  poolMoments,
  theoryCurve,
  type DimMoments,
  type Law,
  type MomentSpec,
  type Moments,
  type TheoryPoint,
} from '../theory/index.js'
import { checkMoments, checkSizes } from '../theory/validate.js'
import { loadRunInput, type EmbeddingsSource } from './input.js'
import { secondsSince } from './time.js'

/** The paper's Figure 2 setting: what `theory` computes when given no N or d. */
export const THEORY_DEFAULT_N = 1_000_000
export const THEORY_DEFAULT_D = 128

export type TheoryMethod = 'exact' | 'prop2'

/** Everything `theory` takes. Give at most one of `law`, `moments` and `from` (default: the normal law). */
export interface TheoryRunOptions {
  /** Number of items N (default 1e6, or the embeddings' N with `from`). */
  n?: number
  /** Dimension d (default 128, or the embeddings' d with `from`). */
  d?: number
  /** Set sizes: a list like `2..50`, `2,5,10`, or the numbers (default `2..50`). */
  k?: string | number[]
  /** An i.i.d. coordinate law: `normal`, `uniform(-1,1)`, `laplace`, ... */
  law?: string | Law
  /** Explicit coordinate moments (kurtosis non-excess: 3 for a normal law). */
  moments?: Moments
  /** Measure the moments on these embeddings (a file, generated ones or a matrix). */
  from?: EmbeddingsSource
  /** With `from`: one set of moments per dimension instead of pooled ones. */
  perDim?: boolean
  /** With `from`: subtract the mean row before measuring. */
  center?: boolean
  /** exact (the default; explicit and measured moments through a fitted law) or prop2 (Proposition 2). */
  method?: TheoryMethod
  /** Exact method: sampled sets per k (default: about 2 s of per-coordinate work; 2 .. 10,000,000). */
  sets?: number
  /** Exact method: seed of the set sampler (default 0). */
  seed?: number
  /**
   * Exact method: sample each k until its CI half-width is at most this (0 < ci < 1);
   * `sets` is then the first round (at most 200,000 sets per k).
   */
  ci?: number
}

/** The `moments` section of the results JSON: what the theory was fed. */
export interface MomentsSection extends Moments {
  /** Where the moments come from: a named law, explicit moments, or measured on embeddings. */
  source: 'law' | 'moments' | 'file'
  law?: string
  /** True when every dimension has its own moments; then mean..kurtosis are their pooled summary. */
  perDimension: boolean
  dims?: { mean: number[]; std: number[]; skewness: number[]; kurtosis: number[] }
  /** The exact method on explicit or measured moments: the law fitted to them (per dimension: counts per family). */
  fitted?: FittedSection
}

/** The fitted law of pooled moments, or a summary of the per-dimension fits. */
export type FittedSection =
  | { family: FittedFamily; params: Record<string, number>; moments: Moments; note?: string }
  | { counts: Record<FittedFamily, number>; adjusted: number[] }

/** The method to run. */
export interface MethodChoice {
  method: TheoryMethod
}

/**
 * The method to run: exact unless prop2 is asked for, for a named law (its own tail) and for
 * explicit or measured moments (through a law fitted to them, theory/exact/fitted.ts).
 */
export function chooseMethod(method: string | undefined): MethodChoice {
  const site = { module: 'theory', field: 'method' }
  if (method !== undefined && method !== 'exact' && method !== 'prop2')
    throw new InputError(`"${method}" is not a method; use exact or prop2.`, site)
  return { method: method === 'prop2' ? 'prop2' : 'exact' }
}

/**
 * Work units a default run may spend: about 2 s for a k=2..50 curve at d=128 with
 * the normal law on 2 loaded cores (measured: ~8 ms a set for the whole curve, 240 sets),
 * when the normal law still drew k·d coordinates per set. It now draws O(k) statistics
 * (exact/consistency.ts) and spends a small part of that; its default sets are left as
 * they were (use `ci` for a target precision: 0.002 takes about 1 s, BENCHMARKS.md).
 */
const WORK_BUDGET = 5e7
const MIN_DEFAULT_SETS = 50
const MAX_DEFAULT_SETS = 20_000
/** The most sets per k a caller may ask for. */
export const MAX_SETS = 10_000_000
/** The saddlepoint tail (uniform, Laplace) solves for θ per score: ~40 law-CGF calls per coordinate. */
const SADDLEPOINT_COST = 40
/** The beta CGF (series or mixture sums, beta-cgf.ts): measured ~3x uniform's exact curve at d=64. */
const BETA_COST = 120
/** Rademacher's lattice pmf and tie credit (lattice.ts): measured ~2.5x a normal set at d=128, k=2..50. */
const LATTICE_COST = 2
/**
 * Student t's CF inversion (cf-tail.ts): φ_S on M ≈ 30-90 nodes (d table reads each) and one
 * sine per node and score; measured ~0.4x the Laplace saddlepoint's time at d=128, k=20.
 */
const CF_COST_PER_DIM = 600
const CF_COST_PER_SCORE = 100

/**
 * Default sets per k: as many as fit WORK_BUDGET, from the per-set cost k·d (draw and
 * score U) + k² (binomial sums) + the tail's k·d·40 for saddlepoint laws (k·d·120 for beta, k·d·2 for the
 * Rademacher lattice path, 600·d + 100·k for Student t's CF inversion); 50..20,000.
 */
export function defaultSets(law: Law, d: number, ks: number[]): number {
  const cf = law.kind === 'student-t'
  const tail =
    law.kind === 'normal' || cf
      ? 0
      : law.kind === 'rademacher'
        ? LATTICE_COST
        : law.kind === 'beta'
          ? BETA_COST
          : SADDLEPOINT_COST
  const cfCost = (k: number) => (cf ? CF_COST_PER_DIM * d + CF_COST_PER_SCORE * k : 0)
  const perSet = ks.reduce((sum, k) => sum + k * d * (1 + tail) + k * k + cfCost(k), 0)
  return Math.max(MIN_DEFAULT_SETS, Math.min(MAX_DEFAULT_SETS, Math.floor(WORK_BUDGET / perSet)))
}

/** Per-coordinate tail cost of a fitted law inside the saddlepoint (normal: none when every coordinate is). */
const FITTED_COST: Record<FittedFamily, number> = {
  normal: SADDLEPOINT_COST,
  constant: 0,
  beta: BETA_COST,
  'variance-gamma': SADDLEPOINT_COST,
}

/** {@link defaultSets} for fitted laws (one, or one per dimension): draws k·d, tails k·Σ_j cost_j, binomials k². */
export function fittedDefaultSets(fits: readonly FittedLaw[], d: number, ks: number[]): number {
  if (fits.length === 1 && fits[0]!.law?.kind === 'normal') return defaultSets(fits[0]!.law, d, ks)
  const all = fits.length === 1 ? Array.from({ length: d }, () => fits[0]!) : fits
  const normal = all.every((f) => f.family === 'normal' || f.family === 'constant')
  const tail = normal ? 0 : all.reduce((sum, f) => sum + FITTED_COST[f.family], 0)
  const perSet = ks.reduce((sum, k) => sum + k * (d + tail) + k * k, 0)
  return Math.max(MIN_DEFAULT_SETS, Math.min(MAX_DEFAULT_SETS, Math.floor(WORK_BUDGET / perSet)))
}

/** The moments to use, what to report about them, and the input's size when they were measured. */
interface MomentSource {
  spec: MomentSpec
  section: MomentsSection
  input?: InputInfo
  /** The named law, when the moments come from one (the exact method needs it). */
  law?: Law
}

/**
 * Expected Consistency_k of N i.i.d. items in dimension d: the exact method (Monte Carlo
 * over sets U, the N-item search in closed form) or Proposition 2 from four moments.
 *
 * @example
 * ```ts
 * import { theory } from 'avgcon'
 * const run = await theory({ n: 1e6, d: 128, law: 'laplace', k: '2..10', sets: 2000 })
 * for (const p of run.results) console.log(p.k, p.consistency)
 * const fromFile = await theory({ from: { file: 'items.npy' }, center: true, method: 'prop2' })
 * ```
 */
export async function theory(o: TheoryRunOptions = {}): Promise<RunResult<ExactPoint | TheoryPoint>> {
  const started = performance.now()
  const ks = typeof o.k === 'object' ? [...o.k] : parseKList(o.k ?? '2..50')
  const choice = chooseMethod(o.method) // a bad method fails before a file is read
  const source = await momentSource(o)
  const n = o.n ?? source.input?.n ?? THEORY_DEFAULT_N
  const d = o.d ?? source.input?.d ?? THEORY_DEFAULT_D
  checkSizes(n, d, ks)
  if (choice.method === 'exact' && !source.law) return fittedRun(o, source, n, d, ks, started)
  if (choice.method === 'exact' && source.law) {
    const law = source.law
    const exact = exactSettings(o, d, ks, () => defaultSets(law, d, ks))
    const results = exactCurve({ n, d, ks, law: source.law, ...exact })
    const note = source.law.kind === 'student-t' ? cfNote(n) : undefined
    return runResult('theory', {
      settings: { n, d, k: ks, source: 'law', law: source.section.law ?? null, ...exact },
      results,
      seconds: secondsSince(started),
      method: 'exact',
      ...(note ? { note } : {}),
      moments: source.section,
    })
  }
  for (const field of ['sets', 'seed', 'ci'] as const)
    if (o[field] !== undefined)
      throw new InputError(`\`${field}\` only applies to \`method\` exact (sampled sets).`, { module: 'theory', field })
  const results = theoryCurve({ n, d, ks, ...source.spec })
  const s = source.section
  return runResult('theory', {
    settings: {
      n,
      d,
      k: ks,
      source: s.source,
      law: s.law ?? null,
      perDim: Boolean(o.perDim),
      center: Boolean(o.center),
    },
    input: source.input,
    results,
    seconds: secondsSince(started),
    method: 'prop2',
    moments: s,
  })
}

/** The exact method on explicit or measured moments: a law fitted to them (one per dimension with `perDim`). */
function fittedRun(
  o: TheoryRunOptions,
  source: MomentSource,
  n: number,
  d: number,
  ks: number[],
  started: number,
): RunResult<ExactPoint> {
  const s = source.section
  let fits: FittedLaw[]
  let fitted: FittedSection
  let note: string | undefined
  if (s.dims === undefined) {
    const fit = fitLaw(s, source.section.source === 'moments' ? '`moments`' : 'the measured moments')
    fits = [fit]
    fitted = { family: fit.family, params: fit.params, moments: fit.moments, ...(fit.note ? { note: fit.note } : {}) }
    note = fit.note
  } else {
    const dm = s.dims
    fits = dm.mean.map((mean, j) =>
      fitLaw({ mean, std: dm.std[j]!, skewness: dm.skewness[j]!, kurtosis: dm.kurtosis[j]! }, `dimension ${j + 1}`),
    )
    fitted = summariseFits(fits)
    const moved = fits.filter((f) => f.note)
    if (moved.length > 0)
      note = `${moved.length} of ${d} dimensions fitted with a nearby kurtosis (first: ${moved[0]!.note})`
  }
  const exact = exactSettings(o, d, ks, () => fittedDefaultSets(fits, d, ks))
  const results = fittedExactCurve({ n, d, ks, fits, ...exact })
  return runResult('theory', {
    settings: {
      n,
      d,
      k: ks,
      source: s.source,
      law: null,
      perDim: Boolean(o.perDim),
      center: Boolean(o.center),
      ...exact,
    },
    input: source.input,
    results,
    seconds: secondsSince(started),
    method: 'exact',
    ...(note ? { note } : {}),
    moments: { ...s, fitted },
  })
}

/** The exact method's sets and seed, defaulted and checked. */
function exactSettings(
  o: TheoryRunOptions,
  d: number,
  ks: number[],
  byDefault: () => number,
): { sets: number; seed: number; ci?: number } {
  const sets = o.sets ?? byDefault()
  if (!Number.isSafeInteger(sets) || sets < 2 || sets > MAX_SETS)
    throw new InputError(`${sets} must be a whole number from 2 to ${MAX_SETS.toLocaleString('en-US')}.`, {
      module: 'theory',
      field: 'sets',
    })
  const seed = o.seed ?? 0
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new InputError(`${seed} must be a whole number of at least 0.`, { module: 'theory', field: 'seed' })
  if (o.ci === undefined) return { sets, seed }
  if (!(o.ci > 0 && o.ci < 1))
    throw new InputError(`${o.ci} must be a CI half-width strictly between 0 and 1.`, { module: 'theory', field: 'ci' })
  return { sets, seed, ci: o.ci }
}

/** Resolves law / moments / from (at most one) into the moments the theory takes. */
async function momentSource(o: TheoryRunOptions): Promise<MomentSource> {
  const given = (['law', 'moments', 'from'] as const).filter((f) => o[f] !== undefined)
  if (given.length > 1)
    throw new InputError(`give one source of moments, not ${given.map((g) => `\`${g}\``).join(' and ')}.`, {
      module: 'theory',
      field: given[1],
    })
  if (o.from === undefined)
    for (const field of ['perDim', 'center'] as const)
      if (o[field])
        throw new InputError(`\`${field}\` only applies to moments measured on embeddings (\`from\`).`, {
          module: 'theory',
          field,
        })
  if (o.moments !== undefined) {
    const moments = { ...o.moments }
    checkMoments(moments)
    return { spec: { moments }, section: { source: 'moments', perDimension: false, ...moments } }
  }
  if (o.from === undefined) {
    const law = typeof o.law === 'object' ? o.law : parseLaw(o.law ?? 'normal')
    const moments = lawMoments(law)
    return { spec: { moments }, section: { source: 'law', law: formatLaw(law), perDimension: false, ...moments }, law }
  }
  const { embeddings: e, info } = await loadRunInput({ ...o.from, center: o.center })
  if (!o.perDim) {
    const moments = measureMoments(e)
    return { spec: { moments }, section: { source: 'file', perDimension: false, ...moments }, input: info }
  }
  const dm = measureDimMoments(e)
  const section: MomentsSection = { source: 'file', perDimension: true, ...poolMoments(dm, e.n), dims: dimArrays(dm) }
  return { spec: { dimMoments: dm }, section, input: info }
}

function dimArrays(dm: DimMoments): NonNullable<MomentsSection['dims']> {
  return {
    mean: Array.from(dm.mean),
    std: Array.from(dm.std),
    skewness: Array.from(dm.skewness),
    kurtosis: Array.from(dm.kurtosis),
  }
}
