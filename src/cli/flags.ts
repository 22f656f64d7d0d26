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

/** An input error as the CLI prints it: `--k: set size ...` for an error about an option. */
export function cliMessage(err: InputError): string {
  return err.field === undefined ? err.message : `${flagOf(err.field)}: ${err.detail}`
}
