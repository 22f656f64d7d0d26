/**
 * Load-speed sanity checks, not timed assertions: they only run with
 * AVGCON_IO_PERF=1 (large files, seconds of work) and print what they measure.
 *   AVGCON_IO_PERF=1 npx vitest run test/io/perf.test.ts
 */
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Embeddings } from '../../src/io/embeddings.js'
import { saveNpy } from '../../src/io/npy.js'
import { loadEmbeddings } from '../../src/io/registry.js'
import { saveDelimited } from '../../src/io/save-delimited.js'
import { rng } from '../../src/rng.js'
import { buildNpy, makeTempDir } from './helpers.js'

const enabled = process.env.AVGCON_IO_PERF === '1'
let tmp: ReturnType<typeof makeTempDir>
beforeAll(() => {
  tmp = makeTempDir()
})
afterAll(() => tmp.cleanup())

function gaussian(n: number, d: number, seed: number): Embeddings {
  const random = rng(seed)
  const data = new Float32Array(n * d)
  for (let i = 0; i < data.length; i++) data[i] = random.normal()
  return { n, d, data }
}

async function timeLoad(path: string, runs = 3): Promise<number> {
  let best = Infinity
  for (let r = 0; r < runs; r++) {
    const start = performance.now()
    const e = await loadEmbeddings(path)
    best = Math.min(best, performance.now() - start)
    expect(e.n * e.d).toBe(e.data.length)
  }
  return best / 1000
}

function report(what: string, path: string, seconds: number): void {
  const megabytes = statSync(path).size / 2 ** 20
  console.log(
    `${what}: ${megabytes.toFixed(0)} MiB in ${seconds.toFixed(3)} s (${(megabytes / seconds).toFixed(0)} MiB/s), best of 3`,
  )
}

describe.skipIf(!enabled)('load speed', () => {
  it('1e6 x 128 float32 npy (C order, fast path)', async () => {
    const path = tmp.path('big.npy')
    await saveNpy(path, gaussian(1_000_000, 128, 1))
    report('npy <f4 1e6x128', path, await timeLoad(path))
  })

  it('1e5 x 128 float64 Fortran-order npy (conversion path)', async () => {
    const path = tmp.path('f8.npy')
    writeFileSync(path, buildNpy(gaussian(100_000, 128, 2), { descr: '>f8', fortran: true }))
    report('npy >f8 Fortran 1e5x128', path, await timeLoad(path))
  })

  it('1e5 x 128 CSV with ids and header', async () => {
    const path = tmp.path('big.csv')
    const e = gaussian(100_000, 128, 3)
    e.ids = Array.from({ length: e.n }, (_, i) => `item_${i}`)
    const start = performance.now()
    await saveDelimited(path, e)
    console.log(`saveDelimited 1e5x128: ${((performance.now() - start) / 1000).toFixed(2)} s`)
    report('csv 1e5x128', path, await timeLoad(path))
  })

  it('1e5 x 128 word2vec text', async () => {
    const path = tmp.path('big.vec')
    const e = gaussian(100_000, 128, 4)
    e.ids = Array.from({ length: e.n }, (_, i) => `w${i}`)
    // word2vec text is "N d" over space-separated rows without a header.
    await saveDelimited(tmp.path('rows.txt'), e, { header: false })
    writeFileSync(path, `${e.n} ${e.d}\n`)
    appendFileSync(path, readFileSync(tmp.path('rows.txt')))
    report('word2vec 1e5x128', path, await timeLoad(path))
  })
})
