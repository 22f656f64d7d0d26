/**
 * `align`: transform embeddings toward the theoretical setting and compare before/after,
 * or sweep the ALS norm penalty, as the results envelope `avgcon align --json` prints.
 */
import { compareTransforms, sweepNormPenalty, type AlignReport, type SweepPoint } from '../diagnose/index.js'
import { InputError } from '../errors.js'
import { parseKList } from '../estimate/klist.js'
import { parseMetric, type Metric } from '../estimate/metric.js'
import type { Embeddings } from '../io/embeddings.js'
import { saveDelimited, saveNpy } from '../io/index.js'
import { loadInteractions } from '../io/interactions.js'
import { wordDiagnosis, type WordedDiagnosis } from '../report/verdict-wording.js'
import { runResult, type RunResult } from '../results.js'
import { loadEngine, type Engine, type EnginePreference } from '../search/index.js'
import { parseTransforms } from '../transform/pipeline.js'
import { loadRunInput, type EmbeddingsSource, type InputTransforms, type LoadedInput } from './input.js'
import { secondsSince } from './time.js'

/** Settings of a before/after comparison. */
export interface AlignSettings {
  /** The steps in order: center, whiten[=shrinkage], normalize, clip-norms[=q], standardize. */
  transform: string
  /** Write the transformed embeddings here (.npy with a .ids.txt sidecar, .csv or .tsv). */
  out?: string
  /** Interaction log whose item ids match the embeddings: adds recall@10 and nDCG@10. */
  interactions?: string
  /** Set sizes of the consistency curve (default 2,5,10,20). */
  k?: string | number[]
  /** Set size of the diagnostics (default 10). */
  hubK?: number
  metric?: Metric
  /** Random sets per k of the curve (default 1000). */
  samples?: number
  /** Random averages of the diagnostics (default 2000). */
  diagnoseSamples?: number
  /** Seed of the sets and of the train/test split (default 0). */
  seed?: number
  threads?: number
  engine?: EnginePreference | Engine
}

/** Settings of the ALS norm-penalty sweep. */
export interface AlignSweepSettings {
  sweep: true
  /** The interaction log ALS trains on. */
  interactions: string
  /** Norm-penalty strengths (default 0, 1, 10, 100). */
  strengths?: number[]
  /** Set size of the diagnostics (default 10). */
  hubK?: number
  /** Random averages of the diagnostics (default 2000). */
  diagnoseSamples?: number
  seed?: number
  /** ALS dimension (default 64), sweeps and L2 penalty (ALS defaults when absent). */
  dim?: number
  iterations?: number
  regularization?: number
  engine?: EnginePreference | Engine
  /** Called as the models are trained. */
  onProgress?: (done: number, total: number) => void
}

/** Everything `align` takes: embeddings and a transform, or a sweep. */
export type AlignRunOptions = (EmbeddingsSource & InputTransforms & AlignSettings) | AlignSweepSettings

/** The curve at one k before and after the transform. */
export type AlignPoint = ReturnType<typeof alignPoints>[number]

/** The transform envelope: the curve before and after, the steps and both sides' diagnostics. */
export type AlignResult = RunResult<AlignPoint> & Omit<AlignReport<WordedDiagnosis>, 'embeddings'>

/** Runs `avgcon align`: a before/after comparison, or the norm-penalty sweep with `sweep: true`. */
export async function align(o: AlignRunOptions): Promise<AlignResult | RunResult<SweepPoint>> {
  if ('sweep' in o) return alignSweep(o)
  const started = performance.now()
  const save = o.out === undefined ? undefined : saverFor(o.out)
  return alignOn(await loadRunInput(o), o, started, save)
}

/** The comparison on loaded embeddings; writes `out` when given. */
export async function alignOn(
  input: LoadedInput,
  o: AlignSettings,
  started = performance.now(),
  save = o.out === undefined ? undefined : saverFor(o.out),
): Promise<AlignResult> {
  const steps = parseTransforms(o.transform)
  const log = o.interactions === undefined ? undefined : await loadInteractions(o.interactions)
  const engine = typeof o.engine === 'object' ? o.engine : loadEngine(o.engine ?? 'auto')
  const settings = {
    transform: o.transform,
    k: typeof o.k === 'object' ? [...o.k] : parseKList(o.k ?? '2,5,10,20'),
    hubK: o.hubK ?? 10,
    metric: parseMetric(o.metric ?? 'dot'),
    samples: o.samples ?? 1000,
    diagnoseSamples: o.diagnoseSamples ?? 2000,
    seed: o.seed ?? 0,
    interactions: o.interactions ?? null,
  }
  const report = await compareTransforms(input.embeddings, steps, {
    engine,
    ks: settings.k,
    k: settings.hubK,
    metric: settings.metric,
    samples: settings.samples,
    diagnoseSamples: settings.diagnoseSamples,
    seed: settings.seed,
    threads: o.threads,
    interactions: log,
  })
  if (save && o.out) await save(o.out, report.embeddings)
  const sections = {
    steps: report.steps,
    before: { ...report.before, diagnosis: wordDiagnosis(report.before.diagnosis) },
    after: { ...report.after, diagnosis: wordDiagnosis(report.after.diagnosis) },
  }
  return {
    ...runResult('align', {
      settings,
      input: input.info,
      results: alignPoints(report),
      ...sections,
      seconds: secondsSince(started),
      engine: engine.name,
    }),
    ...sections,
  }
}

/** Trains ALS at each norm-penalty strength and reports consistency against recall. */
export async function alignSweep(o: AlignSweepSettings): Promise<RunResult<SweepPoint>> {
  const started = performance.now()
  const k = o.hubK ?? 10
  const samples = o.diagnoseSamples ?? 2000
  const seed = o.seed ?? 0
  const strengths = o.strengths ?? [0, 1, 10, 100]
  const als = {
    factors: o.dim ?? 64,
    ...(o.iterations === undefined ? {} : { iterations: o.iterations }),
    ...(o.regularization === undefined ? {} : { regularization: o.regularization }),
  }
  const log = await loadInteractions(o.interactions)
  const engine = typeof o.engine === 'object' ? o.engine : loadEngine(o.engine ?? 'auto')
  const points = await sweepNormPenalty(log, { engine, strengths, als, k, samples, seed, progress: o.onProgress })
  return runResult('align', {
    settings: { sweep: true, strengths, k, samples, seed, als, interactions: o.interactions },
    results: points,
    seconds: secondsSince(started),
    engine: engine.name,
  })
}

/** The curve before and after, one point per k. */
export function alignPoints(r: Pick<AlignReport<unknown>, 'before' | 'after'>) {
  return r.before.consistency.map((b, i) => ({ k: b.k, before: b, after: r.after.consistency[i]! }))
}

/** The writer of `out` by its extension (saveNpy and saveDelimited write atomically). */
export function saverFor(out: string): (path: string, e: Embeddings) => Promise<void> {
  const ext = out.toLowerCase().split('.').pop()
  if (ext === 'npy') return saveNpy
  if (ext === 'csv' || ext === 'tsv') return (path, e) => saveDelimited(path, e)
  throw new InputError(
    `cannot tell the format of "${out}"; end the name with .npy (ids in a .ids.txt sidecar), .csv or .tsv.`,
    { module: 'align', field: 'out' },
  )
}
