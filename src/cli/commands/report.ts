import type { Command } from 'commander'
import { InputError } from '../../errors.js'
import { parseSetFormat } from '../../io/item-sets.js'
import { REPORT_DEFAULT_CI, report } from '../../runs/report.js'
import { inputSource, transformsOf, type InputOptions } from '../input.js'
import { inputOptions, intOption, namesColumn, namesColumnOption } from '../options.js'
import { progressBar } from '../progress.js'
import { estimateOptions, estimateSettings, type EstimateFlags } from './estimate.js'

/** Raw flags of `avgcon report`. */
interface ReportFlags extends EstimateFlags, InputOptions {
  out?: string
  sets?: string
  setFormat: string
  names?: string
  namesColumn?: string
  at: string
  weights?: boolean
}

/** `avgcon report <embeddings> --out report.html`. */
export function registerReport(program: Command): void {
  const cmd = program
    .command('report')
    .description(
      'one self-contained HTML report: measured Consistency_k, its theory, P(in>out), item norms and (with --sets) real sets, with interactive charts and the raw results',
    )
    .argument('[file]', 'embeddings: .npy, .csv, .tsv, .txt, .vec, ... (or use --synthetic)')
    .option('--out <file>', 'the HTML file to write (atomically), e.g. report.html')
    .option(
      '--sets <file>',
      'also compare real sets (an interaction log, or one set of item ids per line) with random sets of the same sizes',
    )
    .option('--set-format <layout>', 'with --sets: interactions, lines or auto', 'auto')
    .option('--names <file>', 'with --sets: item names (u.item, id<TAB>name or id,name) for the per-set table')
  namesColumnOption(cmd)
  cmd
    .option('--at <n>', 'with --sets: also report Precision@n', '10')
    .option('--weights', 'with --sets: weigh items by their interaction weight')
    .option('--json', "also print the report's results JSON on stdout")
    .option('--quiet', 'no progress bar or notes on stderr')
  inputOptions(estimateOptions(cmd, '2..50'))
    .addHelpText(
      'after',
      `
Without --ci or --samples the estimate is adaptive: --ci ${REPORT_DEFAULT_CI}. The page loads nothing from
the network: open it from disk, mail it, archive it. Its embedded JSON holds the same
estimate, theory and sets sections as "avgcon estimate|theory|sets --json" would print.

Examples:
  avgcon report items.npy --center --out report.html
  avgcon report items.npy --sets u.data --names u.item --metric cosine --out report.html
  avgcon report --synthetic normal --n 20000 --d 64 --k 2..30 --seed 1 --out normal.html`,
    )
    .action(async (file: string | undefined, f: ReportFlags) => {
      await runReport(file, f, cmd.getOptionValueSource('samples') === 'cli')
    })
}

async function runReport(file: string | undefined, f: ReportFlags, samplesGiven: boolean): Promise<void> {
  if (f.out === undefined)
    throw new InputError('--out is required: name the HTML file to write, e.g. --out report.html.')
  const settings = estimateSettings(f)
  const setFormat = parseSetFormat(f.setFormat)
  const at = intOption(f.at, '--at', 1)
  const source = await inputSource(file, f)
  const quiet = Boolean(f.quiet) || Boolean(f.json)
  const setsBar = f.sets === undefined ? undefined : progressBar('ranking set averages', quiet)
  const estimateBar = progressBar('ranking averages', quiet)
  const { json } = await report({
    ...source,
    ...settings,
    // Without --ci or --samples on the command line the report is adaptive (REPORT_DEFAULT_CI).
    samples: samplesGiven ? settings.samples : undefined,
    ...transformsOf(f),
    out: f.out,
    sets: f.sets,
    setFormat,
    names: f.names,
    namesColumn: namesColumn(f),
    at,
    weights: f.weights,
    onSetsProgress: (d, t) => setsBar?.update(d, t),
    onProgress: (d, t) => {
      setsBar?.stop()
      estimateBar.update(d, t)
    },
  }).finally(() => {
    setsBar?.stop()
    estimateBar.stop()
  })
  if (f.json) process.stdout.write(JSON.stringify(json, null, 2) + '\n')
  // run() names the file written and its size on stderr, as for every command.
}
