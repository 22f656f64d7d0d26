import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveNpy } from '../../src/io/index.js'
import { avgcon, tempDir } from '../helpers/cli.js'
import { logNormalNorms } from '../transform/helpers.js'

const { dir, cleanup } = tempDir()
const file = (name: string) => join(dir, name)

beforeAll(async () => {
  const e = logNormalNorms(1500, 16, 1, 4)
  await saveNpy(file('items.npy'), { ...e, ids: Array.from({ length: e.n }, (_, i) => `item${i}`) })
  // u.item-style names by id (as `sets` reads them); item1499 is left unnamed.
  writeFileSync(file('names.txt'), Array.from({ length: 1499 }, (_, i) => `item${i}|song ${i}|1997`).join('\n') + '\n')
  writeFileSync(file('bad-names.txt'), 'no separator here\n')
})
afterAll(cleanup)

describe('avgcon diagnose', () => {
  it('prints every section and a verdict naming norms on the planted model', () => {
    const r = avgcon(['diagnose', file('items.npy'), '--samples', '500'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    for (const section of ['Norms', 'Hubness', 'Moments', 'Anisotropy', 'Verdict'])
      expect(r.stdout).toContain(`\n${section}\n`)
    expect(r.stdout).toMatch(/Dominant cause: item norms/)
    expect(r.stdout).toMatch(/top hubs: item\d+ \(\d+\)/)
  })

  it('uses --names for the hubs and prints one results JSON with diagnostics', () => {
    const r = avgcon([
      'diagnose',
      file('items.npy'),
      '--names',
      file('names.txt'),
      '--samples',
      '300',
      '--k',
      '5',
      '--item-hubness',
      '200',
      '--json',
    ])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j).toMatchObject({
      command: 'diagnose',
      settings: { k: 5, samples: 300, itemHubness: 200 },
      input: { n: 1500, d: 16 },
    })
    expect(j.diagnostics.hubness.averages.top[0].id).toMatch(/^song \d+$/)
    expect(j.diagnostics.hubness.items.queries).toBe(200)
    expect(j.diagnostics.verdict.cause).toBe('norms')
  })

  it('draws the norm histogram with --plot', () => {
    const r = avgcon(['diagnose', file('items.npy'), '--samples', '100', '--plot', file('norms.svg'), '--quiet'])
    expect(r.code).toBe(0)
  })

  it('rejects a names file it cannot read in one sentence, exit 2', () => {
    const r = avgcon(['diagnose', file('items.npy'), '--names', file('bad-names.txt')])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(
      `avgcon: ${file('bad-names.txt')}, line 1: expected "id|name", "id<TAB>name" or "id,name", found no separator.\n`,
    )
  })
})
