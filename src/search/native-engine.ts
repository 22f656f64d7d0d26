/**
 * The native engine: build/Release/avgcon_topk.node (native/, built by node-gyp at
 * install). Loaded lazily on first use, never at import time, so the library imports
 * fine without a C++ toolchain. AVGCON_NATIVE_BINARY overrides the binary's path.
 */
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { Engine, TopKOptions } from './engine.js'

/** The functions native/addon.cc exports. */
interface NativeAddon {
  topk(
    items: Float32Array,
    n: number,
    d: number,
    queries: Float32Array,
    q: number,
    k: number,
    bias: Float32Array | null,
    threads: number,
    path: string,
  ): Promise<Int32Array>
  codePaths(): string[]
  hardwareThreads(): number
  averageRows(
    items: Float32Array,
    n: number,
    d: number,
    sets: Int32Array,
    stride: number,
    counts: Int32Array,
    rowScale: Float32Array | null,
    out: Float32Array,
  ): void
}

/** Outcome of loading the binary: the addon, or why it could not be loaded. */
export type NativeLoad = { ok: true; addon: NativeAddon } | { ok: false; reason: string }

let loaded: NativeLoad | undefined

/** The binary's path: src/search and dist/search both sit two levels below the root. */
export function nativeBinaryPath(): string {
  return (
    process.env.AVGCON_NATIVE_BINARY ?? fileURLToPath(new URL('../../build/Release/avgcon_topk.node', import.meta.url))
  )
}

/** Loads the binary once (later calls return the first outcome). */
export function loadNative(): NativeLoad {
  if (loaded) return loaded
  const file = nativeBinaryPath()
  try {
    const addon = createRequire(import.meta.url)(file) as NativeAddon
    loaded = { ok: true, addon }
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e)
    loaded = { ok: false, reason: `cannot load ${file}: ${why}` }
  }
  return loaded
}

function requireAddon(): NativeAddon {
  const load = loadNative()
  if (!load.ok) throw new Error(`search: native engine unavailable (${load.reason})`)
  return load.addon
}

/**
 * SIMD code paths compiled into the binary, best first: some of "avx512", "avx2",
 * "scalar". The first is what the native engine uses by default.
 */
export function nativeCodePaths(): string[] {
  return requireAddon().codePaths()
}

/**
 * Creates the native engine, named "native-<path>". `path` forces one of
 * nativeCodePaths() (tests use this to cover every compiled path); all paths return
 * identical results. Arguments are not validated here. Throws if the binary is missing.
 */
export function createNativeEngine(path?: string): Engine {
  const addon = requireAddon()
  const chosen = path ?? addon.codePaths()[0]
  if (!addon.codePaths().includes(chosen))
    throw new Error(`search: native code path "${chosen}" is not compiled in (have ${addon.codePaths().join(', ')})`)
  return {
    name: `native-${chosen}`,
    topk: (items, n, d, queries, q, k, opts?: TopKOptions) =>
      addon.topk(items, n, d, queries, q, k, opts?.bias ?? null, opts?.threads ?? addon.hardwareThreads(), chosen),
    // Older binaries built before averageRows existed simply lack the fast path.
    averageRows:
      typeof addon.averageRows === 'function'
        ? (items, n, d, sets, stride, counts, rowScale, out) =>
            addon.averageRows(items, n, d, sets, stride, counts, rowScale ?? null, out)
        : undefined,
  }
}
