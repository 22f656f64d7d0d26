/** Items a model never trained (zero or near-zero rows) are flagged, and dropped on request (issue 13 item 4). */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { setWarnSink } from '../../src/errors.js'
import { saveNpy } from '../../src/io/index.js'
import { nearZeroRows } from '../../src/numeric.js'
import { estimate } from '../../src/runs/estimate.js'
import { rng } from '../../src/rng.js'
import { tempDir } from '../helpers/cli.js'

const { dir, cleanup } = tempDir('avgcon-untrained-')
afterAll(cleanup)
const CLI = join(import.meta.dirname, '../../dist/cli/main.js')

/** 300 x 8 normal rows; rows 5, 50 and 299 are untrained (1e-9 scale, and one exact zero). */
function catalogue(): { n: number; d: number; data: Float32Array; ids: string[] } {
  const r = rng(4)
  const n = 300,
    d = 8
  const data = new Float32Array(n * d)
  for (let i = 0; i < data.length; i++) data[i] = r.normal()
  for (const [i, scale] of [
    [5, 1e-9],
    [50, 0],
    [299, 3e-9],
  ] as const)
    for (let j = 0; j < d; j++) data[i * d + j]! *= scale
  return { n, d, data, ids: Array.from({ length: n }, (_, i) => `item${i}`) }
}

describe('untrained rows', () => {
  it('nearZeroRows finds exactly the rows below 1e-6 of the median norm', () => {
    expect(nearZeroRows(catalogue())).toEqual([5, 50, 299])
  })

  it('a run warns and says so in the input info; dropUntrained gives the run on the remaining rows', async () => {
    const e = catalogue()
    const messages: string[] = []
    const previous = setWarnSink((m) => messages.push(m))
    try {
      const kept = await estimate({ embeddings: e, k: '2,5', samples: 300, seed: 1 })
      expect(kept.input?.untrained).toEqual({ rows: 3, share: 0.01, dropped: false })
      expect(messages.join('\n')).toMatch(
        /3 of 300 rows \(1\.0 %\) are zero or near zero.*set `dropUntrained` to leave them out\./,
      )
      const dropped = await estimate({ embeddings: e, k: '2,5', samples: 300, seed: 1, dropUntrained: true })
      expect(dropped.input).toMatchObject({ n: 297, untrained: { rows: 3, dropped: true } })
      const rest = [...Array(300).keys()].filter((i) => ![5, 50, 299].includes(i))
      const clean = {
        n: 297,
        d: 8,
        data: Float32Array.from(rest.flatMap((i) => Array.from(e.data.subarray(i * 8, i * 8 + 8)))),
      }
      const direct = await estimate({ embeddings: clean, k: '2,5', samples: 300, seed: 1 })
      expect(dropped.results).toEqual(direct.results)
      expect(e.n).toBe(300) // the caller's matrix is left as it was
    } finally {
      setWarnSink(previous)
    }
  })

  it('the CLI warns on stderr once and drops with --drop-untrained', async () => {
    const file = join(dir, 'items.npy')
    await saveNpy(file, catalogue())
    const plain = spawnSync(process.execPath, [CLI, 'estimate', file, '--k', '2', '--samples', '200', '--json'], {
      encoding: 'utf8',
    })
    expect(plain.status).toBe(0)
    expect(plain.stderr).toMatch(/^avgcon: warning: items\.npy: 3 of 300 rows/m)
    expect(plain.stderr).toContain('set --drop-untrained to leave them out.')
    const drop = spawnSync(
      process.execPath,
      [CLI, 'estimate', file, '--k', '2', '--samples', '200', '--json', '--drop-untrained'],
      { encoding: 'utf8' },
    )
    expect(drop.status).toBe(0)
    expect(drop.stderr).toBe('')
    expect(JSON.parse(drop.stdout).input).toMatchObject({ n: 297, untrained: { rows: 3, dropped: true } })
  })
})
