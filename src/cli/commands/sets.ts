import { basename } from 'node:path'
import type { Command } from 'commander'
import { InputError } from '../../errors.js'
import { parseMetric } from '../../estimate/metric.js'
import { parseTieRule } from '../../estimate/ties.js'
import type { RealSetResult } from '../../estimate/sets.js'
import { histogramChart } from '../../report/charts/index.js'
import { bucketTable, extremesText, setsCsv, setsMeaning } from '../../report/sets-table.js'
import { engineName, engineOptions } from '../engine.js'
import { loadInput, transformsOf } from '../input.js'
import { fileOptions, intOption, namesColumn, namesColumnOption, outputOptions, transformOptions } from '../options.js'
import { emit, type OutputOptions } from '../output.js'
import { progressBar } from '../progress.js'
import { analyseSetsOn } from '../../runs/sets.js'
import { parseSetFormat, type LoadedSets } from '../../io/item-sets.js'

/** Raw flags of `avgcon sets` (strings until parsed). */
interface SetsFlags extends OutputOptions {
  sets?: string
  setFormat: string
  at: string
  weights?: boolean
  names?: string
  namesColumn?: string
  metric: string
  seed: string
  ties?: string
  threads?: string
  engine: string
  format?: string
  center?: boolean
  normalize?: boolean
}

/** `avgcon sets <embeddings> --sets FILE`. */
export function registerSets(program: Command): void {
  const cmd = program
    .command('sets')
    .description(
      "precision of the averages of real item sets (users' histories, playlists) against random sets of the same sizes",
    )
    .argument('<file>', 'item embeddings with ids: .npy with its .ids.txt sidecar, or a .csv/.tsv with an id column')
    .option(
      '--sets <file>',
      'the sets: an interaction log (user item [weight [timestamp]], one set per user) or one set of item ids per line ("id: a b c" or "a b c")',
    )
    .option('--set-format <layout>', 'interactions, lines or auto (detected from the first lines)', 'auto')
    .option(
      '--at <n>',
      'also report Precision@n: the share of the n items nearest each average that belong to the set',
      '10',
    )
    .option('--weights', "weigh each item of a user's average by its interaction weight (e.g. the rating)")
    .option(
      '--names <file>',
      'item names for the worst/best lists: MovieLens u.item (id|title|...) or id<TAB>name / id,name',
    )
    .option('--metric <name>', 'similarity: dot, cosine or euclidean', 'dot')
    .option('--seed <n>', 'seed of the random baseline sets', '0')
    .option('--ties <rule>', 'cut-off ties: fractional (default) or lower-index')
  outputOptions(engineOptions(transformOptions(fileOptions(namesColumnOption(cmd)))))
    .addHelpText(
      'after',
      `
For every set U: Precision_|U| = |top-|U|(mean of U) ∩ U| / |U| and Precision@n = |top-n ∩ U| / n,
exact over all N items (the set's own items included). Each set is paired with a uniformly
random set of the same size (and weights): the baseline. The table summarises both by set
size; --csv prints one row per set; --json holds the summary ("results") and every set ("sets").
Item ids of the sets are matched to the embeddings' ids; unknown ids are skipped (one warning).

Examples:
  avgcon train als u.data --out items.npy && avgcon sets items.npy --sets u.data --names u.item
  avgcon sets items.npy --sets playlists.txt --set-format lines --metric cosine --at 20
  avgcon sets items.npy --sets u.data --weights --json --out sets.json --plot sets.png`,
    )
    .action(printSets)
}

/** Parses the flags, runs `sets` and prints its table, CSV, JSON or figure. */
async function printSets(file: string, f: SetsFlags): Promise<void> {
  const settings = {
    at: intOption(f.at, '--at', 1),
    metric: parseMetric(f.metric),
    seed: intOption(f.seed, '--seed', 0, 0),
    ties: parseTieRule(f.ties ?? 'fractional'),
    threads: f.threads === undefined ? undefined : intOption(f.threads, '--threads', 1),
    setFormat: parseSetFormat(f.setFormat),
    weights: Boolean(f.weights),
    names: f.names,
    namesColumn: namesColumn(f),
    engine: engineName(f.engine),
  }
  if (f.sets === undefined)
    throw new InputError(
      '--sets is required: name an interaction log (user item ...) or a file with one set of item ids per line.',
    )
  const input = await loadInput(file, f)
  const progress = progressBar('ranking set averages', Boolean(f.quiet) || Boolean(f.json))
  const { result, rows, scores, loaded } = await analyseSetsOn(input, {
    ...settings,
    sets: f.sets,
    ...transformsOf(f),
    onProgress: (d, t) => progress.update(d, t),
  })
  progress.stop()
  const { n, d } = input.embeddings
  const at = settings.at
  const header = `${loaded.sets.length.toLocaleString('en-US')} sets from ${basename(f.sets)} (${describeSource(loaded)}); ${input.info.file}: N=${n.toLocaleString('en-US')}, d=${d}, ${settings.metric} similarity.\n\n`
  const table = () =>
    header +
    bucketTable(result.results, at) +
    '\n' +
    setsMeaning(result.results.at(-1)!) +
    '\n' +
    extremesText(rows, at)
  await emit(
    {
      table,
      json: () => result,
      csv: () => setsCsv(rows, at),
      chart: () => setsChart(scores, input.info.file ?? 'embeddings', basename(f.sets!)),
    },
    f,
  )
}

function describeSource(l: LoadedSets): string {
  const parts = [
    l.format === 'interactions'
      ? `${(l.interactions ?? 0).toLocaleString('en-US')} interactions, one set per user`
      : 'one set per line',
  ]
  if (l.skippedItems > 0) parts.push(`${l.skippedItems} unknown item(s) skipped`)
  if (l.droppedSets > 0) parts.push(`${l.droppedSets} empty set(s) dropped`)
  return parts.join(', ')
}

/** Histograms of Precision_|U| for the real sets and for their random baselines, on the same bins. */
function setsChart(r: RealSetResult, embeddings: string, sets: string) {
  const bins = { extent: [0, 1] as [number, number], binCount: 20 }
  return histogramChart({
    ...bins,
    title: 'Precision of set averages',
    subtitle: `${r.real.length.toLocaleString('en-US')} sets of ${sets} on ${embeddings}, and random sets of the same sizes`,
    xTitle: 'Precision_|U|(U)',
    barLabel: 'sets',
    columns: 2,
    panels: [
      { label: 'real sets', values: r.real.map((s) => s.precision) },
      { label: 'random sets, same sizes', values: r.random.map((s) => s.precision) },
    ],
  })
}
