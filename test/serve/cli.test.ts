import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { avgconAll } from '../cli/spawn.js'
import { tempDir } from '../helpers/cli.js'
import { bodyOf, get } from './helpers.js'

const MAIN = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js')
const { dir, cleanup } = tempDir('avgcon-serve-cli-')
afterAll(cleanup)

/** Starts `avgcon serve` and resolves with its process and the URL it printed. */
function serve(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = '',
      err = ''
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s))
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      out += s
      const m = /theory explorer at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)
      if (m) resolve({ child, url: m[1]! })
    })
    child.on('exit', (code) => reject(new Error(`serve exited with ${code} before printing its URL: ${err}`)))
  })
}

describe('avgcon serve (CLI)', () => {
  it('prints its loopback URL, serves the explorer page, and stops cleanly on SIGTERM', async () => {
    const { child, url } = await serve(['--port', '0', '--dir', dir])
    const port = Number(new URL(url).port)
    const page = await get(port, '/')
    expect(page.status).toBe(200)
    expect(bodyOf(page)).toContain('<title>avgcon theory explorer</title>')
    expect(bodyOf(page)).toContain("connect-src 'self'")
    const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    child.kill('SIGTERM')
    expect(await exit).toBe(0)
  })

  it('refuses a missing directory, a file as directory, a bad port and a busy port with one sentence (exit 2)', async () => {
    const busy = createServer()
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done))
    const port = (busy.address() as { port: number }).port
    const runs = await avgconAll([
      ['serve', '--port', '0', '--dir', join(dir, 'missing')],
      ['serve', '--port', '0', '--dir', MAIN],
      ['serve', '--port', '70000'],
      ['serve', '--port', String(port)],
    ])
    busy.close()
    const messages = [
      /--dir: ".*missing" does not exist\./,
      /--dir: ".*main\.js" is not a directory\./,
      /--port: 70000 is not a TCP port/,
      new RegExp(`127\\.0\\.0\\.1:${port} is already in use`),
    ]
    runs.forEach((r, i) => {
      expect(r.code, r.stderr).toBe(2)
      expect(r.stderr, r.stderr).toMatch(messages[i]!)
      expect(r.stdout).toBe('')
    })
  })
})
