/**
 * `simulate`: Proposition 2 against simulation on generated i.i.d. embeddings (the
 * paper's Figure 2), as the results envelope `avgcon simulate --json` prints.
 */
import { InputError } from '../errors.js'
import { checkEstimateOptions } from '../estimate/consistency.js'
import { parseKList } from '../estimate/klist.js'
import { runResult, type RunResult } from '../results.js'
import { loadEngine, type Engine, type EnginePreference } from '../search/index.js'
import { formatLaw, lawMoments, parseLaw, theoryCurve, type Law, type TheoryPoint } from '../theory/index.js'
import { agree, simulate as simulatePlan, type SimulatePoint } from '../theory/simulate.js'
import { DEFAULT_MAX_SAMPLES, DEFAULT_SAMPLES } from './estimate.js'
import { DEFAULT_DATA_SEED } from './input.js'
import { secondsSince } from './time.js'

/** Everything `simulate` takes. */
export interface SimulateRunOptions {
  /** Coordinate law (default normal). */
  law?: string | Law
  /** Numbers of items N (default 1000); sorted, repeats dropped. */
  n?: number | number[]
  /** Dimensions d (default 128); sorted, repeats dropped. */
  d?: number | number[]
  /** Set sizes: `2..50`, `2,5,10`, or the numbers (default `2..50`). */
  k?: string | number[]
  /** Fixed mode: random sets per k (default 1000; ignored when `ci` is given). */
  samples?: number
  /** Adaptive mode: sample until each 95 % interval's half-width is at most this. */
  ci?: number
  /** Adaptive mode: at most this many sets per k (default 100,000). */
  maxSamples?: number
  /** Seed of the set sampler (default 0). */
  seed?: number
  /** Seed of the embedding generator (default 1). */
  dataSeed?: number
  threads?: number
  engine?: EnginePreference | Engine
  /** Called as averages are ranked, with queries done and planned so far. */
  onProgress?: (done: number, total: number) => void
}

/**
 * Generates i.i.d. embeddings for every (N, d), estimates Consistency_k and puts
 * Proposition 2 beside it, with a family-wise 5 % (Bonferroni) agreement verdict.
 *
 * @example
 * ```ts
 * import { simulate } from 'avgcon'
 * const run = await simulate({ law: 'rademacher', n: [1000, 10000], d: 32, k: '2..20', ci: 0.01 })
 * console.log(run.agreement)
 * for (const p of run.results) console.log(p.items, p.k, p.theory.consistency, p.simulated.mean)
 * ```
 */
export async function simulate(o: SimulateRunOptions = {}): Promise<RunResult<SimulatePoint>> {
  const started = performance.now()
  const law = typeof o.law === 'object' ? o.law : parseLaw(o.law ?? 'normal')
  const moments = lawMoments(law) // fails now for a law the theory cannot take (student-t, nu <= 4)
  const items = counts(o.n ?? 1000, 'n')
  const dims = counts(o.d ?? 128, 'd')
  const ks = typeof o.k === 'object' ? [...o.k] : parseKList(o.k ?? '2..50')
  const ci = o.ci
  const samples = ci === undefined ? (o.samples ?? DEFAULT_SAMPLES) : undefined
  const maxSamples = ci === undefined ? undefined : (o.maxSamples ?? DEFAULT_MAX_SAMPLES)
  const seed = whole(o.seed ?? 0, 'seed', 0)
  const dataSeed = whole(o.dataSeed ?? DEFAULT_DATA_SEED, 'dataSeed', 0)
  checkEstimateOptions(items[0]!, { ks, samples, ci, maxSamples })
  // The theory is cheap: all of it before any data is generated.
  const theory = new Map<string, TheoryPoint[]>()
  for (const d of dims) for (const n of items) theory.set(`${n}x${d}`, theoryCurve({ n, d, ks, moments }))
  const engine = typeof o.engine === 'object' ? o.engine : loadEngine(o.engine ?? 'auto')
  const plan = { law, items, dims, ks, samples, ci, maxSamples, seed, dataSeed, threads: o.threads }
  const results = await simulatePlan({ ...plan, theory: (n, d) => theory.get(`${n}x${d}`)! }, engine, o.onProgress)
  const agreement = agree(results)
  const settings = {
    law: formatLaw(law),
    items,
    dims,
    k: ks,
    metric: 'dot',
    samples: samples ?? null,
    ci: ci ?? null,
    maxSamples: maxSamples ?? null,
    seed,
    dataSeed,
  }
  // The estimator's default tie rule (discrete laws tie at the k-th place: theory.md §1).
  return runResult('simulate', {
    settings,
    results,
    ties: 'fractional',
    seconds: secondsSince(started),
    engine: engine.name,
    agreement,
  })
}

function whole(v: number, field: string, min: number): number {
  if (!Number.isSafeInteger(v) || v < min)
    throw new InputError(`${v} must be a whole number of at least ${min}.`, { module: 'simulate', field })
  return v
}

/** Distinct whole numbers >= 1, ascending. */
function counts(v: number | number[], field: string): number[] {
  const list = typeof v === 'number' ? [v] : v
  if (list.length === 0) throw new InputError('no value given.', { module: 'simulate', field })
  return [...new Set(list.map((x) => whole(x, field, 1)))].sort((a, b) => a - b)
}
