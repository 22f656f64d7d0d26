/**
 * Library errors name the option at fault in the library's words (`field: 'ks'`); the
 * CLI speaks in flags. This is the one place that maps one to the other.
 */
import type { InputError } from '../errors.js'

/** Fields whose flag is not simply their kebab-case name. */
const FLAG_OF: Readonly<Record<string, string>> = {
  ks: '--k',
}

/** The CLI flag of a library field: ks -> --k, maxSamples -> --max-samples. */
export function flagOf(field: string): string {
  return FLAG_OF[field] ?? `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
}

/** Library messages name other options in backticks (`from`); the CLI prints their flags (--from). */
export function flagged(text: string): string {
  return text.replace(/`([A-Za-z][A-Za-z0-9]*)`/g, (_, field: string) => flagOf(field))
}

/**
 * An input error as the CLI prints it: `--k: set size ...` for an error about an option,
 * or the sentence alone when it already names the option (`perDim` only applies ... ->
 * --per-dim only applies ...).
 */
export function cliMessage(err: InputError): string {
  if (err.field === undefined) return flagged(err.message)
  const words = flagged(err.detail)
  return err.detail.includes(`\`${err.field}\``) ? words : `${flagOf(err.field)}: ${words}`
}
