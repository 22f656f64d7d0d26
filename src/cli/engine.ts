import { InputError } from '../errors.js'
import { loadEngine, type EnginePreference } from '../search/index.js'
import type { Engine } from '../search/engine.js'
import type { Command } from 'commander'

/** Adds --threads and --engine. */
export function engineOptions(cmd: Command): Command {
  return cmd
    .option('--threads <n>', 'threads for the top-k search (default: all cores)')
    .option('--engine <name>', 'top-k engine: auto (native when built), native, typescript', 'auto')
}

/** Checks the name given to --engine (loading it is left to the run). */
export function engineName(name: string): EnginePreference {
  if (name !== 'auto' && name !== 'native' && name !== 'typescript') {
    throw new InputError(`--engine: unknown engine "${name}"; use auto, native or typescript.`)
  }
  return name
}

/** Picks the engine named by --engine. */
export function pickEngine(name: string): Engine {
  return loadEngine(engineName(name))
}
