import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PALETTE } from '../../src/report/charts/theme.js'
import { avgcon, tempDir } from '../helpers/cli.js'
import { launch, openPage, waitReady, type PageLog } from './browser.js'
import { buildPages, hasChromium, writeFixture } from './fixtures.js'

const withoutSeconds = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v, (key, x) => (key === 'seconds' ? undefined : x)))

/** Writes a report of the fixture and the matching `avgcon estimate --json`. */
async function makeReport(dir: string): Promise<{ url: string; estimateJson: unknown }> {
  const fx = await writeFixture(dir)
  buildPages()
  const args = ['--k', '2..12', '--ci', '0.05', '--seed', '4']
  const r = avgcon([
    'report',
    fx.items,
    '--sets',
    fx.sets,
    '--names',
    fx.names,
    ...args,
    '--out',
    join(dir, 'report.html'),
    '--quiet',
  ])
  if (r.code !== 0) throw new Error(r.stderr)
  return {
    url: pathToFileURL(join(dir, 'report.html')).href,
    estimateJson: JSON.parse(avgcon(['estimate', fx.items, ...args, '--json']).stdout),
  }
}

if (!hasChromium) {
  describe('HTML report in a browser', () => {
    it.skip('skipped: /usr/bin/chromium is missing (apt-get install chromium)', () => {})
  })
} else {
  describe('HTML report in a browser', () => {
    const { dir, cleanup } = tempDir('avgcon-browser-')
    let browser: Browser
    let page: Page
    let log: PageLog
    let url = ''
    let estimateJson: unknown
    let renderMs = 0

    beforeAll(async () => {
      ;({ url, estimateJson } = await makeReport(dir))
      browser = await launch()
      ;({ page, log } = await openPage(browser))
      await page.goto(url)
      await waitReady(page)
      renderMs = Number(await page.getAttribute('body', 'data-render-ms'))
    }, 120_000)

    afterAll(async () => {
      await browser?.close()
      cleanup()
    })

    it('opens with no console error or warning and no request but the page itself', () => {
      expect(log.problems).toEqual([])
      expect(log.requests).toEqual([url])
      expect(renderMs).toBeGreaterThan(0)
    })

    it('renders every chart: marks drawn, axes titled', async () => {
      const charts = await page.$$eval('.chart', (els) =>
        els.map((el) => ({
          id: el.id,
          svg: el.querySelectorAll('svg.marks').length,
          marks: el.querySelectorAll('svg.marks .role-mark path, svg.marks .role-mark rect, svg.marks .role-mark line')
            .length,
          axes: el.querySelectorAll('svg.marks g.role-axis').length,
          axisTitles: Array.from(
            el.querySelectorAll('svg.marks .role-axis-title text'),
            (t: { textContent: string | null }) => t.textContent ?? '',
          ),
        })),
      )
      expect(charts.map((c) => c.id)).toEqual([
        'chart-consistency',
        'chart-pinout',
        'chart-norms',
        'chart-kurtosis',
        'chart-sets-histogram',
        'chart-sets-by-size',
      ])
      for (const c of charts) {
        expect(c.svg, c.id).toBe(1)
        expect(c.marks, c.id).toBeGreaterThan(3)
        expect(c.axes, c.id).toBeGreaterThanOrEqual(2)
        expect(c.axisTitles.length, c.id).toBeGreaterThanOrEqual(1) // the by-size bars name their categories in the labels
        expect(
          c.axisTitles.every((t) => t.trim() !== ''),
          c.id,
        ).toBe(true)
      }
      expect(charts[0]!.axisTitles).toEqual(expect.arrayContaining(['set size k', 'Consistency_k']))
    })

    it('embeds the estimate exactly as `avgcon estimate --json` prints it for the same seed', async () => {
      const embedded = await page.evaluate(
        () => (globalThis as unknown as { avgcon: { results: { estimate: unknown } } }).avgcon.results.estimate,
      )
      expect(withoutSeconds(embedded)).toEqual(withoutSeconds(estimateJson))
    })

    it('hides a curve when its checkbox is cleared, and shows it again', async () => {
      const normalColour = PALETTE[1]!
      const lines = () =>
        page.$$eval(
          '#chart-consistency svg .mark-line path',
          (ps, c) => ps.filter((p) => p.getAttribute('stroke') === c).length,
          normalColour,
        )
      expect(await lines()).toBe(1)
      const box = page
        .locator('#chart-consistency .vega-bind', { hasText: 'i.i.d. normal theory' })
        .locator('input[type=checkbox]')
      await box.uncheck()
      await expect.poll(lines).toBe(0)
      await box.check()
      await expect.poll(lines).toBe(1)
    })

    it('sorts a table by the clicked column, and lists every set 200 at a time', async () => {
      const firstK = () => page.$eval('#table-consistency tbody tr td', (td) => td.textContent)
      expect(await firstK()).toBe('2')
      await page.click('#table-consistency th:first-child')
      expect(await firstK()).toBe('2')
      await page.click('#table-consistency th:first-child')
      expect(await firstK()).toBe('12')
      expect(await page.$$eval('#table-sets tbody tr', (rows) => rows.length)).toBe(40)
      await page.click('#table-sets th:nth-child(3)')
      const precisions = await page.$$eval('#table-sets tbody tr td:nth-child(3)', (tds) =>
        tds.map((t) => Number(t.textContent)),
      )
      expect(precisions).toEqual([...precisions].sort((a, b) => a - b))
      expect(await page.textContent('#table-sets tbody tr td:last-child')).toMatch(
        /^Item number \d+; Item number \d+; Item number \d+$/,
      ) // --names
    })

    it('downloads the embedded JSON without a network request', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')])
      const text = readFileSync(await download.path(), 'utf8')
      const embedded = await page.evaluate(
        () => (globalThis as unknown as { avgcon: { results: unknown } }).avgcon.results,
      )
      expect(JSON.parse(text)).toEqual(embedded)
      expect(log.requests.filter((u) => !u.startsWith('blob:'))).toEqual([url])
    })
  })
}
