import { spawn, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/cli.js'
import { parquetCases } from '../io/hostile-corpus.js'
import { bodyOf, get } from './helpers.js'

const MAIN = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js')
const { dir, cleanup } = tempDir('avgcon-serve-hang-')
afterAll(cleanup)
// A file whose decode never ends: with AVGCON_FAILPOINT=sandbox-hang the Parquet sandbox spins
// (the damaged pages that really did loop are fixed by patches/; see parquet-decoder-patch.test.ts).
writeFileSync(join(dir, 'hangs.parquet'), parquetCases(1).find((c) => c.name === 'random3.parquet')!.bytes)

function serve(): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--dir', dir], {
      env: { ...process.env, AVGCON_FAILPOINT: 'sandbox-hang' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      out += s
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)
      if (m) resolve({ child, port: Number(m[1]) })
    })
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)))
  })
}

/** Opens an estimate stream; `text` grows as events arrive, `ended` resolves with the whole body. */
function openEstimate(port: number, token: string): { text: () => string; ended: Promise<string> } {
  let body = ''
  const ended = new Promise<string>((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: `/api/estimate?token=${token}&dir=0&path=hangs.parquet&k=2..4`,
        headers: { Host: `127.0.0.1:${port}` },
      },
      (res) => {
        res.setEncoding('utf8').on('data', (s: string) => (body += s))
        res.on('end', () => resolve(body))
        res.on('error', () => resolve(body))
      },
    )
    req.on('error', () => resolve(body)) // the server stopping mid-stream ends it too
    req.end()
  })
  return { text: () => body, ended }
}

async function timedGet(port: number): Promise<number> {
  const started = performance.now()
  const reply = await get(port, '/')
  expect(reply.status).toBe(200)
  return performance.now() - started
}

describe('avgcon serve never blocks on user work', () => {
  it('answers GET / within 1 s while an estimate decodes a file that hangs, reports the damage, and stops within 1 s on SIGTERM', async () => {
    const { child, port } = await serve()
    const token = /"token":"([0-9a-f]+)"/.exec(bodyOf(await get(port, '/')))![1]!
    const hung = openEstimate(port, token)
    await new Promise((r) => setTimeout(r, 1500)) // the child is decoding by now
    for (let i = 0; i < 3; i++) expect(await timedGet(port)).toBeLessThan(1000)
    const body = await hung.ended // the sandbox's decode limit (20 s) ends it
    expect(body).toMatch(
      /event: failed\ndata: .*hangs\.parquet: the file is damaged \(decoding did not finish within \d+ s\)/,
    )

    // Stopping while a second such estimate runs: the server and its estimate process end at once.
    const second = openEstimate(port, token)
    await new Promise((r) => setTimeout(r, 1000))
    expect(second.text()).not.toMatch(/event: failed/)
    const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    const started = performance.now()
    child.kill('SIGTERM')
    expect(await exit).toBe(0)
    expect(performance.now() - started).toBeLessThan(1000)
  }, 60_000)
})
