/**
 * Errors and warnings shared by every module.
 *
 * `InputError` is the user's problem (bad file, bad option): the CLI prints its
 * message as one sentence and exits with code 2. Anything else is a bug: exit 1.
 */

/** Where an input error lies: the library module that refused it and the option or input at fault. */
export interface ErrorSite {
  /** The module speaking, prefixed to the message: 'estimate', 'theory', ... */
  module?: string
  /** The option or input at fault, as the library names it ('ks', 'ci', 'transform'); the CLI names its flag. */
  field?: string
}

/**
 * A problem with what the user gave us: a file, a field, an option. Exit code 2.
 *
 * A library error reads `estimate: set size k=60 exceeds ...` and carries `field: 'ks'`;
 * the CLI prints the same sentence as `--k: set size k=60 exceeds ...`.
 */
export class InputError extends Error {
  override name = 'InputError'
  /** The option or input at fault, when one is. */
  readonly field?: string
  /** The sentence without the module prefix. */
  readonly detail: string

  constructor(message: string, site: ErrorSite = {}) {
    super(site.module ? `${site.module}: ${message}` : message)
    this.detail = message
    if (site.field !== undefined) this.field = site.field
  }
}

/** Throws an InputError with `message` when `condition` is false. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InputError(message)
}

type WarnSink = (message: string) => void
let sink: WarnSink = (message) => process.stderr.write(`avgcon: warning: ${message}\n`)
const seen = new Map<string, number>()

/**
 * Reports a soft problem once (repeats are counted, not printed again).
 * Returns how many times this message has been raised.
 */
export function warn(message: string): number {
  const count = (seen.get(message) ?? 0) + 1
  seen.set(message, count)
  if (count === 1) sink(message)
  return count
}

/** Redirects warnings (tests, quiet mode); returns the previous sink. */
export function setWarnSink(next: WarnSink): WarnSink {
  const previous = sink
  sink = next
  seen.clear()
  return previous
}
