/**
 * The native engine: build/Release/avgcon_topk.node (native/, built by node-gyp at
 * install). Loaded lazily on first use, never at import time, so the library imports
 * fine without a C++ toolchain. AVGCON_NATIVE_BINARY overrides the binary's path.
 */
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { Engine, ScoreMetric, TopKOptions } from './engine.js'

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
  exactPrepare(
    items: Float32Array,
    n: number,
    d: number,
    metric: number,
    bias: Float64Array | null,
    screen: boolean | string,
    centre?: Float32Array | null,
  ): unknown
  exactTopk(
    prepared: unknown,
    items: Float32Array,
    queries: Float32Array,
    q: number,
    k: number,
    threads: number,
    screen: string,
    out: Int32Array,
    kth: Float64Array | null,
    tiedInside: Int32Array | null,
    tiedOutside: Int32Array | null,
    survivors: Float64Array | null,
    screenPath?: string,
  ): Promise<void>
  exactScreens(): string[]
  /** Frees a prepared copy now (binaries built before it lack it: the GC frees it). */
  exactRelease?(prepared: unknown): void
  /** Bytes a prepared copy's arrays hold (0 once released). */
  exactPreparedBytes?(prepared: unknown): number
  exactScreenPaths?(screen?: string): string[]
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
    sum?: boolean,
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
 * Stage-1 screens of the exact engine, default first: "int8" (int8 products by vpdpbusd,
 * the default where the build has AVX512_VNNI) and "int16" (int16 products; the default
 * elsewhere), each with a rigorous error bound and float64 rescoring of the survivors,
 * and "none" (float64 brute force). AVGCON_SCREEN=<name> forces one (native/README.md).
 */
export function nativeCodePaths(): string[] {
  return requireAddon().exactScreens()
}

/**
 * A screen's kernels in this binary, best first. int16 (the default argument): "neon"
 * (arm64 only, vmlal_s16), "avx512vnni" (vpdpwssd), "avx512" (vpmaddwd), "avx2",
 * "scalar"; int8: "avx512vnni" (vpdpbusd), "scalar". All give identical results;
 * AVGCON_SCREEN_PATH forces one (native/README.md). Empty for binaries built before the
 * tiled screen.
 */
export function nativeScreenPaths(screen: 'int16' | 'int8' = 'int16'): string[] {
  const addon = requireAddon()
  if (typeof addon.exactScreenPaths !== 'function') return []
  if (screen === 'int8' && !addon.exactScreens().includes('int8')) return []
  return addon.exactScreenPaths(screen)
}

/** The fp32 kernels' code paths (avx512, avx2, scalar), used by bench/engine.mjs. */
export function nativeKernelPaths(): string[] {
  return requireAddon().codePaths()
}

const METRIC_CODE = { dot: 0, cosine: 1, euclidean: 2 } as const

/**
 * Creates the native exact engine, named "native-<screen>". `path` (or AVGCON_SCREEN)
 * forces one of nativeCodePaths(); `screenPath` (or AVGCON_SCREEN_PATH) forces one of
 * nativeScreenPaths(screen) for the int16 or int8 screen; all return identical results. The prepared
 * (quantised) item matrix is cached per engine instance and item array, so repeated
 * calls on one catalogue do not requantise. Throws if the binary is missing.
 */
export function createNativeEngine(path?: string, screenPath?: string): Engine {
  const addon = requireAddon()
  const screens = addon.exactScreens()
  const chosen = path ?? process.env.AVGCON_SCREEN ?? screens[0]!
  if (!screens.includes(chosen))
    throw new Error(`search: native screen "${chosen}" is not compiled in (have ${screens.join(', ')})`)
  const kernel = screenPath ?? process.env.AVGCON_SCREEN_PATH ?? ''
  if (kernel !== '') {
    const kernels = nativeScreenPaths(chosen === 'int8' ? 'int8' : 'int16')
    if (!kernels.includes(kernel))
      throw new Error(
        `search: native screen path "${kernel}" is not compiled in for the ${chosen === 'int8' ? 'int8' : 'int16'} screen (have ${kernels.join(', ')})`,
      )
  }
  const cache = new WeakMap<Float32Array, { metric: ScoreMetric; n: number; d: number; prepared: unknown }>()
  const prepare = (items: Float32Array, n: number, d: number, opts?: TopKOptions): unknown => {
    const metric = opts?.metric ?? 'dot'
    // Caller-specific per-item data, or items ranked once: not cached.
    const fresh = opts?.bias !== undefined || opts?.centre !== undefined || opts?.once === true
    const cached = fresh ? undefined : cache.get(items)
    if (cached && cached.metric === metric && cached.n === n && cached.d === d) return cached.prepared
    const bias = opts?.bias && metric === 'dot' ? Float64Array.from(opts.bias) : null
    // One copy of codes, for the chosen screen only (int8: d bytes a row, int16: 2d).
    const centre = metric === 'euclidean' ? (opts?.centre ?? null) : null
    const screen = chosen === 'none' ? false : chosen
    const prepared = addon.exactPrepare(items, n, d, METRIC_CODE[metric], bias, screen, centre)
    if (!fresh) cache.set(items, { metric, n, d, prepared })
    return prepared
  }
  return {
    name: `native-${chosen}`,
    topk: async (items, n, d, queries, q, k, opts?: TopKOptions) => {
      const out = new Int32Array(q * k)
      const t = opts?.ties
      const prepared = prepare(items, n, d, opts)
      const search = addon.exactTopk(
        prepared,
        items,
        queries,
        q,
        k,
        opts?.threads ?? addon.hardwareThreads(),
        chosen,
        out,
        t?.kthScore ?? null,
        t?.tiedInside ?? null,
        t?.tiedOutside ?? null,
        null,
        kernel,
      )
      if (opts?.once !== true || typeof addon.exactRelease !== 'function') {
        await search
        return out
      }
      // Freed when the search settles, not when the GC finds it: one block's copy at a time.
      try {
        await search
      } finally {
        addon.exactRelease(prepared)
      }
      return out
    },
    // Older binaries built before averageRows existed simply lack the fast path.
    averageRows:
      typeof addon.averageRows === 'function'
        ? (items, n, d, sets, stride, counts, rowScale, out, sum) =>
            addon.averageRows(items, n, d, sets, stride, counts, rowScale ?? null, out, sum === true)
        : undefined,
  }
}
