/** `avgcon report a.npy b.npy c.npy --label ...` in a browser: the overlay and the model selector. */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PALETTE } from '../../src/report/charts/theme.js'
import type { ReportManyJson } from '../../src/report/html/types.js'
import { avgcon, tempDir } from '../helpers/cli.js'
import { launch, openPage, waitReady, type PageLog } from './browser.js'
import { buildPages, hasChromium, writeFixture } from './fixtures.js'

const LABELS = ['A', 'B', 'C']

/** Three fixtures of the same ids and different d (the first one's sets fit all). */
async function fixtures(dir: string): Promise<string[]> {
  const files: string[] = []
  for (const [i, d] of [16, 8, 4].entries()) {
    mkdirSync(join(dir, `m${i}`))
    files.push((await writeFixture(join(dir, `m${i}`), 300, d)).items)
  }
  return files
}

/** Writes the three-model page with the CLI; its JSON and URL. */
function makePage(dir: string, files: string[]): { json: ReportManyJson; url: string } {
  buildPages()
  const r = avgcon([
    'report',
    ...files,
    ...LABELS.flatMap((l) => ['--label', l]),
    '--sets',
    join(dir, 'm0', 'sets.txt'),
    '--k',
    '2..8',
    '--ci',
    '0.05',
    '--seed',
    '4',
    '--out',
    join(dir, 'models.html'),
    '--quiet',
    '--json',
  ])
  if (r.code !== 0) throw new Error(r.stderr)
  return { json: JSON.parse(r.stdout) as ReportManyJson, url: pathToFileURL(join(dir, 'models.html')).href }
}

if (!hasChromium) {
  describe('several-model HTML report in a browser', () => {
    it.skip('skipped: /usr/bin/chromium is missing (apt-get install chromium)', () => {})
  })
} else {
  describe('several-model HTML report in a browser', () => {
    const { dir, cleanup } = tempDir('avgcon-browser-many-')
    let browser: Browser
    let page: Page
    let log: PageLog
    let url = ''
    let json: ReportManyJson

    beforeAll(async () => {
      ;({ json, url } = makePage(dir, await fixtures(dir)))
      browser = await launch()
      ;({ page, log } = await openPage(browser))
      await page.goto(url)
      await waitReady(page)
    }, 120_000)

    afterAll(async () => {
      await browser?.close()
      cleanup()
    })

    it('opens with no console problem and no request but the page itself', () => {
      expect(log.problems).toEqual([])
      expect(log.requests).toEqual([url])
      expect(json.models.map((m) => m.label)).toEqual(LABELS)
    })

    it('draws one measured curve and one per-dimension theory per model in the overlay, one colour each', async () => {
      const strokes = await page.$$eval('#chart-models svg .mark-line path', (ps) =>
        ps.map((p) => p.getAttribute('stroke')),
      )
      expect(strokes.length).toBe(2 * LABELS.length)
      expect(new Set(strokes)).toEqual(new Set(PALETTE.slice(0, LABELS.length)))
      for (const c of PALETTE.slice(0, LABELS.length)) expect(strokes.filter((s) => s === c).length).toBe(2)
      const bands = await page.$$eval('#chart-models svg .mark-area path', (ps) => ps.length)
      expect(bands).toBe(LABELS.length)
    })

    it("switches the shown model: its numbers, its colour, and only its sections' charts", async () => {
      const measured = () =>
        page.$$eval('#table-consistency tbody tr td:nth-child(2)', (tds) => tds.map((td) => Number(td.dataset.v)))
      const swatch = () =>
        page.$eval(
          '#model-swatch',
          (el) =>
            (
              globalThis as unknown as { getComputedStyle: (e: unknown) => { backgroundColor: string } }
            ).getComputedStyle(el).backgroundColor,
        )
      const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`
      expect(await measured()).toEqual(json.models[0]!.estimate.results.map((p) => p.mean))
      expect(await swatch()).toBe(rgb(PALETTE[0]!))
      for (const i of [2, 1]) {
        await page.selectOption('#model-select', String(i))
        await page.waitForSelector(`body[data-model="${i}"][data-ready="true"]`, { timeout: 30_000 })
        expect(await measured()).toEqual(json.models[i]!.estimate.results.map((p) => p.mean))
        expect(await measured()).not.toEqual(json.models[0]!.estimate.results.map((p) => p.mean))
        expect(await swatch()).toBe(rgb(PALETTE[i]!))
        expect(await page.$eval('.model-title', (h) => h.textContent)).toContain(`${LABELS[i]}:`)
        expect(await page.$$eval('#model-view .chart svg', (s) => s.length)).toBeGreaterThanOrEqual(4)
        expect(await page.$$eval('#table-sets tbody tr', (rows) => rows.length)).toBe(40)
      }
      expect(log.problems).toEqual([])
    })
  })
}
