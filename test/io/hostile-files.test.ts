/**
 * Nothing hangs: hostile files (fixed seeds, see hostile-corpus.ts) each end
 * with a result or one InputError sentence, within 30 s and under 1 GiB RSS,
 * never a stack trace. The bulk runs through the built library in one child
 * process (Parquet inside its worker sandbox); a sample runs through the CLI.
 * The 30 s is a generous per-case bound for a hang, not a timing test.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { avgcon, tempDir } from '../helpers/cli.js'
import { npyCases, otherCases, parquetCases, writeCases } from './hostile-corpus.js'

const PER_CASE_MS = 30_000
const MAX_RSS_MB = 1024

let tmp: ReturnType<typeof tempDir>
let parquet: string[]
let npy: string[]
let others: string[]
beforeAll(() => {
  tmp = tempDir('avgcon-hostile-')
  parquet = writeCases(tmp.dir, parquetCases(20261202))
  npy = writeCases(tmp.dir, npyCases(7))
  others = writeCases(tmp.dir, otherCases(99))
})
afterAll(() => tmp.cleanup())

interface CaseLine {
  path: string
  outcome: 'ok' | 'input' | 'crash'
  message: string
  ms: number
  rssMb: number
  shape: [number, number] | null
}

function runBulk(paths: string[]): { cases: CaseLine[]; maxRssMb: number } {
  const runner = join(import.meta.dirname, 'hostile-runner.mjs')
  const r = spawnSync(process.execPath, [runner, ...paths], {
    encoding: 'utf8',
    timeout: paths.length * PER_CASE_MS,
    maxBuffer: 64 << 20,
  })
  expect(r.signal, r.stderr).toBeNull()
  expect(r.status, r.stderr).toBe(0)
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as CaseLine & { maxRssMb?: number })
  const last = lines.pop()!
  return { cases: lines, maxRssMb: last.maxRssMb! }
}

function expectContained(paths: string[]): CaseLine[] {
  const { cases, maxRssMb } = runBulk(paths)
  expect(cases.map((c) => c.path)).toEqual(paths)
  for (const c of cases) {
    expect(c.outcome, `${c.path}: ${c.message}`).not.toBe('crash')
    expect(c.ms, c.path).toBeLessThan(PER_CASE_MS)
    if (c.outcome === 'input') {
      expect(c.message.startsWith(c.path), c.message).toBe(true)
      expect(c.message).not.toMatch(/\n|\bat .+:\d+:\d+/)
    }
  }
  expect(maxRssMb).toBeLessThan(MAX_RSS_MB)
  return cases
}

describe('hostile files', () => {
  it('Parquet: 260 page-header, footer and random-byte corruptions end in a result or one sentence', () => {
    const cases = expectContained(parquet)
    // The corpus must actually damage files: most cases are refused.
    expect(cases.filter((c) => c.outcome === 'input').length).toBeGreaterThan(cases.length / 2)
  }, 600_000)

  it('npy headers with fake shape/descr, braces and quotes never read another shape', () => {
    const cases = expectContained(npy)
    // numpy refuses every one of these (an extra key, a junk descr, or no literal at all);
    // above all, a fake (999, 999) inside a value is never read as the shape.
    expect(cases.filter((c) => c.outcome === 'ok').map((c) => c.shape)).toEqual([])
    expect(cases.filter((c) => c.outcome === 'input').length).toBe(cases.length)
  }, 120_000)

  it('safetensors and word2vec damage ends in a result or one sentence', () => {
    expectContained(others)
  }, 120_000)

  it('a sample through the real CLI exits 0 or 2 without a stack trace', () => {
    const sample = [
      ...parquet.filter((_, i) => i % 40 === 0),
      ...npy.slice(0, 3),
      ...others.filter((_, i) => i % 25 === 0),
    ]
    for (const path of sample) {
      const started = Date.now()
      const run = avgcon(['estimate', path, '--k', '2'])
      expect([0, 2], `${path}: ${run.stderr}`).toContain(run.code)
      expect(run.stderr).not.toMatch(/\n\s+at /)
      expect(Date.now() - started).toBeLessThan(PER_CASE_MS)
    }
  }, 600_000)
})
