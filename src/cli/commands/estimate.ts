import type { Command } from 'commander'
import type { ConsistencyPoint } from '../../estimate/consistency.js'
import { INTERVAL_RULE } from '../../estimate/interval.js'
import { parseKList } from '../../estimate/klist.js'
import { parseMetric } from '../../estimate/metric.js'
import { parseTieRule } from '../../estimate/ties.js'
import { consistencyChart, estimateSeries } from '../../report/charts/index.js'
import { consistencyCsv, consistencyTable } from '../../report/consistency-table.js'
import type { InputInfo, RunResult } from '../../results.js'
import {
  checkFitsMemory,
  DEFAULT_MAX_SAMPLES,
  DEFAULT_SAMPLES,
  defaultMemory,
  estimateOn,
  estimateShardedOn,
  estimateStreamedOn,
  openStreamedNpy,
  streamedInput,
  type EstimateSettings,
} from '../../runs/estimate.js'
import { parseMemory } from '../../estimate/memory-size.js'
import { InputError } from '../../errors.js'
import { detectFormat } from '../../io/registry.js'
import { probeRedis, redisUrl } from '../../shard/redis.js'
import type { Embeddings } from '../../io/embeddings.js'
import { engineOptions, pickEngine } from '../engine.js'
import { inputSource, loadInput, transformsOf, type InputOptions } from '../input.js'
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

/** The estimate settings of the flags (strings until here), checked with the flag names. */
export function estimateSettings(f: EstimateFlags): EstimateSettings {
  const ci = numberOption(f.ci, '--ci', 0, 1)
  return {
    k: parseKList(f.k),
    metric: parseMetric(f.metric),
    samples: ci === undefined ? intOption(f.samples, '--samples', 1, DEFAULT_SAMPLES) : undefined,
    ci,
    maxSamples: ci === undefined ? undefined : intOption(f.maxSamples, '--max-samples', 1, DEFAULT_MAX_SAMPLES),
    seed: intOption(f.seed, '--seed', 0, 0),
    ties: parseTieRule(f.ties ?? 'fractional'),
    threads: f.threads === undefined ? undefined : intOption(f.threads, '--threads', 1),
    engine: pickEngine(f.engine),
  }
}

/** Runs the estimate on loaded embeddings with a progress bar on stderr; returns the results envelope. */
export async function runEstimate(
  command: string,
  e: Embeddings,
  info: InputInfo,
  f: EstimateFlags,
): Promise<RunResult<ConsistencyPoint>> {
  const settings = estimateSettings(f)
  const progress = progressBar('ranking averages', Boolean(f.quiet) || Boolean(f.json))
  try {
    return await estimateOn(
      command,
      { embeddings: e, info },
      {
        ...settings,
        ...transformsOf(f),
        onProgress: (d, t) => progress.update(d, t),
      },
    )
  } finally {
    progress.stop()
  }
}

/** Calls `run` with the parsed settings and a progress bar on stderr (quiet with --quiet or --json). */
export async function withEstimateProgress<T>(f: EstimateFlags, run: (s: EstimateSettings) => Promise<T>): Promise<T> {
  const progress = progressBar('ranking averages', Boolean(f.quiet) || Boolean(f.json))
  try {
    return await run({ ...estimateSettings(f), onProgress: (d, t) => progress.update(d, t) })
  } finally {
    progress.stop()
  }
}

/** The Sharded paragraph of `estimate --help`. */
const SHARDED_HELP = `Sharded: with --redis the .npy is split into --shards item ranges and every batch of averages is ranked
by \`avgcon worker\` processes (any machine that reaches Redis and the file), merged exactly: the results
equal the local run's for the same seed. Rerunning the same command after an interruption reads the
finished units back from Redis. Example:
  avgcon worker --redis redis://host:6379 &      (one or more, on any machine)
  avgcon estimate items.npy --redis redis://host:6379 --shards 8 --json
Workers that can each hold the whole matrix are used best with --shards 1 --query-parts W (W workers):
smaller item shards cost the exact search more (see docs/scale-out.md).`

