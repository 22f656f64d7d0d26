import type { Command } from 'commander'
import { InputError } from '../errors.js'
import { parseKList } from '../estimate/klist.js'
import { plotFormat } from '../report/charts/index.js'

/** Adds --json, --csv, --out, --quiet. */
export function outputOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print one results JSON object instead of a table')
    .option('--csv', 'print the results as CSV')
    .option('--out <file>', 'write the results to FILE (atomically; .json/.csv pick the format)')
    .option('--quiet', 'no progress bar or notes on stderr')
    .option('--plot <file>', 'also draw the figure to FILE (.svg or .png)')
    .option('--ylim <lo,hi>', "with --plot: the y axis range, e.g. 0,0.2 (default: the data's range, padded)")
    .option('--ylog', 'with --plot: a logarithmic y axis')
}

/**
 * The --ylim range from its text "lo,hi": two finite numbers, lo < hi, and lo > 0
 * with --ylog. InputError (one sentence) otherwise, or without --plot.
 */
export function yAxisOverride(o: { plot?: string; ylim?: string; ylog?: boolean }): {
  lim?: [number, number]
  log?: boolean
} {
  if ((o.ylim !== undefined || o.ylog) && !o.plot)
    throw new InputError(`${o.ylim !== undefined ? '--ylim' : '--ylog'} only applies with --plot FILE.`)
  if (o.ylim === undefined) return { log: Boolean(o.ylog) }
  const parts = o.ylim.split(',').map((t) => t.trim())
  const [lo, hi] = parts.map((t) => (t === '' ? NaN : Number(t)))
  if (parts.length !== 2 || !Number.isFinite(lo) || !Number.isFinite(hi))
    throw new InputError(`--ylim: "${o.ylim}" must be two numbers "lo,hi", e.g. --ylim 0,0.2.`)
  if (lo! >= hi!) throw new InputError(`--ylim: "${o.ylim}" needs lo < hi, e.g. --ylim 0,0.2.`)
  if (o.ylog && lo! <= 0)
    throw new InputError(`--ylim: "${o.ylim}" starts at ${lo}, but a --ylog axis needs lo > 0, e.g. --ylim 0.01,1.`)
  return { lim: [lo!, hi!], log: Boolean(o.ylog) }
}

/**
 * Rejects contradictory or unusable output flags before any work starts, so a
 * long run never ends in a usage error (issue 13). Run for every command by
 * `checkOutputFlags` (output.ts), which also refuses --plot where there is no figure.
 */
export function checkOutputOptions(o: {
  json?: boolean
  csv?: boolean
  plot?: string
  ylim?: string
  ylog?: boolean
}): void {
  if (o.json && o.csv) throw new InputError('--csv and --json ask for two formats at once; give only one.')
  if (o.plot) plotFormat(o.plot)
  yAxisOverride(o)
}

/** Adds the options every command that loads an embedding file understands. */
export function inputOptions(cmd: Command): Command {
  return transformOptions(syntheticOptions(fileOptions(cmd)))
}

/** How to read the embeddings file: --format, --header/--no-header, --id-column, and the Parquet/safetensors/npz selectors. */
export function fileOptions(cmd: Command): Command {
  return cmd
    .option(
      '--format <name>',
      'file format when the extension does not say (npy, csv, tsv, txt, word2vec, parquet, safetensors, npz, word2vec-binary)',
    )
    .option(
      '--column <name>',
      'Parquet: the list column holding the vectors (default: the only list column, else every numeric column)',
    )
    .option('--header', 'text files (csv, tsv, txt): the first line is a header (default: guessed)')
    .option('--no-header', 'text files: the first line is data, not a header')
    .option(
      '--id-column <col>',
      'the column holding the item ids. Text files: 1 (numbers count from 1; ids come first), the header name of column 1, or none for no id column (default: guessed; numeric ids need --id-column 1). Parquet: the string or integer column by name (default: the only string column, or one named like an id)',
    )
    .option('--tensor <name>', 'safetensors: the 2-D tensor holding the vectors (default: the only 2-D tensor)')
    .option(
      '--array <name>',
      'npz: the 2-D array holding the vectors, with or without .npy (default: the only 2-D float array, else item_factors)',
    )
}

