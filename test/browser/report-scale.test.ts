import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveNpy } from '../../src/io/index.js'
import { rng } from '../../src/rng.js'
import { generate } from '../../src/synthetic/index.js'
import { avgcon, tempDir } from '../helpers/cli.js'
import { launch, openPage, waitReady } from './browser.js'
import { buildPages, hasChromium } from './fixtures.js'

const N = 50_000
const SETS = 10_000

/** 50,000 items (d=8 keeps the search quick) with ids, and 10,000 sets of 2 to 31 of them. */
async function writeLarge(dir: string): Promise<void> {
  const ids = Array.from({ length: N }, (_, i) => `i${i}`)
  await saveNpy(join(dir, 'large.npy'), { ...generate('normal', N, 8, 1), ids })
  const r = rng(9)
  const lines: string[] = []
  for (let s = 0; s < SETS; s++) {
    const members = new Set<number>()
    const size = 2 + r.int(30)
    while (members.size < size) members.add(r.int(N))
    lines.push(`u${s}: ${[...members].map((i) => ids[i]).join(' ')}`)
  }
  writeFileSync(join(dir, 'sets.txt'), lines.join('\n') + '\n')
}

if (!hasChromium) {
  describe('a large report in a browser', () => {
    it.skip('skipped: /usr/bin/chromium is missing (apt-get install chromium)', () => {})
  })
} else {
  describe('a large report in a browser (50,000 items, 10,000 sets)', () => {
    const { dir, cleanup } = tempDir('avgcon-scale-')
    let browser: Browser

    beforeAll(async () => {
      await writeLarge(dir)
      buildPages()
      const r = avgcon([
        'report',
        join(dir, 'large.npy'),
        '--sets',
        join(dir, 'sets.txt'),
        '--k',
        '2..50:8',
        '--samples',
        '100',
        '--out',
        join(dir, 'large.html'),
        '--quiet',
      ])
      if (r.code !== 0) throw new Error(r.stderr)
      browser = await launch()
    }, 120_000)

    afterAll(async () => {
      await browser?.close()
      cleanup()
    })

    // How fast is measured by bench/report.mjs, not asserted here.
    it('opens and draws every chart, listing the sets 200 at a time', async () => {
      const { page, log } = await openPage(browser)
      await page.goto(pathToFileURL(join(dir, 'large.html')).href)
      await waitReady(page)
      expect(Number(await page.getAttribute('body', 'data-render-ms'))).toBeGreaterThan(0)
      expect(log.problems).toEqual([])
      expect(await page.$$eval('.chart svg.marks', (svgs) => svgs.length)).toBe(6)
      expect(await page.$$eval('#table-sets tbody tr', (rows) => rows.length)).toBe(200)
      expect(await page.textContent('#sets-table-note')).toMatch(/^Showing 200 of 10,000 sets/)
      await page.click('#sets-more')
      expect(await page.$$eval('#table-sets tbody tr', (rows) => rows.length)).toBe(1200)
    })
  })
}
