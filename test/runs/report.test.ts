/** The library's `report` writes the page and returns the JSON `avgcon report --json` prints (golden.test.ts pins the CLI). */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { report } from '../../src/runs/report.js'
import { tempDir } from '../helpers/cli.js'
import { golden, inputs, masked } from './cases.js'

const { dir, cleanup } = tempDir('avgcon-run-report-')
beforeAll(() => inputs(dir))
afterAll(cleanup)

describe('report() is `avgcon report --json`', () => {
  it('writes the page and returns its embedded results JSON', async () => {
    const out = join(dir, 'r.html')
    const { json, bytes } = await report({
      file: join(dir, 'items.npy'),
      center: true,
      sets: join(dir, 'log.tsv'),
      names: join(dir, 'names.item'),
      k: '2..10:4',
      out,
      commandLine:
        'avgcon report items.npy --center --sets log.tsv --names names.item --k 2..10:4 --out r.html --quiet --json',
    })
    expect(masked(json)).toEqual(golden('report'))
    expect(readFileSync(out).length).toBe(bytes)
  })

  it('refuses a page name that is not .html, and names or weights without sets, writing nothing', async () => {
    const out = join(dir, 'bad.pdf')
    await expect(report({ file: join(dir, 'items.npy'), out })).rejects.toThrow(
      expect.objectContaining({ field: 'out' }),
    )
    await expect(report({ file: join(dir, 'items.npy'), out: join(dir, 'x.html'), weights: true })).rejects.toThrow(
      'report: `weights` only applies with `sets` (a sets file).',
    )
    expect(existsSync(out) || existsSync(join(dir, 'x.html'))).toBe(false)
  })
})
