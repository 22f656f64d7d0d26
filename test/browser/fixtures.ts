/**
 * Inputs shared by the report and explorer tests: a small embedding file with ids
 * (Laplace coordinates, so the moment-matched theory differs from the normal one),
 * sets of item ids, and item names. Seeded: the same files on every run.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { saveNpy } from '../../src/io/index.js'
import { rng } from '../../src/rng.js'
import { generate } from '../../src/synthetic/index.js'

/** Paths of the fixture files in a directory. */
export interface Fixture {
  items: string
  sets: string
  names: string
}

/** Writes items.npy (+ ids sidecar), sets.txt and names.tsv into `dir`. */
export async function writeFixture(dir: string, n = 400, d = 16, sets = 40): Promise<Fixture> {
  const e = generate('laplace', n, d, 7)
  const ids = Array.from({ length: n }, (_, i) => `item${i}`)
  const f: Fixture = { items: join(dir, 'items.npy'), sets: join(dir, 'sets.txt'), names: join(dir, 'names.tsv') }
  await saveNpy(f.items, { ...e, ids })
  const r = rng(11)
  const lines: string[] = []
  for (let s = 0; s < sets; s++) {
    const size = 2 + r.int(8)
    const members = new Set<number>()
    while (members.size < size) members.add(r.int(n))
    lines.push(`s${s}: ${[...members].map((i) => ids[i]).join(' ')}`)
  }
  writeFileSync(f.sets, lines.join('\n') + '\n')
  writeFileSync(f.names, ids.map((id, i) => `${id}\tItem number ${i}`).join('\n') + '\n')
  return f
}

/** Rebuilds the page bundles from web/ (so tests never check a stale bundle); about 1 s. */
export function buildPages(): void {
  const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', '..', 'scripts', 'build-page.mjs')], {
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`build-page failed: ${r.stderr}`)
}

/** Debian's chromium, which the browser tests drive; absent means they are skipped. */
export const CHROMIUM = '/usr/bin/chromium'

/** True when the browser tests can run. */
export const hasChromium = existsSync(CHROMIUM)
