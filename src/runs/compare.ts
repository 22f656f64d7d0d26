/**
 * `compare`: measured Consistency_k against the three theory curves (i.i.d. N(0,1),
 * pooled moments, per-dimension moments), as the results envelope `avgcon compare --json` prints.
 */
import { basename } from 'node:path'
import { InputError } from '../errors.js'
import type { ConsistencyPoint } from '../estimate/consistency.js'
import { runResult, type InputInfo, type RunResult } from '../results.js'
import { measureDimMoments, referenceCurves, type Moments, type TheoryPoint } from '../theory/index.js'
import { estimateOn, type EstimateSettings } from './estimate.js'
import { loadRunInput, type EmbeddingsSource, type InputTransforms, type LoadedInput } from './input.js'
import { secondsSince } from './time.js'

/** The three theoretical curves set against the measured one. */
export interface CompareTheory {
  /** i.i.d. N(0,1) coordinates with the data's N and d: the paper's Figure 3 reference. */
  iid: TheoryPoint[]
  /** i.i.d. coordinates with the data's pooled mean, std, skewness and kurtosis. */
  pooled: TheoryPoint[]
  /** Independent coordinates, each with its own dimension's four moments. */
  perDimension: TheoryPoint[]
  moments: {
    pooled: Moments
    perDimension: { mean: number[]; std: number[]; skewness: number[]; kurtosis: number[] }
  }
}

/** The compare envelope: the estimate's, plus the `theory` section. */
export type CompareResult = RunResult<ConsistencyPoint> & { theory: CompareTheory }

/** Everything `compare` takes: the embeddings, the transforms, the estimate settings. */
export type CompareRunOptions = EmbeddingsSource & InputTransforms & EstimateSettings

/**
 * Estimates Consistency_k and sets it against Proposition 2 for i.i.d. N(0,1) coordinates,
 * for the data's pooled moments and for its per-dimension moments (measured after
 * center/normalize). The theory describes dot scores: with another metric it is unchanged.
 *
 * @example
 * ```ts
 * import { compare } from 'avgcon'
 * const run = await compare({ file: 'items.npy', center: true, k: '2..20:6', samples: 300 })
 * run.results.forEach((p, i) => console.log(p.k, p.mean, run.theory.iid[i].consistency))
 * ```
 */
export async function compare(options: CompareRunOptions): Promise<CompareResult> {
  return compareOn(await loadRunInput(options), options)
}

/** The comparison on loaded embeddings (the CLI loads them with its own flag wording). */
export async function compareOn(input: LoadedInput, o: EstimateSettings & InputTransforms): Promise<CompareResult> {
  const started = performance.now()
  const e = input.embeddings
  // Measure before estimating: a cosine search normalises the rows in place.
  const dm = measureDimMoments(e)
  const result = await estimateOn('compare', input, o)
  const r = referenceCurves({ n: e.n, d: e.d, ks: result.results.map((p) => p.k), dimMoments: dm })
  const theory: CompareTheory = {
    iid: r.iid,
    pooled: r.pooled,
    perDimension: r.perDimension,
    moments: {
      pooled: r.pooledMoments,
      perDimension: {
        mean: Array.from(dm.mean),
        std: Array.from(dm.std),
        skewness: Array.from(dm.skewness),
        kurtosis: Array.from(dm.kurtosis),
      },
    },
  }
  return { ...result, theory, seconds: secondsSince(started) }
}

/** One model of {@link compareMany}: exactly what a single `compare` of its file returns, under a label. */
export interface CompareModel {
  label: string
  /** The file's base name (or the synthetic law), as `input.file` says. */
  file: string | undefined
  input: InputInfo | undefined
  results: ConsistencyPoint[]
  theory: CompareTheory
  seconds: number
}

/** A model's place in the ranking: by mean Consistency_k over the k values, highest first. */
export interface RankingEntry {
  rank: number
  label: string
  /** Mean of the measured Consistency_k over the k values. */
  mean: number
  /** Models whose 95% CIs overlap this one's at most (more than half) of the k values: the order is not clear. */
  overlapsWith: string[]
}

/** One row of the long results: a model's point at one k. */
export type CompareManyPoint = ConsistencyPoint & { model: string }

/** The envelope of `compare a.npy b.npy ...`: shared settings, one entry per model, the ranking. */
export type CompareManyResult = RunResult<CompareManyPoint> & { models: CompareModel[]; ranking: RankingEntry[] }

/** Settings of {@link compareMany}: those of `compare`, plus one label per source. */
export type CompareManySettings = EstimateSettings &
  InputTransforms & {
    /** One label per source, in order (default: the file's base name). */
    labels?: string[]
  }

