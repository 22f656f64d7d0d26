import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseMemory } from '../../src/estimate/memory-size.js'
import { outOfCoreLayout, streamedLayout } from '../../src/estimate/out-of-core.js'
import { saveNpy } from '../../src/io/npy.js'
import { openNpyRows, withoutRows } from '../../src/io/npy-rows.js'
import { estimate, type EstimateRunOptions } from '../../src/runs/estimate.js'
import type { Engine } from '../../src/search/engine.js'
import { createTypeScriptEngine } from '../../src/search/typescript-engine.js'
import { avgcon, tempDir } from '../helpers/cli.js'
import { buildNpy } from '../io/helpers.js'

const { dir, cleanup } = tempDir('avgcon-ooc-')
const file = (name: string) => join(dir, name)

/** A seeded uniform generator (tests only). */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

// Offset rows (the euclidean centre matters) with exact duplicates; N = 1003 is no multiple of any block size used.
const N = 1003
const D = 6
// Small integers: many exactly equal scores, so ties at the k-th place are common.
const NT = 601
const DT = 3

beforeAll(async () => {
  const u = lcg(7)
  const data = new Float32Array(N * D)
  for (let i = 0; i < N * D; i++) data[i] = 3 + 2 * u() - 1
  for (let i = 0; i < 60; i++) data.copyWithin((500 + i) * D, i * D, (i + 1) * D)
  for (let i = 900; i < 920; i++) data.copyWithin(i * D, 7 * D, 8 * D)
  await saveNpy(file('offset.npy'), { n: N, d: D, data })
  const t = new Float32Array(NT * DT)
  for (let i = 0; i < NT * DT; i++) t[i] = Math.floor(4 * u()) - 1
  await saveNpy(file('ties.npy'), { n: NT, d: DT, data: t })
})
afterAll(cleanup)

/** The results envelope without its timings. */
function envelope(r: object): unknown {
  const { seconds: _seconds, ...rest } = r as { seconds?: unknown }
  return rest
}

/** The blocks of a fixed-mode streamed run (two buffers: the read-ahead). */
const blocksOf = (n: number, d: number, ks: number[], samples: number, memory: number) => {
  const { blockRows, buffers } = streamedLayout(n, d, { ks, memory, samples })
  return { blocks: Math.ceil(n / blockRows), blockRows, buffers }
}

