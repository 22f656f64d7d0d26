import { Command, CommanderError } from 'commander'
import { InputError, setWarnSink } from '../errors.js'
import { FitError } from '../train/fit-error.js'
import { VERSION } from '../results.js'
import { registerCommands } from './commands/index.js'
import { checkOptionRanges, rangedFlags, rangesHelp } from './options.js'
import { checkOutputsAgainstInputs } from './output-guard.js'
import { checkOutputFlags, writtenLine } from './output.js'
import { cliMessage, flagged } from './flags.js'
import { abortDeferredOutputs, commitDeferredOutputs, deferOutputs } from '../io/atomic.js'

/** Exit codes: 0 success, 1 internal error (a bug), 2 bad input or usage. */
export const EXIT = { ok: 0, internal: 1, input: 2 } as const

/** Builds the `avgcon` program with every command registered. */
export function buildProgram(onAction?: (action: Command) => void): Command {
  const program = new Command('avgcon')
    .description(
      'Does the average of item embeddings still point at its items?\nExact Consistency_k estimation, theory and diagnostics (Bendada et al., RecSys 2023).',
    )
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  registerCommands(program)
  // Every option's range is checked before the command does any work.
  program.hook('preAction', (_program, action) => {
    checkOptionRanges(action.opts(), action.options)
    // An output that would overwrite an input is named first: it is the graver mistake.
    checkOutputsAgainstInputs(action)
    checkOutputFlags(action)
    onAction?.(action)
  })
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)]
  for (const cmd of all(program).slice(1)) {
    cmd.exitOverride()
    const ranged = rangedFlags(cmd.options)
    if (ranged.length > 0) cmd.addHelpText('after', rangesHelp(ranged))
  }
  return program
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  // Library warnings name options in backticks (`dropUntrained`); here they are flags (--drop-untrained).
  const librarySink = setWarnSink((message) => process.stderr.write(`avgcon: warning: ${flagged(message)}\n`))
  // Every file a command writes is published at its end, together: a run that fails leaves none behind.
  deferOutputs()
  let quiet = false
  try {
    await buildProgram((action) => (quiet = Boolean(action.opts().quiet))).parseAsync(argv, { from: 'user' })
    // One line on stderr names every file written, with its size (silent with --quiet).
    const line = writtenLine(await commitDeferredOutputs())
    if (line && !quiet) process.stderr.write(line)
    return EXIT.ok
  } catch (err) {
    await abortDeferredOutputs()
    return report(err)
  } finally {
    setWarnSink(librarySink)
  }
}

function report(err: unknown): number {
  if (err instanceof CommanderError) {
    // Commander has already printed its message; help and version are not errors.
    return err.exitCode === 0 ? EXIT.ok : EXIT.input
  }
  if (err instanceof InputError) {
    process.stderr.write(`avgcon: ${cliMessage(err)}\n`)
    return EXIT.input
  }
  if (err instanceof FitError) {
    // Valid input whose numbers overflowed for these settings: a failure (exit 1), not a bug.
    process.stderr.write(`avgcon: training failed: ${err.message} No file was written.\n`)
    return EXIT.internal
  }
  const e = err instanceof Error ? err : new Error(String(err))
  process.stderr.write(`avgcon: internal error: ${e.message}\n`)
  if (process.env.AVGCON_DEBUG) process.stderr.write(`${e.stack}\n`)
  else process.stderr.write('This is a bug in avgcon; rerun with AVGCON_DEBUG=1 for the stack trace and report it.\n')
  return EXIT.internal
}