/**
 * Several candidate models side by side: each source is compared exactly as a single
 * {@link compare} with the same settings and seed (same numbers, bit for bit), then the
 * models are ranked by their mean Consistency_k over the k values. Sources are loaded one
 * at a time, so only one matrix is in memory.
 *
 * @example
 * ```ts
 * import { runs } from 'avgcon'
 * const run = await runs.compareMany(['a.npy', 'b.npy'], { center: true, k: '2..20:6', samples: 300 })
 * for (const m of run.ranking) console.log(m.rank, m.label, m.mean)
 * ```
 */
export async function compareMany(
  sources: (string | EmbeddingsSource)[],
  settings: CompareManySettings = {},
): Promise<CompareManyResult> {
  const labels = modelLabels(sources, settings.labels)
  const { labels: _, ...o } = settings
  return compareManyOn(
    labels.map((label, i) => {
      const s = sources[i]!
      return { label, load: () => loadRunInput({ ...(typeof s === 'string' ? { file: s } : s), ...transforms(o) }) }
    }),
    o,
  )
}

/** What a model is made of before it is estimated: a label and how to load its embeddings. */
export interface ModelInput {
  label: string
  load: () => Promise<LoadedInput>
}

/** {@link compareMany} on models whose loading is the caller's (the CLI loads with its flag wording). */
export async function compareManyOn(
  models: ModelInput[],
  o: EstimateSettings & InputTransforms,
): Promise<CompareManyResult> {
  const started = performance.now()
  if (models.length === 0)
    throw new InputError('give at least one embeddings file.', { module: 'compare', field: 'files' })
  checkLabels(models.map((m) => m.label))
  const done: CompareResult[] = []
  const out: CompareModel[] = []
  for (const m of models) {
    // One model at a time: its matrix is released before the next one is read.
    const r = await compareOn(await m.load(), o)
    done.push(r)
    out.push({
      label: m.label,
      file: r.input?.file ?? r.input?.synthetic,
      input: r.input,
      results: r.results,
      theory: r.theory,
      seconds: r.seconds,
    })
  }
  const first = done[0]!
  return runResult('compare', {
    settings: first.settings,
    results: out.flatMap((m) => m.results.map((p) => ({ model: m.label, ...p }))),
    models: out,
    ranking: rankModels(out),
    ties: first.ties,
    seconds: secondsSince(started),
    engine: first.engine,
  }) as CompareManyResult
}

function transforms(o: InputTransforms): InputTransforms {
  return { center: o.center, normalize: o.normalize }
}

/** The labels given (one per source) or the base names; duplicates and a count mismatch are input errors. */
export function modelLabels(sources: (string | EmbeddingsSource)[], labels?: string[]): string[] {
  if (labels !== undefined && labels.length > 0 && labels.length !== sources.length)
    throw new InputError(
      `${labels.length} label${labels.length === 1 ? '' : 's'} for ${sources.length} file${sources.length === 1 ? '' : 's'}: give one --label per file, in order, or none.`,
      { module: 'compare', field: 'label' },
    )
  const out = labels !== undefined && labels.length > 0 ? labels : sources.map((s, i) => defaultLabel(s, i))
  checkLabels(out)
  return out
}

function defaultLabel(s: string | EmbeddingsSource, i: number): string {
  if (typeof s === 'string') return basename(s)
  if ('file' in s && typeof s.file === 'string') return basename(s.file)
  if ('synthetic' in s && typeof s.synthetic === 'string') return s.synthetic
  return `model ${i + 1}`
}

function checkLabels(labels: string[]): void {
  const seen = new Set<string>()
  for (const l of labels) {
    if (l === '')
      throw new InputError('a model label is empty; give each model a name.', { module: 'compare', field: 'label' })
    if (seen.has(l))
      throw new InputError(`the label "${l}" names two models; give each file its own --label.`, {
        module: 'compare',
        field: 'label',
      })
    seen.add(l)
  }
}

/** Mean Consistency_k over the k values, highest first (ties keep the given order). */
export function rankModels(models: { label: string; results: ConsistencyPoint[] }[]): RankingEntry[] {
  const means = models.map((m) => m.results.reduce((s, p) => s + p.mean, 0) / m.results.length)
  const order = models.map((_, i) => i).sort((a, b) => means[b]! - means[a]! || a - b)
  return order.map((i, rank) => ({
    rank: rank + 1,
    label: models[i]!.label,
    mean: means[i]!,
    overlapsWith: order
      .filter((j) => j !== i && overlapCount(models[i]!.results, models[j]!.results) * 2 > models[i]!.results.length)
      .map((j) => models[j]!.label),
  }))
}

/** At how many k values two models' 95% CIs overlap. */
export function overlapCount(a: ConsistencyPoint[], b: ConsistencyPoint[]): number {
  let n = 0
  a.forEach((p, i) => {
    const q = b[i]
    if (q !== undefined && p.ciLow <= q.ciHigh && q.ciLow <= p.ciHigh) n++
  })
  return n
}
