import { afterEach, describe, expect, it, vi } from 'vitest'
import { fileURLToPath } from 'node:url'

// Fresh module instances, so each test sees its own native load and warning state.
async function freshSearch(binary?: string) {
  vi.resetModules()
  if (binary === undefined) delete process.env.AVGCON_NATIVE_BINARY
  else process.env.AVGCON_NATIVE_BINARY = binary
  const search = await import('../../src/search/index.js')
  const errors = await import('../../src/errors.js')
  const warnings: string[] = []
  errors.setWarnSink((message) => warnings.push(message))
  return { search, warnings, InputError: errors.InputError }
}

afterEach(() => {
  delete process.env.AVGCON_NATIVE_BINARY
})

describe('loadEngine', () => {
  it('falls back to TypeScript with exactly one warning when the binary is missing', async () => {
    const { search, warnings, InputError } = await freshSearch('/nonexistent/avgcon_topk.node')
    expect(search.nativeAvailable()).toBe(false)
    expect(search.nativeUnavailableReason()).toContain('/nonexistent/avgcon_topk.node')
    expect(search.loadEngine().name).toBe('typescript')
    expect(search.loadEngine('auto').name).toBe('typescript')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('native top-k kernel is not available')
    expect(warnings[0]).toContain('npm run build:native')
    expect(() => search.loadEngine('native')).toThrow(InputError)
    expect(() => search.loadEngine('native')).toThrow('search: the native engine is not available')
  })

  it('gives the TypeScript engine on request without any warning', async () => {
    const { search, warnings } = await freshSearch('/nonexistent/avgcon_topk.node')
    expect(search.loadEngine('typescript').name).toBe('typescript')
    expect(warnings).toHaveLength(0)
  })

  it('rejects an unknown preference', async () => {
    const { search } = await freshSearch()
    // @ts-expect-error testing invalid input
    expect(() => search.loadEngine('gpu')).toThrow('search: unknown engine "gpu", expected native, typescript or auto')
  })

  it('does not load the binary until an engine is asked for', async () => {
    const sentinel = fileURLToPath(new URL('./fixtures/load-sentinel.cjs', import.meta.url))
    const flag = globalThis as { avgconSentinelLoaded?: boolean }
    delete flag.avgconSentinelLoaded
    const { search } = await freshSearch(sentinel)
    await import('../../src/index.js').catch(() => undefined) // the library entry, if it imports cleanly
    expect(flag.avgconSentinelLoaded).toBeUndefined()
    search.nativeAvailable()
    expect(flag.avgconSentinelLoaded).toBe(true)
  })

  it('prefers the native engine when its binary loads', async (context) => {
    const { search, warnings } = await freshSearch()
    if (!search.nativeAvailable()) context.skip(`native binary missing: ${search.nativeUnavailableReason()}`)
    expect(search.loadEngine().name).toMatch(/^native-(int8|int16|none)$/)
    expect(search.loadEngine('native').name).toBe(search.loadEngine().name)
    expect(warnings).toHaveLength(0)
  })
})
