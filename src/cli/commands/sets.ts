import { basename } from 'node:path'
import type { Command } from 'commander'
import { InputError } from '../../errors.js'
import { parseMetric, searchSpace } from '../../estimate/metric.js'
import { parseTieRule } from '../../estimate/ties.js'
import { realSetConsistency, type RealSetResult } from '../../estimate/sets.js'
import { histogramChart } from '../../report/charts/index.js'
import { runResult } from '../../results.js'
import { bucketTable, extremesText, setRows, setsCsv, setsMeaning, type SetRow } from '../../report/sets-table.js'
import { engineOptions, pickEngine } from '../engine.js'
import { loadInput } from '../input.js'
import { fileOptions, intOption, outputOptions, transformOptions } from '../options.js'
import { emit, type OutputOptions } from '../output.js'
import { progressBar } from '../progress.js'
import { detectSetFormat, loadItemSets, loadNames, parseSetFormat, type LoadedSets } from './sets-input.js'

/** Raw flags of `avgcon sets` (strings until parsed). */
interface SetsFlags extends OutputOptions {
  sets?: string
  setFormat: string
  at: string
  weights?: boolean
  names?: string
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
  outputOptions(engineOptions(transformOptions(fileOptions(cmd))))
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
    .action(async (file: string, f: SetsFlags) => {
      const started = performance.now()
      const at = intOption(f.at, '--at', 1)
      const metric = parseMetric(f.metric)
      const seed = intOption(f.seed, '--seed', 0, 0)
      const ties = parseTieRule(f.ties ?? 'fractional')
      const threads = f.threads === undefined ? undefined : intOption(f.threads, '--threads', 1)
      const setFormat = parseSetFormat(f.setFormat)
      if (f.sets === undefined)
        throw new InputError(
          '--sets is required: name an interaction log (user item ...) or a file with one set of item ids per line.',
        )
      const { embeddings: e, info } = await loadInput(file, f)
      if (!e.ids)
        throw new InputError(
          `${basename(file)} has no item ids (no ${basename(file)}.ids.txt sidecar, no id column), so the items of ${basename(f.sets)} cannot be matched to its rows; write one id per row to ${basename(file)}.ids.txt.`,
        )
      if (at > e.n)
        throw new InputError(`--at: n=${at} exceeds the number of items N=${e.n}; use --at ${Math.min(10, e.n)}.`)
      const format = setFormat === 'auto' ? await detectSetFormat(f.sets) : setFormat
      const loaded = await loadItemSets(f.sets, format, e.ids, file, Boolean(f.weights))
      const names = f.names === undefined ? undefined : await loadNames(f.names)
      // After the files: a missing file is reported without the engine's fallback warning first.
      const engine = pickEngine(f.engine)
      const ids = e.ids
      const label = (row: number): string => names?.get(ids[row]!) ?? ids[row]!
      const progress = progressBar('ranking set averages', Boolean(f.quiet) || Boolean(f.json))
      const space = searchSpace(e, metric, true)
      const r = await realSetConsistency(space, loaded.sets, {
        engine,
        at,
        seed,
        threads,
        ties,
        nearest: 3,
        onProgress: (d, t) => progress.update(d, t),
      })
      progress.stop()
      const rows = setRows(r.real, r.random, (i) => loaded.sets[i]!.items, label)
      const settings = {
        at,
        metric,
        weights: Boolean(f.weights),
        seed,
        setFormat: format,
        center: Boolean(f.center),
        normalize: Boolean(f.normalize),
      }
      const seconds = Math.round(performance.now() - started) / 1000
      const json = () =>
        runResult('sets', {
          settings,
          input: info,
          results: r.buckets,
          ties,
          seconds,
          engine: engine.name,
          source: sourceInfo(f.sets!, loaded),
          sets: jsonSets(rows, r, ids),
        })
      const header = `${loaded.sets.length.toLocaleString('en-US')} sets from ${basename(f.sets)} (${describeSource(loaded)}); ${info.file}: N=${e.n.toLocaleString('en-US')}, d=${e.d}, ${metric} similarity.\n\n`
      const table = () =>
        header + bucketTable(r.buckets, at) + '\n' + setsMeaning(r.buckets.at(-1)!) + '\n' + extremesText(rows, at)
      await emit(
        {
          table,
          json,
          csv: () => setsCsv(rows, at),
          chart: () => setsChart(r, info.file ?? 'embeddings', basename(f.sets!)),
        },
        f,
      )
    })
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

function sourceInfo(file: string, l: LoadedSets): Record<string, unknown> {
  return {
    file: basename(file),
    format: l.format,
    sets: l.sets.length,
    interactions: l.interactions ?? null,
    skippedItems: l.skippedItems,
    droppedSets: l.droppedSets,
  }
}

/** Every set in the JSON: scores, baseline, and the ids of the items nearest its average. */
function jsonSets(rows: SetRow[], r: RealSetResult, ids: string[]): Record<string, unknown>[] {
  return rows.map((row, i) => ({
    id: row.id,
    size: row.size,
    precision: row.precision,
    precisionAt: row.precisionAt,
    random: row.random,
    randomAt: row.randomAt,
    nearest: Array.from(r.real[i]!.nearest, (j) => ids[j]!),
  }))
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
