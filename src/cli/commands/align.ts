import type { Command } from 'commander'
import { alignText, sweepText, type AlignReport, type SweepPoint } from '../../diagnose/index.js'
import { InputError } from '../../errors.js'
import { parseKList } from '../../estimate/klist.js'
import { parseMetric } from '../../estimate/metric.js'
import { consistencyChart, estimateSeries } from '../../report/charts/index.js'
import type { InputInfo } from '../../results.js'
import {
  alignOn,
  alignPoints,
  alignSweep,
  saverFor,
  type AlignSettings,
  type AlignSweepSettings,
} from '../../runs/align.js'
import { formatCsv } from '../../report/table.js'
import { parseTransforms } from '../../transform/pipeline.js'
import { engineOptions, pickEngine } from '../engine.js'
import { loadInput, type InputOptions } from '../input.js'
import { fileOptions, intOption, syntheticOptions } from '../options.js'
import { emit, noFigureWhen } from '../output.js'
import { progressBar } from '../progress.js'

/** Raw flags of `avgcon align` (strings until parsed). */
interface AlignFlags {
  transform?: string
  out?: string
  interactions?: string
  k: string
  hubK: string
  metric: string
  samples: string
  diagnoseSamples: string
  seed: string
  threads?: string
  engine: string
  sweep?: boolean
  strengths: string
  dim: string
  iterations?: string
  regularization?: string
  json?: boolean
  plot?: string
  ylim?: string
  ylog?: boolean
  quiet?: boolean
}

/** `avgcon align <embeddings> --transform LIST` and `avgcon align --sweep --interactions LOG`. */
export function registerAlign(program: Command): void {
  const cmd = program
    .command('align')
    .description(
      'transform embeddings toward the theoretical setting (center, whiten, normalize, clip-norms, ...) and compare consistency, diagnostics and recall before/after; or sweep the ALS norm penalty',
    )
    .argument('[file]', 'embeddings: .npy, .csv, .tsv, ... (or use --synthetic; not with --sweep)')
    .option(
      '--transform <list>',
      'steps in order: center, whiten[=shrinkage], normalize, clip-norms[=q] (default q 0.9), standardize',
    )
    .option('--out <file>', 'write the transformed embeddings with their ids (.npy + FILE.ids.txt, or .csv/.tsv)')
    .option(
      '--interactions <file>',
      'log of user item lines whose item ids match the embeddings: adds recall@10 and nDCG@10 of user averages',
    )
    .option('--k <list>', 'set sizes of the consistency curve', '2,5,10,20')
    .option('--hub-k <n>', 'set size of the diagnostics (N_k, verdict)', '10')
    .option('--metric <name>', 'similarity: dot, cosine or euclidean', 'dot')
    .option('--samples <n>', 'random sets per k of the consistency curve', '1000')
    .option('--diagnose-samples <n>', 'random averages of the diagnostics (and of the sweep)', '2000')
    .option('--seed <n>', 'seed of the sets and of the train/test split', '0')
    .option(
      '--sweep',
      'train ALS on --interactions at each --strengths of the norm penalty and report consistency vs recall',
    )
    .option('--strengths <list>', 'with --sweep: norm-penalty strengths', '0,1,10,100')
    .option('--dim <d>', 'with --sweep: ALS dimension', '64')
    .option('--iterations <n>', 'with --sweep: ALS sweeps (default 15)')
    .option('--regularization <lambda>', 'with --sweep: ALS L2 penalty (default 10)')
    .option('--json', 'print one results JSON object instead of the tables')
    .option('--plot <file>', 'draw the consistency curves before and after to FILE (.svg or .png)')
    .option('--quiet', 'no progress bar or notes on stderr')
  noFigureWhen(cmd, (o) => (o.sweep ? '--sweep' : undefined))
  engineOptions(syntheticOptions(fileOptions(cmd)))
    .addHelpText(
      'after',
      `
Before and after use the same random sets and the same per-user train/test split, so the
differences are paired. Whitening: ZCA from ml-matrix's symmetric eigendecomposition of the
float64 covariance; rank-deficient data is shrunk toward tr(S)/d I (Ledoit-Wolf).

Examples:
  avgcon align items.npy --transform normalize
  avgcon align items.npy --transform center,whiten,normalize --out aligned.npy --interactions u.data
  avgcon align items.npy --transform clip-norms=0.5 --k 2..20 --plot curves.svg
  avgcon align --sweep --interactions u.data --strengths 0,10,100 --dim 64`,
    )
    .action(async (file: string | undefined, f: AlignFlags & InputOptions) => {
      if (f.sweep) await runSweep(file, f)
      else await runAlign(file, f)
    })
}

