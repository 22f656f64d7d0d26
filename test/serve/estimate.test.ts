import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveDirs } from '../../src/serve/files.js'
import { startServer, type RunningServer } from '../../src/serve/server.js'
import { writeFixture } from '../browser/fixtures.js'
import { avgcon, tempDir } from '../helpers/cli.js'
import { bodyOf, get } from './helpers.js'

const TOKEN = 'a-test-token'
const { dir, cleanup } = tempDir('avgcon-serve-estimate-')
const served = join(dir, 'served')
let s: RunningServer

/** Server-Sent Events of a reply body, in order. */
function events(body: string): { event: string; data: unknown }[] {
  return body
    .split('\n\n')
    .filter((b) => b.startsWith('event: '))
    .map((b) => {
      const [event, data] = b.split('\n')
      return { event: event!.slice('event: '.length), data: JSON.parse(data!.slice('data: '.length)) }
    })
}

beforeAll(async () => {
  mkdirSync(served)
  await writeFixture(served)
  writeFileSync(join(dir, 'outside.npy'), '')
  s = await startServer({ port: 0, dirs: await resolveDirs([served]), explorer: '', token: TOKEN })
})
afterAll(async () => {
  await s?.close()
  cleanup()
})

describe('avgcon serve: estimates streamed as Server-Sent Events', () => {
  it('lists embedding files as such', async () => {
    const list = JSON.parse(bodyOf(await get(s.port, '/api/files'))) as { path: string; kind: string }[]
    // By extension: a .tsv may hold names rather than vectors; estimating it then fails with the loader's message.
    expect(list.map((f) => [f.path, f.kind])).toEqual([
      ['items.npy', 'embeddings'],
      ['names.tsv', 'embeddings'],
    ])
  })

  it('streams progress, then the results `avgcon estimate --json` prints for the same options', async () => {
    const reply = await get(s.port, `/api/estimate?token=${TOKEN}&dir=0&path=items.npy&k=2..6&ci=0.05&seed=2&center=1`)
    expect(reply.status).toBe(200)
    expect(reply.text).toMatch(/Content-Type: text\/event-stream/)
    const stream = events(bodyOf(reply).replace(/^[0-9a-f]+\r\n|\r\n[0-9a-f]+\r\n/g, '')) // undo chunked transfer encoding
    expect(stream.length).toBeGreaterThan(1)
    expect(stream.slice(0, -1).every((e) => e.event === 'progress')).toBe(true)
    const last = stream.at(-1)!
    expect(last.event).toBe('result')
    const cli = JSON.parse(
      avgcon([
        'estimate',
        join(served, 'items.npy'),
        '--k',
        '2..6',
        '--ci',
        '0.05',
        '--seed',
        '2',
        '--center',
        '--json',
      ]).stdout,
    )
    const strip = (v: unknown) => JSON.parse(JSON.stringify(v, (key, x) => (key === 'seconds' ? undefined : x)))
    expect(strip(last.data)).toEqual(strip(cli))
  })

  it('needs the page token, stays inside the served directories, and reports bad options as a failed event', async () => {
    expect((await get(s.port, '/api/estimate?dir=0&path=items.npy')).status).toBe(403)
    expect((await get(s.port, '/api/estimate?token=wrong&dir=0&path=items.npy')).status).toBe(403)
    expect((await get(s.port, `/api/estimate?token=${TOKEN}&dir=0&path=../outside.npy`)).status).toBe(403)
    expect((await get(s.port, `/api/estimate?token=${TOKEN}&dir=0&path=missing.npy`)).status).toBe(404)
    const bad = await get(s.port, `/api/estimate?token=${TOKEN}&dir=0&path=items.npy&k=2..5000`)
    expect(events(bodyOf(bad).replace(/^[0-9a-f]+\r\n|\r\n[0-9a-f]+\r\n/g, ''))).toEqual([
      { event: 'failed', data: { message: 'k: set size k=401 exceeds the number of items N=400; use k <= 400.' } },
    ])
  })

  it('answers 404 for estimates when the server has no token', async () => {
    const plain = await startServer({ port: 0, dirs: await resolveDirs([served]), explorer: '' })
    try {
      expect((await get(plain.port, `/api/estimate?token=${TOKEN}&dir=0&path=items.npy`)).status).toBe(404)
    } finally {
      await plain.close()
    }
  })
})
