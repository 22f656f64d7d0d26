import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { avgcon, tempDir } from '../helpers/cli.js'

const SYN = ['estimate', '--synthetic', 'rademacher', '--n', '200', '--d', '8', '--k', '2', '--samples', '10']

describe('output flags end to end (issue 13)', () => {
  it('--csv with --json exits 2 before any work', () => {
    const r = avgcon([...SYN, '--csv', '--json'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--csv and --json/)
    expect(r.stdout).toBe('')
  })
  it('an unknown --plot extension exits 2 before any work', () => {
    const r = avgcon([...SYN, '--plot', 'figure.pdf'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--plot/)
  })
  it('--out says on stderr what it wrote', () => {
    const t = tempDir()
    try {
      const out = join(t.dir, 'r.json')
      const r = avgcon([...SYN, '--out', out])
      expect(r.code).toBe(0)
      expect(r.stderr).toContain(`avgcon: wrote ${out} (`)
      expect(JSON.parse(readFileSync(out, 'utf8'))).toBeTruthy()
    } finally {
      t.cleanup()
    }
  })
})
