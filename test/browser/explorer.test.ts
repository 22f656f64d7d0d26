import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pageScript } from '../../src/report/html/assets.js'
import { explorerHtml } from '../../src/report/html/explorer.js'
import { resolveDirs } from '../../src/serve/files.js'
import { startServer, type RunningServer } from '../../src/serve/server.js'
import { avgconAll } from '../cli/spawn.js'
import { tempDir } from '../helpers/cli.js'
import { launch, openPage, type PageLog } from './browser.js'
import { buildPages, hasChromium, writeFixture } from './fixtures.js'

interface Row {
  k: number
  consistency: number
  pInOut: number
}

/** The values table of the explorer, read from the exact numbers in data-v. */
async function tableRows(page: Page): Promise<Row[]> {
  return page.$$eval('#table-theory tbody tr', (trs) =>
    trs.map((tr) => {
      const v = Array.from(tr.querySelectorAll('td'), (td: { getAttribute(name: string): string | null }) =>
        Number(td.getAttribute('data-v')),
      )
      return { k: v[0]!, consistency: v[1]!, pInOut: v[2]! }
    }),
  )
}

/** Sets a slider as a drag would (value, then an input event) and waits for the redraw. */
async function moveSlider(page: Page, id: string, value: string): Promise<void> {
  const before = Number(await page.getAttribute('body', 'data-updates'))
  await page.locator(`#${id}-slider`).evaluate((el, v) => {
    const input = el as unknown as { value: string; dispatchEvent(e: unknown): boolean }
    input.value = v
    input.dispatchEvent(
      new (globalThis as unknown as { Event: new (t: string, o: object) => unknown }).Event('input', { bubbles: true }),
    )
  }, value)
  await page.waitForFunction(
    (n) =>
      Number(
        (globalThis as unknown as { document: { body: { dataset: { updates?: string } } } }).document.body.dataset
          .updates,
      ) > n,
    before,
  )
}

