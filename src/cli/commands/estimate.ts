import type { Command } from 'commander'
import { checkEstimateOptions, estimateConsistency, type ConsistencyPoint } from '../../estimate/consistency.js'
import { INTERVAL_RULE } from '../../estimate/interval.js'
import { parseKList } from '../../estimate/klist.js'
import { parseMetric, searchSpace } from '../../estimate/metric.js'
import { parseTieRule } from '../../estimate/ties.js'
import { consistencyChart, estimateSeries } from '../../report/charts/index.js'
import { consistencyCsv, consistencyTable } from '../../report/consistency-table.js'
import { runResult, type InputInfo, type RunResult } from '../../report/results.js'
import type { Embeddings } from '../../io/embeddings.js'
import { engineOptions, pickEngine } from '../engine.js'
import { loadInput, type InputOptions } from '../input.js'
import { inputOptions, intOption, numberOption, outputOptions } from '../options.js'
import { emit, type OutputOptions } from '../output.js'
import { progressBar } from '../progress.js'

/** Raw flags of the estimate options (strings until parsed). */
export interface EstimateFlags extends OutputOptions {
  k: string
  metric: string
  samples?: string
  ci?: string
  maxSamples?: string
  seed: string
  ties?: string
  threads?: string
  engine: string
  center?: boolean
  normalize?: boolean
}

/** The one help line of --ties (no commander default: it would wrap the line). */
const TIES_HELP = 'k-th place ties: fractional (default) or lower-index'

/** Adds the sampling options shared by estimate, demo and report. */
export function estimateOptions(cmd: Command, defaultK: string): Command {
  return engineOptions(
    cmd
      .option('--k <list>', 'set sizes: 2..50, 2,5,10 or 2..50:4', defaultK)
      .option('--metric <name>', 'similarity: dot, cosine or euclidean', 'dot')
      .option('--samples <n>', 'random sets per k (fixed mode)', '1000')
      .option(
        '--ci <halfwidth>',
        'adaptive mode: sample until each 95% CI half-width is at most this (see Intervals below)',
      )
      .option('--max-samples <n>', 'adaptive mode: at most this many sets per k', '100000')
      .option('--seed <n>', 'seed of the set sampler', '0')
      .option('--ties <rule>', TIES_HELP),
  )
}

/** Runs the estimate on loaded embeddings and wraps it in the results envelope. */
export async function runEstimate(
  command: string,
  e: Embeddings,
  info: InputInfo,
  f: EstimateFlags,
): Promise<RunResult<ConsistencyPoint>> {
  const ks = parseKList(f.k)
  const metric = parseMetric(f.metric)
  const ci = numberOption(f.ci, '--ci', 0, 1)
  const samples = ci === undefined ? intOption(f.samples, '--samples', 1, 1000) : undefined
  const maxSamples = ci === undefined ? undefined : intOption(f.maxSamples, '--max-samples', 1, 100_000)
  const seed = intOption(f.seed, '--seed', 0, 0)
  const ties = parseTieRule(f.ties ?? 'fractional')
  const threads = f.threads === undefined ? undefined : intOption(f.threads, '--threads', 1)
  checkEstimateOptions(e.n, { ks, samples, ci, maxSamples })
  const engine = pickEngine(f.engine)
  const started = performance.now()
  const progress = progressBar('ranking averages', Boolean(f.quiet) || Boolean(f.json))
  const space = searchSpace(e, metric, true)
  const results = await estimateConsistency(space, {
    ks,
    engine,
    samples,
    ci,
    maxSamples,
    seed,
    threads,
    ties,
    onProgress: (d, t) => progress.update(d, t),
  })
  progress.stop()
  const settings = {
    k: ks,
    metric,
    samples: samples ?? null,
    ci: ci ?? null,
    maxSamples: maxSamples ?? null,
    seed,
    center: Boolean(f.center),
    normalize: Boolean(f.normalize),
  }
  return runResult(command, {
    settings,
    input: info,
    results,
    ties,
    seconds: round3((performance.now() - started) / 1000),
    engine: engine.name,
  })
}

/** `avgcon estimate <file>`. */
export function registerEstimate(program: Command): void {
  const cmd = program
    .command('estimate')
    .description('estimate Consistency_k of an embedding file with confidence intervals')
    .argument('[file]', 'embeddings: .npy, .csv, .tsv, .txt, .vec, ... (or use --synthetic)')
  outputOptions(inputOptions(estimateOptions(cmd, '2..50')))
    .addHelpText(
      'after',
      `
Examples:
  avgcon estimate items.npy --k 2..50
  avgcon estimate items.npy --k 2,5,10,20 --metric cosine --ci 0.01
  avgcon estimate items.csv --center --json --out result.json --plot curve.svg
  avgcon estimate --synthetic 'uniform(-1,1)' --n 100000 --d 64 --k 2..20

Intervals: ${INTERVAL_RULE}.
--ci compares its target with that interval's half-width, which is never zero, so it keeps sampling
while all sets so far are perfect (1000 perfect sets give [0.9952, 1]).`,
    )
    .action(async (file: string | undefined, f: EstimateFlags & InputOptions) => {
      const { embeddings: e, info } = await loadInput(file, f)
      const result = await runEstimate('estimate', e, info, f)
      const chart = () =>
        consistencyChart({
          title: `Consistency_k of ${result.input?.file ?? result.input?.synthetic}`,
          subtitle: `N=${e.n.toLocaleString('en-US')}, d=${e.d}, ${result.settings.metric} similarity${f.center ? ', centred' : ''}${f.normalize ? ', normalised' : ''}`,
          yDomain: [0, 1],
          series: [estimateSeries('estimate (95% CI)', result.results)],
        })
      await emit(
        {
          table: () => consistencyTable(result.results),
          json: () => result,
          csv: () => consistencyCsv(result.results),
          chart,
        },
        f,
      )
    })
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000
}