/** `avgcon estimate <file>`. */
export function registerEstimate(program: Command): void {
  const cmd = program
    .command('estimate')
    .description('estimate Consistency_k of an embedding file with confidence intervals')
    .argument('[file]', 'embeddings: .npy, .csv, .tsv, .txt, .vec, ... (or use --synthetic)')
  outputOptions(inputOptions(estimateOptions(cmd, '2..50')))
    .option(
      '--memory <size>',
      'memory budget, e.g. 256MB or 2GB: a larger .npy is streamed in blocks (see Memory below)',
    )
    .option('--redis [url]', 'rank on workers through this Redis server (default: AVGCON_REDIS_URL; see Sharded below)')
    .option('--shards <n>', 'with --redis: item shards, one unit each per batch (default: 1 per 256 MiB, at least 4)')
    .option('--query-parts <n>', "with --redis: split each batch's averages into N units per shard (default 1)")
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
while all sets so far are perfect (1000 perfect sets give [0.9952, 1]).

Memory: a .npy whose float32 matrix exceeds --memory (default: half of the machine's memory)
is read from disk in blocks, with results identical to the in-memory run; each batch of averages is one
pass over the file (euclidean blocks are centred on the whole matrix's means; the next block is read while
one is ranked). A Fortran-order .npy streams only with --memory, and slowly (it is read column by column).
Other formats are read into memory only: with a --memory smaller than their matrix they are refused;
convert them to .npy.

${SHARDED_HELP}`,
    )
    .action(async (file: string | undefined, f: EstimateFlags & InputOptions & ShardFlags) => {
      const memory = f.memory === undefined ? undefined : parseMemory(f.memory)
      const source = inputSource(file, f)
      let result: RunResult<ConsistencyPoint>
      const streamed =
        f.redis === undefined ? await streamedInput({ ...source, ...transformsOf(f) }, memory) : undefined
      if (f.redis !== undefined) {
        result = await runSharded(source, f, memory)
      } else if (streamed) {
        const budget = memory ?? defaultMemory()
        const progress = progressBar('ranking averages (blocks)', Boolean(f.quiet) || Boolean(f.json))
        try {
          const settings = estimateSettings(f)
          result = await estimateStreamedOn(
            'estimate',
            streamed,
            { ...settings, center: f.center, normalize: f.normalize, onProgress: (d, t) => progress.update(d, t) },
            budget,
          )
        } finally {
          progress.stop()
          await streamed.rows.close()
        }
      } else {
        const { embeddings: e, info } = await loadInput(file, f)
        checkFitsMemory(info, memory)
        result = await runEstimate('estimate', e, info, f)
      }
      const { n, d } = result.input ?? { n: 0, d: 0 }
      const chart = () =>
        consistencyChart({
          title: `Consistency_k of ${result.input?.file ?? result.input?.synthetic}`,
          subtitle: `N=${n.toLocaleString('en-US')}, d=${d}, ${result.settings.metric} similarity${f.center ? ', centred' : ''}${f.normalize ? ', normalised' : ''}`,
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

/** The flags of sharded estimation. */
interface ShardFlags {
  memory?: string
  redis?: string | boolean
  shards?: string
  queryParts?: string
}

/** `estimate --redis`: the coordinator (shard/coordinator.ts), with a progress bar and a line on units. */
async function runSharded(
  source: ReturnType<typeof inputSource>,
  f: EstimateFlags & InputOptions & ShardFlags,
  memory: number | undefined,
): Promise<RunResult<ConsistencyPoint>> {
  const url = redisUrl(typeof f.redis === 'string' ? f.redis : undefined)
  const file = 'file' in source && typeof source.file === 'string' ? source.file : undefined
  const given = 'format' in source ? source.format : undefined
  const format = file === undefined ? undefined : (given ?? (await detectFormat(file)))
  if (file === undefined || format !== 'npy')
    throw new InputError(
      '--redis: sharded estimation reads rows by position, so it needs a .npy file; save the matrix as .npy (numpy.save).',
    )
  const shards = f.shards === undefined ? undefined : intOption(f.shards, '--shards', 1)
  const queryParts = f.queryParts === undefined ? undefined : intOption(f.queryParts, '--query-parts', 1)
  const settings = estimateSettings(f)
  // An unreachable server is named before any pass over the file.
  await probeRedis(url)
  const input = await openStreamedNpy(file, transformsOf(f))
  const progress = progressBar('ranking averages (workers)', Boolean(f.quiet) || Boolean(f.json))
  try {
    return await estimateShardedOn(
      'estimate',
      input,
      { ...settings, ...transformsOf(f), onProgress: (d, t) => progress.update(d, t) },
      memory ?? defaultMemory(),
      {
        url,
        shards,
        queryParts,
        onUnits: (s) => {
          if (!f.quiet)
            process.stderr.write(
              `avgcon: run ${s.run}: ${s.units} units in ${s.rounds} rounds, ${s.computed} computed by workers, ${s.readBack} read back from an earlier run\n`,
            )
        },
      },
    )
  } finally {
    progress.stop()
  }
}
