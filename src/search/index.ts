/**
 * Exact top-k search: pick an engine, then call engine.topk(...). See engine.ts for
 * the contract (scores, tie rule, output layout).
 */
import { InputError, warn } from '../errors.js'
import type { Engine } from './engine.js'
import { createNativeEngine, loadNative } from './native-engine.js'
import { createTypeScriptEngine } from './typescript-engine.js'
import { withValidation } from './validate.js'

export type { Engine, ScoreMetric, TieInfo, TopKOptions } from './engine.js'
export { newTieInfo } from './engine.js'
export { validateTopKArgs } from './validate.js'

/** Which engine loadEngine() returns: 'auto' prefers native and falls back. */
export type EnginePreference = 'native' | 'typescript' | 'auto'

const BUILD_HINT = 'Build it with `npm run build:native` (needs g++, make and python3).'

/** True when the native kernel binary loads on this machine. */
export function nativeAvailable(): boolean {
  return loadNative().ok
}

/** Why the native kernel did not load, or undefined when it did. */
export function nativeUnavailableReason(): string | undefined {
  const load = loadNative()
  return load.ok ? undefined : load.reason
}

/**
 * Returns a top-k engine whose calls validate their arguments (InputError, message
 * "search: ..."). 'auto' (default) gives the native engine when its binary loads,
 * otherwise the TypeScript engine after one warning; 'native' throws an InputError
 * when the binary is missing; 'typescript' always gives the TypeScript engine.
 */
export function loadEngine(preferred: EnginePreference = 'auto'): Engine {
  if (preferred === 'typescript') return withValidation(createTypeScriptEngine())
  if (preferred !== 'native' && preferred !== 'auto') {
    throw new InputError(`search: unknown engine "${String(preferred)}", expected native, typescript or auto`)
  }
  const load = loadNative()
  if (load.ok) return withValidation(createNativeEngine())
  if (preferred === 'native')
    throw new InputError(`search: the native engine is not available (${load.reason}). ${BUILD_HINT}`)
  warn(
    `the native top-k kernel is not available (${load.reason}); using the TypeScript engine, which is several hundred times slower. ${BUILD_HINT}`,
  )
  return withValidation(createTypeScriptEngine())
}