/** Drops files (name -> text) on the drop zone, as a drag from the desktop does. */
async function dropFiles(page: Page, files: Record<string, string>): Promise<void> {
  await page.evaluate((f) => {
    const g = globalThis as unknown as {
      DataTransfer: new () => { items: { add(f: unknown): void } }
      File: new (parts: string[], name: string) => unknown
      DragEvent: new (t: string, o: object) => unknown
      document: { getElementById(id: string): { dispatchEvent(e: unknown): boolean } }
    }
    const data = new g.DataTransfer()
    for (const [name, text] of Object.entries(f)) data.items.add(new g.File([text], name))
    g.document
      .getElementById('drop')
      .dispatchEvent(new g.DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
  }, files)
}

const theoryRows = (stdout: string): Row[] => (JSON.parse(stdout) as { results: Row[] }).results

/**
 * Same k, and values equal to 1e-12: the page runs the same theoryCurve, but chromium's
 * V8 may round the last bit of Math.exp/log differently from Node's (seen: 1 to 4 ulps).
 */
function expectSameCurve(shown: Row[], cli: Row[]): void {
  expect(shown.map((r) => r.k)).toEqual(cli.map((r) => r.k))
  shown.forEach((r, i) => {
    expect(Math.abs(r.consistency - cli[i]!.consistency), `consistency at k=${r.k}`).toBeLessThanOrEqual(1e-12)
    expect(Math.abs(r.pInOut - cli[i]!.pInOut), `P(in>out) at k=${r.k}`).toBeLessThanOrEqual(1e-12)
  })
}

/** Writes the runs to overlay, asks the CLI for reference curves, and serves the explorer over them. */
async function prepare(dir: string): Promise<{ server: RunningServer; refs: Row[][]; runs: Record<string, string> }> {
  const served = join(dir, 'served')
  buildPages()
  mkdirSync(served)
  const k = ['--k', '2..50']
  const cli = await avgconAll([
    ['theory', '--n', '1000000', '--d', '128', ...k, '--law', 'normal', '--method', 'prop2', '--json'],
    ['theory', '--n', '1000000', '--d', '64', ...k, '--law', 'normal', '--method', 'prop2', '--json'],
    ['theory', '--n', '1000000', '--d', '64', ...k, '--moments', '0,1,0,6', '--method', 'prop2', '--json'],
    [
      'report',
      '--synthetic',
      'laplace',
      '--n',
      '3000',
      '--d',
      '16',
      '--k',
      '2..20',
      '--samples',
      '200',
      '--out',
      join(dir, 'laplace.html'),
      '--json',
      '--quiet',
    ],
    ['estimate', '--synthetic', 'rademacher', '--n', '3000', '--d', '16', '--k', '2..20', '--samples', '200', '--json'],
  ])
  for (const r of cli) if (r.code !== 0) throw new Error(r.stderr)
  writeFileSync(join(served, 'rademacher.json'), cli[4]!.stdout)
  await writeFixture(served)
  const explorer = explorerHtml(await pageScript('explorer'), { dirs: ['served'], token: 'browser-test' })
  const server = await startServer({ port: 0, dirs: await resolveDirs([served]), explorer, token: 'browser-test' })
  return {
    server,
    refs: cli.slice(0, 3).map((r) => theoryRows(r.stdout)),
    runs: { 'laplace.report.json': cli[3]!.stdout, 'rademacher.json': cli[4]!.stdout },
  }
}

if (!hasChromium) {
  describe('theory explorer in a browser', () => {
    it.skip('skipped: /usr/bin/chromium is missing (apt-get install chromium)', () => {})
  })
} else {
  describe('theory explorer in a browser', () => {
    const { dir, cleanup } = tempDir('avgcon-explorer-')
    let server: RunningServer
    let browser: Browser
    let page: Page
    let log: PageLog
    let refs: Row[][] = []
    let runs: Record<string, string> = {}

    beforeAll(async () => {
      ;({ server, refs, runs } = await prepare(dir))
      browser = await launch()
      ;({ page, log } = await openPage(browser))
      await page.goto(server.url)
      await page.waitForFunction(
        () =>
          Number(
            (globalThis as unknown as { document: { body: { dataset: { updates?: string } } } }).document.body.dataset
              .updates,
          ) >= 1,
      )
    }, 120_000)

    afterAll(async () => {
      await browser?.close()
      await server?.close()
      cleanup()
    })

    it('opens with no console problem, talking only to its own server', async () => {
      await page.waitForSelector('#server-files li')
      expect(log.problems).toEqual([])
      expect(log.requests).toEqual([server.url, `${server.url}api/files`])
      expect(await page.textContent('#error')).toBe('')
    })

    it('shows the values `avgcon theory --json` prints for the same inputs', async () => {
      expectSameCurve(await tableRows(page), refs[0]!)
    })

    it('moving the d slider, then the kurtosis slider, changes the curve to what the CLI computes', async () => {
      const curve = () =>
        page.$eval('#chart-theory svg.marks .mark-line path', (p: { getAttribute(n: string): string | null }) =>
          p.getAttribute('d'),
        )
      const first = await curve()
      await moveSlider(page, 'd', '64')
      expect(await page.inputValue('#d')).toBe('64')
      expectSameCurve(await tableRows(page), refs[1]!)
      const second = await curve()
      expect(second).not.toBe(first)
      await moveSlider(page, 'kurtosis', '6')
      expect(await page.textContent('#source')).toMatch(/^explicit moments: mean 0, std 1, skewness 0, kurtosis 6;/)
      expectSameCurve(await tableRows(page), refs[2]!)
      expect(await curve()).not.toBe(second)
      expect(await page.textContent('#error')).toBe('')
    })

    it('overlays two dropped results files on the same axes, and removes one again', async () => {
      const lines = () => page.$$eval('#chart-theory svg.marks .mark-line path', (ps) => ps.length)
      const before = await lines()
      const updates = Number(await page.getAttribute('body', 'data-updates'))
      await dropFiles(page, runs)
      await page.waitForFunction(
        (n) =>
          Number(
            (globalThis as unknown as { document: { body: { dataset: { updates?: string } } } }).document.body.dataset
              .updates,
          ) > n,
        updates,
      )
      expect(await page.$$eval('#run-list li', (lis) => lis.map((li) => li.getAttribute('data-run')))).toEqual([
        'laplace.report.json',
        'rademacher.json',
      ])
      expect(await page.textContent('#run-error')).toBe('')
      expect(await lines()).toBe(before + 3) // laplace: measured + per-dimension theory; rademacher: measured
      const legend = await page.$$eval('#chart-theory svg.marks .role-legend-label text', (ts) =>
        ts.map((t) => t.textContent),
      )
      expect(legend).toEqual(expect.arrayContaining(['this theory', 'laplace.report.json', 'rademacher.json']))
      await page.click('#run-list li[data-run="rademacher.json"] button')
      await expect.poll(lines).toBe(before + 2)
    })

    it("overlays a file from the server's directory", async () => {
      await page.click('#server-files li[data-kind="results"] button')
      await expect.poll(() => page.$$eval('#run-list li', (lis) => lis.length)).toBe(2)
      expect(await page.getAttribute('#run-list li:last-child', 'data-run')).toBe('rademacher.json')
      expect(log.problems).toEqual([])
      expect(log.requests.at(-1)).toBe(`${server.url}files/0/rademacher.json`)
    })

    it('runs an estimate on a server-side file, following its progress, and overlays the result', async () => {
      await page.fill('#kmax', '8')
      await page.fill('#estimate-ci', '0.05')
      await page.click('#server-files li:has-text("items.npy") button')
      await page.waitForSelector('#run-list li[data-run="items.npy (estimate)"]', { timeout: 30_000 })
      expect(await page.textContent('#estimate-status')).toBe('items.npy: done.')
      expect(Number(await page.getAttribute('#estimate-progress', 'value'))).toBeGreaterThan(0)
      expect(log.problems).toEqual([])
      expect(log.requests.at(-1)).toMatch(
        /\/api\/estimate\?token=browser-test&dir=0&path=items.npy&k=2..8&ci=0.05&center=0$/,
      )
    })
  })
}