/** Adds --names-column, beside a command's --names. */
export function namesColumnOption(cmd: Command): Command {
  return cmd.option(
    '--names-column <n>',
    'with --names: the column holding the name, counted from 1 (default 2; column 1 holds the ids, later columns are ignored)',
  )
}

/** The --names-column number (undefined: the default 2), refused without --names or below 2. */
export function namesColumn(o: { names?: string; namesColumn?: string }): number | undefined {
  if (o.namesColumn === undefined) return undefined
  if (o.names === undefined) throw new InputError('--names-column only applies with --names FILE.')
  return intOption(o.namesColumn, '--names-column', 2)
}

/** Generated embeddings instead of a file: --synthetic LAW --n N --d D [--data-seed]. */
export function syntheticOptions(cmd: Command): Command {
  return cmd
    .option(
      '--synthetic <law>',
      'use generated i.i.d. embeddings instead of a file: normal, normal(0.5,1), uniform(-1,1), rademacher, laplace, student-t(10), beta(2,2)',
    )
    .option('--n <count>', 'with --synthetic: number of items N')
    .option('--d <dim>', 'with --synthetic: dimension d')
    .option('--data-seed <n>', 'with --synthetic: seed of the generator', '1')
}

/** --center then --normalize, applied right after loading. */
export function transformOptions(cmd: Command): Command {
  return cmd
    .option('--center', 'subtract the mean row first (as the paper does for real embeddings)')
    .option('--normalize', 'scale every row to unit length first')
    .option(
      '--drop-untrained',
      'leave out zero or near-zero rows (norm <= 1e-6 x the median: items a model never trained); without it they stay, with a warning',
    )
}

/**
 * The allowed range of every whole-number option, checked by `intOption` and, before
 * any work, by `checkOptionRanges` (run on every command's options before its action).
 * Upper bounds keep a typo (`--samples 1e12`) from running for hours or exhausting memory.
 */
export const INT_RANGES: Readonly<Record<string, { min: number; max: number; why?: string }>> = {
  '--samples': { min: 1, max: 10_000_000, why: 'random sets per k' },
  '--max-samples': { min: 1, max: 10_000_000, why: 'random sets per k' },
  '--diagnose-samples': { min: 1, max: 10_000_000, why: 'random averages' },
  '--seed': { min: 0, max: Number.MAX_SAFE_INTEGER, why: 'the generator takes any integer below 2^53' },
  '--data-seed': { min: 0, max: Number.MAX_SAFE_INTEGER, why: 'the generator takes any integer below 2^53' },
  '--threads': { min: 1, max: 1024 },
  '--dim': {
    min: 1,
    max: 4096,
    why: 'svd: at most min(users, items); memory (users + items) x dim x 8 bytes <= 2 GiB',
  },
  '--n': { min: 1, max: Number.MAX_SAFE_INTEGER, why: 'with --synthetic, N x d at most 2^31 values' },
  '--d': { min: 1, max: 1_000_000 },
  '--iterations': { min: 0, max: 100_000 },
  '--pairs': { min: 1, max: 100_000_000 },
}

/** The ranged whole-number options among a command's options (list-valued ones, like `--d <list>`, are not). */
export function rangedFlags(options: readonly { long?: string; flags: string }[]): string[] {
  return options.flatMap((o) => (o.long && o.long in INT_RANGES && !o.flags.includes('<list>') ? [o.long] : []))
}

/** The most values a generated or trained matrix may hold: 2^31 float32 values (8 GiB). */
export const MAX_MATRIX_VALUES = 2 ** 31