async function runAlign(file: string | undefined, f: AlignFlags & InputOptions): Promise<void> {
  const started = performance.now()
  if (f.transform === undefined)
    throw new InputError('--transform is required (e.g. --transform center,whiten,normalize), or use --sweep.')
  // Refuse a bad list or --out name before loading a large file.
  parseTransforms(f.transform)
  const save = f.out === undefined ? undefined : saverFor(f.out)
  const input = await loadInput(file, f)
  const settings: AlignSettings = {
    transform: f.transform,
    out: f.out,
    interactions: f.interactions,
    k: parseKList(f.k),
    hubK: intOption(f.hubK, '--hub-k', 1, 10),
    metric: parseMetric(f.metric),
    samples: intOption(f.samples, '--samples', 1, 1000),
    diagnoseSamples: intOption(f.diagnoseSamples, '--diagnose-samples', 1, 2000),
    seed: intOption(f.seed, '--seed', 0, 0),
    threads: f.threads === undefined ? undefined : intOption(f.threads, '--threads', 1),
    engine: pickEngine(f.engine),
  }
  const result = await alignOn(input, settings, started, save)
  await emit(
    {
      table: () => alignText(result),
      json: () => result,
      csv: () => alignCsv(result),
      chart: () => alignChart(result, input.info),
    },
    { json: f.json, plot: f.plot, ylim: f.ylim, ylog: f.ylog },
  )
}

async function runSweep(file: string | undefined, f: AlignFlags & InputOptions): Promise<void> {
  if (file !== undefined || f.synthetic !== undefined)
    throw new InputError('--sweep trains its own embeddings from --interactions; drop the embeddings file.')
  if (f.transform !== undefined)
    throw new InputError('--sweep and --transform cannot be combined; run them separately.')
  if (f.interactions === undefined)
    throw new InputError('--sweep needs --interactions LOG to train on (e.g. --interactions u.data).')
  const strengths = f.strengths.split(',').map((s) => {
    const v = Number(s)
    if (s.trim() === '' || !Number.isFinite(v) || v < 0)
      throw new InputError(`--strengths: "${s}" must be a number >= 0 (e.g. 0,1,10,100).`)
    return v
  })
  const settings: AlignSweepSettings = {
    sweep: true,
    interactions: f.interactions,
    strengths,
    hubK: intOption(f.hubK, '--hub-k', 1, 10),
    diagnoseSamples: intOption(f.diagnoseSamples, '--diagnose-samples', 1, 2000),
    seed: intOption(f.seed, '--seed', 0, 0),
    dim: intOption(f.dim, '--dim', 1, 64),
    iterations: f.iterations === undefined ? undefined : intOption(f.iterations, '--iterations', 0),
    regularization: f.regularization === undefined ? undefined : nonNegative(f.regularization, '--regularization'),
    engine: pickEngine(f.engine),
  }
  const bar = progressBar('training', Boolean(f.quiet) || Boolean(f.json))
  const result = await alignSweep({ ...settings, onProgress: (d, t) => bar.update(d, t) }).finally(() => bar.stop())
  const points = result.results
  await emit(
    { table: () => sweepText(points), json: () => result, csv: () => sweepCsv(points) },
    { json: f.json, plot: f.plot, ylim: f.ylim, ylog: f.ylog },
  )
}

function alignCsv(r: Omit<AlignReport<unknown>, 'embeddings'>): string {
  return formatCsv(
    ['k', 'before', 'beforeLow', 'beforeHigh', 'after', 'afterLow', 'afterHigh'],
    alignPoints(r).map((p) => [
      p.k,
      p.before.mean,
      p.before.ciLow,
      p.before.ciHigh,
      p.after.mean,
      p.after.ciLow,
      p.after.ciHigh,
    ]),
  )
}

function sweepCsv(points: SweepPoint[]): string {
  return formatCsv(
    [
      'strength',
      'consistency',
      'ciLow',
      'ciHigh',
      'recallAverages',
      'ndcgAverages',
      'recallFactors',
      'normCv',
      'hubSkewness',
      'hubShare',
      'cause',
    ],
    points.map((p) => [
      p.strength,
      p.consistency.mean,
      p.consistency.ciLow,
      p.consistency.ciHigh,
      p.averages.recall,
      p.averages.ndcg,
      p.factors.recall,
      p.normCv,
      p.hubSkewness,
      p.hubShare,
      p.cause,
    ]),
  )
}

function alignChart(r: Omit<AlignReport<unknown>, 'embeddings'>, info: InputInfo) {
  const steps = r.steps.map((s) => s.step).join(', ')
  return consistencyChart({
    title: `Consistency_k of ${info.file ?? info.synthetic ?? 'embeddings'} before and after ${steps}`,
    subtitle: `N=${info.n.toLocaleString('en-US')}, d=${info.d}`,
    series: [estimateSeries('before', r.before.consistency), estimateSeries(`after ${steps}`, r.after.consistency)],
  })
}

function nonNegative(text: string, name: string): number {
  const v = Number(text)
  if (text.trim() === '' || !Number.isFinite(v) || v < 0)
    throw new InputError(`${name}: "${text}" must be a number >= 0.`)
  return v
}
