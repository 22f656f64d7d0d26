/**
 * Drives Debian's chromium (never a downloaded browser) headless through playwright-core,
 * and records what a page does wrong: console errors and warnings, uncaught exceptions,
 * and every request other than the page itself.
 */
import type { Browser, Page } from 'playwright-core'
import { CHROMIUM } from './fixtures.js'

/** Chromium flags: no sandbox (containers), no GPU, and none of its own background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Launches chromium with a fresh, empty profile (playwright makes a new temporary one per launch). */
export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core')
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true })
}

/** What a page reported while a test drove it. */
export interface PageLog {
  problems: string[]
  requests: string[]
}

/** A new page whose console problems and requests are logged. */
export async function openPage(browser: Browser, width = 1100, height = 900): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage({ viewport: { width, height } })
  const log: PageLog = { problems: [], requests: [] }
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.problems.push(`${m.type()}: ${m.text()}`)
  })
  page.on('pageerror', (e) => log.problems.push(`uncaught: ${e.message}`))
  page.on('request', (r) => log.requests.push(r.url()))
  return { page, log }
}

/** Waits until the page script has drawn everything; throws if it reported an error. */
export async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector('body[data-ready]', { timeout: 30_000 })
  const state = await page.getAttribute('body', 'data-ready')
  if (state !== 'true') throw new Error(`page script failed (data-ready=${state})`)
}