/** Refuses a rows x cols float32 matrix past MAX_MATRIX_VALUES, with its memory in GB, before allocating it. */
export function checkMatrixSize(rows: number, cols: number, what: string): void {
  if (rows * cols > MAX_MATRIX_VALUES) {
    const gb = ((rows * cols * 4) / 1e9).toPrecision(3)
    throw new InputError(
      `${what}: ${rows.toLocaleString('en-US')} x ${cols.toLocaleString('en-US')} values would need ${gb} GB; at most ${MAX_MATRIX_VALUES.toLocaleString('en-US')} values (8.6 GB) are allowed.`,
    )
  }
}

/** One line per ranged option of a command, for --help. */
export function rangesHelp(flags: string[]): string {
  const lines = Object.entries(INT_RANGES)
    .filter(([name]) => flags.includes(name))
    .map(
      ([name, r]) => `  ${name.padEnd(20)} ${r.min} .. ${r.max.toLocaleString('en-US')}${r.why ? `  (${r.why})` : ''}`,
    )
  return `\nAllowed ranges of whole-number options (others: --ci strictly between 0 and 1; k lists: each k from 1 to N):\n${lines.join('\n')}\n`
}

/** Commander's attribute name of a long flag: --max-samples -> maxSamples. */
function attributeOf(flag: string): string {
  return flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
}

/**
 * Checks a command's parsed options before its action runs: no option is given an empty
 * string (`--out ''`), every ranged whole number lies in its range, --ci in (0, 1).
 */
export function checkOptionRanges(
  opts: Record<string, unknown>,
  options: readonly { long?: string; flags: string }[],
): void {
  const ranged = rangedFlags(options)
  for (const flag of options.map((o) => o.long ?? '')) {
    const v = opts[attributeOf(flag)]
    if (typeof v !== 'string') continue
    if (v.trim() === '') throw new InputError(`${flag}: the value is empty; give a value or leave the option out.`)
    const range = INT_RANGES[flag]
    if (range && ranged.includes(flag)) intOption(v, flag, range.min)
    if (flag === '--ci') numberOption(v, flag, 0, 1)
    // A k list is read (and its size bounded from the range ends) before any file is loaded.
    if (flag === '--k' && options.some((o) => o.long === '--k' && o.flags.includes('<list>'))) parseKList(v)
  }
}

/**
 * Parses a whole number exactly from its text: digits (underscores allowed as separators)
 * or an exact power-of-ten form like 1e6. Never rounds: a value past 2^53 is refused,
 * not read as the nearest double.
 */
function parseWhole(text: string): bigint | undefined {
  const t = text.trim().replace(/_/g, '')
  if (/^\d+$/.test(t)) return BigInt(t)
  const m = /^(\d+)e(\d+)$/i.exec(t)
  if (m && Number(m[2]) <= 400) return BigInt(m[1]!) * 10n ** BigInt(m[2]!)
  return undefined
}

/**
 * Parses an integer option, with a message naming the option and its allowed range
 * (`max`, or the option's entry in INT_RANGES, or 2^53 - 1).
 */
export function intOption(
  value: string | undefined,
  name: string,
  min: number,
  fallback?: number,
  max: number = INT_RANGES[name]?.max ?? Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) {
    if (fallback === undefined) throw new InputError(`${name} is required.`)
    return fallback
  }
  const lo = Math.max(min, INT_RANGES[name]?.min ?? min)
  const top = max.toLocaleString('en-US')
  const v = parseWhole(value)
  if (v === undefined || v < BigInt(lo)) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${lo}` : `of at least ${lo} (allowed: ${lo} .. ${top})`
    throw new InputError(`${name}: "${value}" must be a whole number ${range}.`)
  }
  if (v > BigInt(max))
    throw new InputError(
      `${name}: "${value}" is out of range; it must be a whole number of at most ${top} (allowed: ${lo} .. ${top}).`,
    )
  return Number(v)
}

/** Parses a real-valued option within (min, max). */
export function numberOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  const v = Number(value)
  if (!Number.isFinite(v) || v <= min || v >= max) {
    throw new InputError(`${name}: "${value}" must be a number strictly between ${min} and ${max}.`)
  }
  return v
}