describe('out-of-core estimate (--memory)', () => {
  const cases: [string, Partial<EstimateRunOptions>][] = [
    ['dot', { metric: 'dot' }],
    ['cosine', { metric: 'cosine' }],
    ['euclidean', { metric: 'euclidean' }],
    ['dot --center', { metric: 'dot', center: true }],
    ['cosine --center --normalize', { metric: 'cosine', center: true, normalize: true }],
    ['euclidean --center', { metric: 'euclidean', center: true }],
  ]
  for (const [name, extra] of cases) {
    for (const data of ['offset.npy', 'ties.npy']) {
      it(`${name} on ${data}: the envelope equals the in-memory run's, fixed and adaptive`, async () => {
        const [n, d] = data === 'offset.npy' ? [N, D] : [NT, DT]
        const base = { file: file(data), k: [2, 5, 10], seed: 3, ...extra }
        const fixed = { ...base, samples: 40 }
        const memory = 4096
        const { blocks, blockRows, buffers } = blocksOf(n, d, [2, 5, 10], fixed.samples, memory)
        expect(blocks).toBeGreaterThanOrEqual(5)
        expect(buffers).toBe(2)
        expect(n % blockRows).not.toBe(0)
        const inMemory = await estimate(fixed)
        const streamed = await estimate({ ...fixed, memory })
        expect(envelope(streamed)).toEqual(envelope(inMemory))
        // ties.npy has zero rows: the untrained-row report is in both envelopes.
        expect(inMemory.input?.untrained !== undefined).toBe(data === 'ties.npy')
        const adaptive = { ...base, ci: 0.08, maxSamples: 400 }
        expect(envelope(await estimate({ ...adaptive, memory: 8192 }))).toEqual(envelope(await estimate(adaptive)))
      })
    }
  }

  it('lower-index ties and the TypeScript engine agree too', async () => {
    const base = { file: file('ties.npy'), k: [1, 4, 9], seed: 1, samples: 30, ties: 'lower-index' as const }
    expect(envelope(await estimate({ ...base, memory: '3KB' }))).toEqual(envelope(await estimate(base)))
    // The engine sees blocks only (never all NT rows), and the data does tie at the k-th place.
    const inner = createTypeScriptEngine()
    const sizes = new Set<number>()
    const engine: Engine = {
      name: inner.name,
      topk: (items, n, ...rest) => (sizes.add(n), inner.topk(items, n, ...rest)),
    }
    const ts = { ...base, ties: 'fractional' as const, engine }
    const fair = await estimate({ ...ts, memory: 3000 })
    expect(Math.max(...sizes)).toBeLessThan(NT / 5)
    expect(envelope(fair)).toEqual(envelope(await estimate(ts)))
    expect(fair.results.map((p) => p.mean)).not.toEqual((await estimate(base)).results.map((p) => p.mean))
  })

  it("refuses a NaN in a streamed file with the loader's sentence, naming the row", async () => {
    const bytes = readFileSync(file('offset.npy'))
    const dataStart = 10 + bytes.readUInt16LE(8)
    bytes.writeFloatLE(NaN, dataStart + (700 * D + 2) * 4)
    writeFileSync(file('nan.npy'), bytes)
    await expect(estimate({ file: file('nan.npy'), k: [2], samples: 5, memory: 4096 })).rejects.toThrow(
      'nan.npy: row 701, column 3 is NaN; every value must be finite: drop or repair that row.',
    )
  })

  it('--drop-untrained leaves the zero rows out of a streamed file as the loader does', async () => {
    for (const extra of [{ metric: 'dot' as const }, { metric: 'euclidean' as const, center: true }]) {
      const base = { file: file('ties.npy'), k: [2, 5], seed: 2, samples: 30, dropUntrained: true, ...extra }
      const inMemory = await estimate(base)
      expect(inMemory.input?.untrained?.dropped).toBe(true)
      expect(envelope(await estimate({ ...base, memory: 4096 }))).toEqual(envelope(inMemory))
    }
  })

  it('streams Fortran-order files (f4 and >f8) with the results of the in-memory run', async () => {
    const rows = await openNpyRows(file('offset.npy'))
    const all = new Float32Array(N * D)
    rows.readRows(0, N, all)
    await rows.close()
    for (const descr of ['<f4', '>f8']) {
      writeFileSync(file('fortran.npy'), buildNpy({ n: N, d: D, data: all }, { descr, fortran: true }))
      const f = await openNpyRows(file('fortran.npy'))
      try {
        const block = new Float32Array(7 * D)
        f.readRows(500, 507, block)
        expect(Array.from(block)).toEqual(Array.from(all.subarray(500 * D, 507 * D)))
        const positions = [0, 1, 3, 900, 1002]
        const some = new Float32Array(positions.length * D)
        f.readAt(positions, positions.length, some)
        expect(Array.from(some)).toEqual(positions.flatMap((p) => Array.from(all.subarray(p * D, (p + 1) * D))))
      } finally {
        await f.close()
      }
      const base = { file: file('fortran.npy'), k: [2, 5, 10], seed: 3, samples: 40, metric: 'cosine' as const }
      expect(envelope(await estimate({ ...base, memory: 4096 }))).toEqual(envelope(await estimate(base)))
    }
  })

  it('reads around dropped rows (withoutRows)', async () => {
    const rows = await openNpyRows(file('offset.npy'))
    try {
      const all = new Float32Array(N * D)
      rows.readRows(0, N, all)
      const drop = [0, 1, 5, 6, 7, 500, 1002]
      const keptRows = Array.from({ length: N }, (_, i) => i).filter((i) => !drop.includes(i))
      const kept = withoutRows(rows, drop)
      expect(kept.n).toBe(N - drop.length)
      const out = new Float32Array(kept.n * D)
      for (let lo = 0; lo < kept.n; lo += 37) kept.readRows(lo, Math.min(kept.n, lo + 37), out.subarray(lo * D))
      expect(Array.from(out)).toEqual(keptRows.flatMap((r) => Array.from(all.subarray(r * D, (r + 1) * D))))
      const positions = [0, 3, 4, 492, 493, 994, 995]
      const some = new Float32Array(positions.length * D)
      kept.readAt(positions, positions.length, some)
      expect(Array.from(some)).toEqual(
        positions.flatMap((p) => Array.from(all.subarray(keptRows[p]! * D, (keptRows[p]! + 1) * D))),
      )
    } finally {
      await rows.close()
    }
  })

  it('reads blocks and scattered rows exactly as stored', async () => {
    const rows = await openNpyRows(file('offset.npy'))
    try {
      const all = new Float32Array(N * D)
      rows.readRows(0, N, all)
      const some = new Float32Array(4 * D)
      rows.readAt([3, 4, 5, 1002], 4, some)
      expect(Array.from(some)).toEqual(Array.from([...all.subarray(3 * D, 6 * D), ...all.subarray(1002 * D)]))
    } finally {
      await rows.close()
    }
  })

  it('parses sizes and refuses nonsense', () => {
    expect(parseMemory('256MB')).toBe(256 * 2 ** 20)
    expect(parseMemory('2GB')).toBe(2 * 2 ** 30)
    expect(parseMemory('1.5k')).toBe(1536)
    expect(parseMemory('4096')).toBe(4096)
    for (const bad of ['0', 'abc', '-1MB', '', '1XB']) expect(() => parseMemory(bad)).toThrow(/not a memory size/)
    expect(() => outOfCoreLayout(N, D, 10, 100)).toThrow(/too small/)
  })
})

describe('avgcon estimate --memory', () => {
  it('prints the in-memory JSON, and exits 2 with one sentence on a bad budget', () => {
    const args = ['estimate', file('offset.npy'), '--k', '2,5', '--samples', '30', '--metric', 'cosine', '--json']
    const a = avgcon(args)
    const b = avgcon([...args, '--memory', '4KB'])
    expect(a.code).toBe(0)
    expect(b.code).toBe(0)
    expect(envelope(JSON.parse(b.stdout))).toEqual(envelope(JSON.parse(a.stdout)))
    for (const bad of ['0', 'abc', '100B']) {
      const r = avgcon([...args, '--memory', bad])
      expect(r.code).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(/--memory/)
    }
  })

  it('refuses a text file larger than --memory', () => {
    const r = avgcon(['estimate', '--synthetic', 'normal', '--n', '1000', '--d', '8', '--memory', '1KB'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/only \.npy files are read in blocks/)
  })
})
