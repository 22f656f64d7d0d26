#!/usr/bin/env node
/* global Event, document -- these two callbacks run inside the page, not in Node */
// The report issue's speed figures, as a benchmark rather than timed tests:
//   1. `avgcon report` against `avgcon estimate` alone on W2 (N=50,000, d=256, --ci 0.01);
//   2. the page of a report with 50,000 items and 10,000 real sets: time until every chart
//      is drawn in headless chromium (the page's own data-render-ms);
//   3. the theory explorer: the page's own time to recompute a k=2..50 curve.
// Needs a build (npm run prepare) and /usr/bin/chromium.   node bench/report.mjs
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const main = join(root, 'dist', 'cli', 'main.js')
const lib = await import(pathToFileURL(join(root, 'dist', 'index.js')).href)
const { pageScript } = await import(pathToFileURL(join(root, 'dist', 'report', 'html', 'assets.js')).href)
const { explorerHtml } = await import(pathToFileURL(join(root, 'dist', 'report', 'html', 'explorer.js')).href)
const { resolveDirs } = await import(pathToFileURL(join(root, 'dist', 'serve', 'files.js')).href)
const { startServer } = await import(pathToFileURL(join(root, 'dist', 'serve', 'server.js')).href)
const { chromium } = await import('playwright-core')
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const dir = mkdtempSync(join(tmpdir(), 'avgcon-bench-report-'))

function timed(args) {
  const t = performance.now()
  const r = spawnSync(process.execPath, [main, ...args, '--quiet'], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`avgcon ${args.join(' ')}: ${r.stderr}`)
  return (performance.now() - t) / 1000
}

async function reportVersusEstimate() {
  await lib.saveNpy(join(dir, 'w2.npy'), lib.generate('normal', 50_000, 256, 1))
  const common = [join(dir, 'w2.npy'), '--ci', '0.01', '--seed', '0']
  const pairs = []
  for (let i = 0; i < 3; i++)
    pairs.push([
      timed(['estimate', ...common, '--json', '--out', join(dir, 'e.json')]),
      timed(['report', ...common, '--out', join(dir, 'r.html')]),
    ])
  for (const [e, r] of pairs)
    console.log(`W2 --ci 0.01: estimate ${e.toFixed(2)} s, report ${r.toFixed(2)} s, ratio ${(r / e).toFixed(2)}`)
}

async function largePage(browser) {
  const n = 50_000
  const ids = Array.from({ length: n }, (_, i) => `i${i}`)
  await lib.saveNpy(join(dir, 'large.npy'), { ...lib.generate('normal', n, 8, 1), ids })
  const r = lib.rng(9)
  const lines = []
  for (let s = 0; s < 10_000; s++) {
    const members = new Set()
    while (members.size < 2 + r.int(30)) members.add(r.int(n))
    lines.push(`u${s}: ${[...members].map((i) => ids[i]).join(' ')}`)
  }
  writeFileSync(join(dir, 'sets.txt'), lines.join('\n') + '\n')
  timed([
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
  ])
  const times = []
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
    await page.goto(pathToFileURL(join(dir, 'large.html')).href)
    await page.waitForSelector('body[data-ready]', { timeout: 30_000 })
    times.push(Number(await page.getAttribute('body', 'data-render-ms')))
    await page.close()
  }
  times.sort((a, b) => a - b)
  console.log(
    `report page, 50,000 items + 10,000 sets: every chart drawn in ${times.map((t) => t.toFixed(0)).join(', ')} ms (median ${times[2].toFixed(0)})`,
  )
}

async function explorer(browser) {
  const html = explorerHtml(await pageScript('explorer'), { dirs: [dir], token: 'bench' })
  const server = await startServer({ port: 0, dirs: await resolveDirs([dir]), explorer: html, token: 'bench' })
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
  await page.goto(server.url)
  await page.waitForSelector('body[data-ready]', { timeout: 30_000 })
  const times = []
  for (const v of ['2', '3', '4', '5', '6', '7', '8', '9', '10', '11']) {
    const before = Number(await page.getAttribute('body', 'data-updates'))
    await page.locator('#kurtosis-slider').evaluate((el, value) => {
      el.value = value
      el.dispatchEvent(new Event('input', { bubbles: true }))
    }, v)
    await page.waitForFunction((n) => Number(document.body.dataset.updates) > n, before)
    times.push(await page.evaluate(() => globalThis.avgconExplorer.ms))
  }
  await server.close()
  const warm = times.slice(1).sort((a, b) => a - b)
  console.log(
    `explorer, k=2..50 curve: first ${times[0].toFixed(1)} ms, then median ${warm[Math.floor(warm.length / 2)].toFixed(1)} ms (max ${warm[warm.length - 1].toFixed(1)})`,
  )
}

try {
  console.log(`load average ${loadavg()[0].toFixed(2)}, node ${process.version}`)
  await reportVersusEstimate()
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS, headless: true })
  try {
    await largePage(browser)
    await explorer(browser)
  } finally {
    await browser.close()
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
