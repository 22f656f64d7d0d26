import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatBytes } from '../../src/cli/output.js'
import { avgcon, tempDir } from '../helpers/cli.js'

const SYN = ['--synthetic', 'rademacher', '--n', '200', '--d', '8']

/** A tiny interaction log: 30 users, 20 items, 6 interactions each. */
function interactions(dir: string): string {
  const path = join(dir, 'u.tsv')
  const lines: string[] = []
  for (let u = 0; u < 30; u++) for (let j = 0; j < 6; j++) lines.push(`u${u}\ti${(u * 7 + j * 3) % 20}\t1`)
  writeFileSync(path, lines.join('\n') + '\n')
  return path
}

describe('output traps (issue 13, items 3 and 6)', () => {
  it('align --sweep --plot is refused before training: the sweep has no figure', () => {
    const t = tempDir()
    try {
      const r = avgcon(['align', '--sweep', '--interactions', interactions(t.dir), '--plot', join(t.dir, 's.png')])
      expect(r.code).toBe(2)
      expect(r.stderr.trim()).toBe('avgcon: --plot: avgcon align --sweep has no figure to draw; leave --plot out.')
      expect(r.stdout).toBe('')
    } finally {
      t.cleanup()
    }
  })
  it('a bad --plot extension is refused before any work on align too', () => {
    const r = avgcon(['align', ...SYN, '--transform', 'normalize', '--plot', 'curves.pdf'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--plot|image format/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })
  it('--out names the file and its size on stderr in one line; --quiet silences it', () => {
    const t = tempDir()
    try {
      const out = join(t.dir, 'diagnosis.json')
      const args = ['diagnose', ...SYN, '--samples', '50', '--out', out]
      const r = avgcon(args)
      expect(r.code).toBe(0)
      expect(r.stdout).toBe('')
      const size = readFileSync(out).length
      expect(r.stderr).toContain(`avgcon: wrote ${out} (${formatBytes(size)})\n`)
      expect(JSON.parse(readFileSync(out, 'utf8'))).toBeTruthy()
      const q = avgcon([...args, '--quiet'])
      expect(q.code).toBe(0)
      expect(q.stderr).not.toContain('wrote')
    } finally {
      t.cleanup()
    }
  })
  it('align --out says what it wrote, the embeddings and their ids, in one line', () => {
    const t = tempDir()
    try {
      const out = join(t.dir, 'aligned.npy')
      const r = avgcon([
        'align',
        ...SYN,
        '--transform',
        'normalize',
        '--k',
        '2',
        '--samples',
        '20',
        '--out',
        out,
        '--json',
      ])
      expect(r.code).toBe(0)
      expect(JSON.parse(r.stdout)).toBeTruthy()
      const lines = r.stderr.split('\n').filter((l) => l.includes('wrote'))
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(new RegExp(`^avgcon: wrote .*aligned\\.npy \\(\\d+(\\.\\d)? k?B\\)`))
    } finally {
      t.cleanup()
    }
  })
  it('formatBytes uses decimal units with one decimal', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(12_345)).toBe('12.3 kB')
    expect(formatBytes(4_560_000)).toBe('4.6 MB')
    expect(formatBytes(999_999)).toBe('1.0 MB')
  })
})
