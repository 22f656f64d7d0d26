#!/usr/bin/env node
/**
 * Regenerates docs/report.png and docs/explorer.png from the current build: a report of
 * seeded clustered embeddings with "users" drawn from the clusters, and the theory
 * explorer with two runs overlaid. Needs a build (npm run prepare) and /usr/bin/chromium.
 *
 *   node scripts/screenshots.mjs
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { rng, saveNpy } = await import(pathToFileURL(join(root, 'dist', 'index.js')).href)
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

/** 50 clusters of 100 items in d=32 (cluster centre + noise), and users who pick from one cluster. */
async function writeData(dir) {
  const r = rng(42)
  const gauss = () => r.normal()
  const clusters = 50,
    per = 100,
    d = 32,
    n = clusters * per
  const centres = Array.from({ length: clusters }, () => Array.from({ length: d }, gauss))
  const data = new Float32Array(n * d)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) data[i * d + j] = centres[Math.floor(i / per)][j] * 0.6 + gauss()
  const ids = Array.from({ length: n }, (_, i) => `film${i}`)
  await saveNpy(join(dir, 'films.npy'), { n, d, data, ids })
  const lines = []
  for (let u = 0; u < 2000; u++) {
    const c = r.int(clusters),
      size = 2 + r.int(30),
      items = new Set()
    while (items.size < size) items.add(c * per + r.int(per))
    lines.push(`user${u}: ${[...items].map((i) => ids[i]).join(' ')}`)
  }
  writeFileSync(join(dir, 'users.txt'), lines.join('\n') + '\n')
  writeFileSync(
    join(dir, 'films.tsv'),
    ids.map((id, i) => `${id}\tFilm ${i} (genre ${Math.floor(i / per)})`).join('\n') + '\n',
  )
}

function avgcon(args, cwd) {
  const r = spawnSync(process.execPath, [join(root, 'dist', 'cli', 'main.js'), ...args], { cwd, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`avgcon ${args.join(' ')}: ${r.stderr}`)
  return r.stdout
}

const dir = mkdtempSync(join(tmpdir(), 'avgcon-shots-'))
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS })
try {
  await writeData(dir)
  writeFileSync(
    join(dir, 'films.report.json'),
    avgcon(
      [
        'report',
        'films.npy',
        '--sets',
        'users.txt',
        '--names',
        'films.tsv',
        '--center',
        '--k',
        '2..40',
        '--seed',
        '1',
        '--out',
        'report.html',
        '--json',
        '--quiet',
      ],
      dir,
    ),
  )
  writeFileSync(
    join(dir, 'uniform.json'),
    avgcon(
      [
        'estimate',
        '--synthetic',
        'uniform(-1,1)',
        '--n',
        '5000',
        '--d',
        '32',
        '--k',
        '2..40',
        '--ci',
        '0.01',
        '--json',
      ],
      dir,
    ),
  )
  const page = await browser.newPage({ viewport: { width: 1040, height: 1500 }, deviceScaleFactor: 1 })
  await page.goto(pathToFileURL(join(dir, 'report.html')).href)
  await page.waitForSelector('body[data-ready="true"]')
  await page.screenshot({ path: join(root, 'docs', 'report.png') })
  const child = spawn(process.execPath, [join(root, 'dist', 'cli', 'main.js'), 'serve', '--port', '0', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise((resolve) =>
    child.stdout.on('data', (b) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(String(b))
      if (m) resolve(m[1])
    }),
  )
  const explorer = await browser.newPage({ viewport: { width: 1040, height: 1450 }, deviceScaleFactor: 1 })
  await explorer.goto(url)
  await explorer.waitForSelector('#server-files li button')
  await explorer.fill('#n', '5000')
  await explorer.fill('#d', '32')
  await explorer.fill('#kmax', '40')
  await explorer.selectOption('#law-preset', 'uniform(-1,1)')
  for (const name of ['films.report.json', 'uniform.json'])
    await explorer.click(`#server-files li:has-text("${name}") button`)
  await explorer.waitForFunction(() => globalThis.document.querySelectorAll('#run-list li').length === 2)
  await explorer.evaluate(() => globalThis.scrollTo(0, 0))
  await explorer.waitForTimeout(500)
  await explorer.screenshot({ path: join(root, 'docs', 'explorer.png') })
  child.kill('SIGTERM')
} finally {
  await browser.close()
  rmSync(dir, { recursive: true, force: true })
}
process.stderr.write('screenshots: wrote docs/report.png and docs/explorer.png\n')
