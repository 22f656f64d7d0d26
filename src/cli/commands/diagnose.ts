import type { Command } from 'commander'
import { diagnosisText, HUBNESS_MEASURES_HELP, VERDICT_RULE_HELP, type Diagnosis } from '../../diagnose/index.js'
import { diagnoseOn, type DiagnoseSettings } from '../../runs/diagnose.js'
import { parseMetric } from '../../estimate/metric.js'
import { distributionChart, normHubnessChart } from '../../report/charts/index.js'
import type { InputInfo } from '../../results.js'
import { formatCsv } from '../../report/table.js'
import { engineOptions, pickEngine } from '../engine.js'
import { loadInput, type InputOptions } from '../input.js'
import { inputOptions, intOption, namesColumn, namesColumnOption, outputOptions } from '../options.js'
import { emit, type OutputOptions } from '../output.js'

/** Raw flags of `avgcon diagnose` (strings until parsed). */
export interface DiagnoseFlags extends OutputOptions {
  names?: string
  namesColumn?: string
  k: string
  metric: string
  samples: string
  itemHubness?: string | boolean
  seed: string
  threads?: string
  engine: string
}

/** Adds the diagnostic options shared by diagnose and align. */
export function diagnoseOptions(cmd: Command): Command {
  return engineOptions(
    cmd
      .option('--k <n>', 'set size of the random averages and length of the top-k lists', '10')
      .option('--metric <name>', 'similarity: dot, cosine or euclidean', 'dot')
      .option('--samples <n>', 'random averages ranked for N_k and Consistency_k', '2000')
      .option(
        '--item-hubness [queries]',
        "also count N_k over the items' own k-NN lists (all items, or a sample of this many)",
      )
      .option('--seed <n>', 'seed of the set sampler', '0'),
  )
}

/** The diagnose settings of the flags (strings until here), checked with the flag names. */
export function diagnoseSettings(f: DiagnoseFlags): DiagnoseSettings {
  return {
    k: intOption(f.k, '--k', 1, 10),
    metric: parseMetric(f.metric),
    samples: intOption(f.samples, '--samples', 1, 2000),
    seed: intOption(f.seed, '--seed', 0, 0),
    threads: f.threads === undefined ? undefined : intOption(f.threads, '--threads', 1),
    itemHubness:
      typeof f.itemHubness === 'string' ? intOption(f.itemHubness, '--item-hubness', 1) : f.itemHubness === true,
    engine: pickEngine(f.engine),
    names: f.names,
    namesColumn: namesColumn(f),
  }
}

/** `avgcon diagnose <embeddings>`. */
export function registerDiagnose(program: Command): void {
  const cmd = program
    .command('diagnose')
    .description(
      'explain Consistency_k: item norms, hubness, coordinate moments, anisotropy, and a verdict naming the dominant cause',
    )
    .argument('[file]', 'embeddings: .npy, .csv, .tsv, .txt, .vec, ... (or use --synthetic)')
    .option(
      '--names <file>',
      "item names by id: MovieLens u.item, or id<TAB>name lines (default: the file's ids, else row numbers)",
    )
  outputOptions(inputOptions(diagnoseOptions(namesColumnOption(cmd))))
    .addHelpText(
      'after',
      `
Output: norm quantiles and their rank correlation with N_k (how often an item is in the
top-k of a random k-set average), hubness (skewness of N_k, share of top-k slots taken by
the top 1 % of items, top hubs), per-dimension and pooled moments with their gaps to the
i.i.d. setting, mean cosine and covariance effective dimension, and a verdict.
--plot draws the norm histogram.

${HUBNESS_MEASURES_HELP}

${VERDICT_RULE_HELP}

Examples:
  avgcon diagnose items.npy
  avgcon diagnose items.npy --names u.item --k 20 --item-hubness 5000
  avgcon diagnose items.npy --json --out diagnosis.json --plot norms-hubs.svg`,
    )
    .action(async (file: string | undefined, f: DiagnoseFlags & InputOptions) => {
      const started = performance.now()
      const settings = diagnoseSettings(f) // flag errors before the file is read
      const input = await loadInput(file, f)
      // --plot draws every item's norm against its N_k: keep them from the run (not in the JSON).
      let items: { norms: Float64Array; occurrences: Int32Array } | undefined
      const onItems = (norms: Float64Array, occurrences: Int32Array): void => {
        items = { norms, occurrences }
      }
      const result = await diagnoseOn(input, f.plot ? { ...settings, onItems } : settings, started)
      const { diagnostics: diagnosis } = result
      const info = input.info
      await emit(
        {
          table: () => diagnosisText(diagnosis),
          json: () => result,
          csv: () => hubCsv(diagnosis),
          chart: () => normChart(diagnosis, info, items),
        },
        f,
      )
    })
}

function hubCsv(dg: Pick<Diagnosis, 'hubness'>): string {
  return formatCsv(
    ['rank', 'index', 'id', 'count'],
    dg.hubness.averages.top.map((h, r) => [r + 1, h.index, h.id ?? '', h.count]),
  )
}

/**
 * The norm histogram beside norm against N_k (the hubness argument), or the histogram
 * alone from the diagnosis' bins when the items' values were not kept.
 */
function normChart(
  dg: Omit<Diagnosis, 'verdict'> & { verdict: { cause: string } },
  info: InputInfo,
  items?: { norms: Float64Array; occurrences: Int32Array },
) {
  const q = dg.norms.distribution.quantiles
  if (items !== undefined)
    return normHubnessChart({
      norms: items.norms,
      occurrences: items.occurrences,
      k: dg.k,
      title: `Norms and hubness of ${info.file ?? info.synthetic ?? 'embeddings'}`,
      subtitle: `Spearman(norm, N_${dg.k}) = ${dg.norms.occurrenceCorrelation.toFixed(2)}; verdict: ${dg.verdict.cause}`,
      markers: [
        { label: 'median', value: q['0.5']! },
        { label: 'p99', value: q['0.99']! },
      ],
    })
  return distributionChart({
    xTitle: 'item norm ||x||',
    title: `Item norms of ${info.file ?? info.synthetic ?? 'embeddings'}`,
    subtitle: `Spearman(norm, N_${dg.k}) = ${dg.norms.occurrenceCorrelation.toFixed(2)}; verdict: ${dg.verdict.cause}`,
    bins: dg.norms.histogram,
    markers: [
      { label: 'median', value: q['0.5']! },
      { label: 'p99', value: q['0.99']! },
    ],
  })
}
