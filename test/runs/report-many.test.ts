/** `reportMany`: each model of a several-model page is exactly the single report of its file. */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPORT_MODELS_ID } from '../../src/report/html/ids.js'
import type { ReportJson, ReportManyJson } from '../../src/report/html/types.js'
import { report, reportMany } from '../../src/runs/index.js'
import { writeFixture, type Fixture } from '../browser/fixtures.js'
import { tempDir } from '../helpers/cli.js'

const { dir, cleanup } = tempDir('avgcon-run-report-many-')
afterAll(cleanup)

/** The JSON without what may change between two identical runs (timings, date, the command line). */
const stable = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v, (key, x) => (['seconds', 'date', 'commandLine', 'label'].includes(key) ? undefined : x)))

const settings = { k: '2..10:4', ci: 0.05, seed: 4, center: true }
let a: Fixture, b: Fixture

beforeAll(async () => {
  mkdirSync(join(dir, 'a'))
  mkdirSync(join(dir, 'b'))
  a = await writeFixture(join(dir, 'a'), 400, 16)
  b = await writeFixture(join(dir, 'b'), 400, 8) // the same ids: a's sets file fits both
})

describe('reportMany', () => {
  it('gives every model exactly its single report (bit-identical numbers), the sets applied to each', async () => {
    const o = { ...settings, sets: a.sets, names: a.names }
    const { json, bytes } = await reportMany([a.items, b.items], { ...o, labels: ['A', 'B'], out: join(dir, 'm.html') })
    const many = json as ReportManyJson
    expect(many.models.map((m) => m.label)).toEqual(['A', 'B'])
    for (const [i, f] of [a, b].entries()) {
      const single = await report({ file: f.items, ...o, out: join(dir, `single${i}.html`) })
      expect(stable(many.models[i])).toEqual(stable(single.json))
      expect(many.models[i]!.sets).toBeDefined()
    }
    expect(many.models[0]!.estimate.results).not.toEqual(many.models[1]!.estimate.results)
    expect(many.results.map((p) => p.model)).toEqual([...Array(3).fill('A'), ...Array(3).fill('B')])
    const html = readFileSync(join(dir, 'm.html'), 'utf8')
    expect(Buffer.byteLength(html)).toBe(bytes)
    expect(html).toContain('id="model-select"')
    expect(html).toContain(`id="${REPORT_MODELS_ID}"`)
  })

  it('with one file is `report` (no models, the same JSON)', async () => {
    const one = await reportMany([a.items], { ...settings, out: join(dir, 'one.html') })
    const single = await report({ file: a.items, ...settings, out: join(dir, 'one-single.html') })
    expect((one.json as ReportJson & { models?: unknown }).models).toBeUndefined()
    expect(stable(one.json)).toEqual(stable(single.json))
  })

  it('takes labels by the rules of compare: one per file, distinct', async () => {
    const out = join(dir, 'bad.html')
    await expect(reportMany([a.items, b.items], { ...settings, labels: ['A'], out })).rejects.toThrow(
      'give one --label per file',
    )
    await expect(reportMany([a.items, b.items], { ...settings, labels: ['A', 'A'], out })).rejects.toThrow(
      'names two models',
    )
  })
})
