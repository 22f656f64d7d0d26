import type { Command } from 'commander'
import { InputError } from '../errors.js'

/** Adds --json, --csv, --out, --quiet. */
export function outputOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print one results JSON object instead of a table')
    .option('--csv', 'print the results as CSV')
    .option('--out <file>', 'write the results to FILE (atomically; .json/.csv pick the format)')
    .option('--quiet', 'no progress bar or notes on stderr')
    .option('--plot <file>', 'also draw the figure to FILE (.svg or .png)')
}

/** Adds the options every command that loads an embedding file understands. */
export function inputOptions(cmd: Command): Command {
  return transformOptions(syntheticOptions(fileOptions(cmd)))
}

/** How to read the embeddings file: --format, and the Parquet/safetensors selectors. */
export function fileOptions(cmd: Command): Command {
  return cmd
    .option(
      '--format <name>',
      'file format when the extension does not say (npy, csv, tsv, txt, word2vec, parquet, safetensors, word2vec-binary)',
    )
    .option(
      '--column <name>',
      'Parquet: the list column holding the vectors (default: the only list column, else every numeric column)',
    )
    .option(
      '--id-column <name>',
      'Parquet: the string or integer column holding the item ids (default: the only string column, or one named like an id)',
    )
    .option('--tensor <name>', 'safetensors: the 2-D tensor holding the vectors (default: the only 2-D tensor)')
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
}

/** Parses an integer option, with a message naming the option. */
export function intOption(value: string | undefined, name: string, min: number, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new InputError(`${name} is required.`)
    return fallback
  }
  const v = Number(value.replace(/_/g, ''))
  if (!Number.isInteger(v) || v < min) {
    throw new InputError(`${name}: "${value}" must be a whole number of at least ${min}.`)
  }
  return v
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
