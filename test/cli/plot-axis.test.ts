/**
 * --ylim, --ylog and --plot x.pdf (issue 13 item 2): checked before any work, one
 * sentence and exit 2 when wrong; a good range reaches the figure.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { avgcon, tempDir } from '../helpers/cli.js'
import { describeBadInput } from './spawn.js'

const t = tempDir('avgcon-plot-axis-')
afterAll(() => t.cleanup())

const THEORY = ['--n', '1e6', '--d', '32', '--law', 'normal', '--k', '2..20:6', '--method', 'prop2']
const ESTIMATE = ['--synthetic', 'rademacher', '--n', '200', '--d', '8', '--k', '2', '--samples', '10']

describeBadInput(
  'theory',
  [
    ['--ylim with one number', [...THEORY, '--ylim', '0.5'], /^avgcon: --ylim: "0\.5" must be two numbers "lo,hi"/],
    ['--ylim with text', [...THEORY, '--ylim', 'a,b'], /--ylim: "a,b" must be two numbers/],
    ['--ylim with three numbers', [...THEORY, '--ylim', '0,0.5,1'], /must be two numbers/],
    ['--ylim reversed', [...THEORY, '--ylim', '0.5,0.1'], /--ylim: "0\.5,0\.1" needs lo < hi/],
    ['--ylim empty end', [...THEORY, '--ylim', '0,'], /must be two numbers/],
    ['--ylim from 0 with --ylog', [...THEORY, '--ylim', '0,1', '--ylog'], /a --ylog axis needs lo > 0/],
  ],
  t.dir,
)

describeBadInput('estimate', [['--ylim reversed on estimate', [...ESTIMATE, '--ylim', '1,0'], /needs lo < hi/]], t.dir)

describe('--ylim, --ylog and .pdf end to end', () => {
  it('--ylim or --ylog without --plot exits 2 before any work', () => {
    for (const [flag, ...rest] of [['--ylim', '0,1'], ['--ylog']]) {
      const r = avgcon(['theory', ...THEORY, flag!, ...rest])
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr.trim()).toBe(`avgcon: ${flag} only applies with --plot FILE.`)
    }
  })
  it('--plot x.pdf exits 2 saying PDF is not supported, and writes nothing', () => {
    const pdf = join(t.dir, 'x.pdf')
    const r = avgcon(['estimate', ...ESTIMATE, '--plot', pdf])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/PDF is not supported .*use \.svg .* or \.png\./)
    expect(existsSync(pdf)).toBe(false)
  })
  it('a good --ylim and --ylog draw the figure', () => {
    const svg = join(t.dir, 'ok.svg')
    const r = avgcon(['theory', ...THEORY, '--plot', svg, '--ylim', '0.01,1', '--ylog', '--quiet'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toBe('')
    expect(readFileSync(svg, 'utf8')).toContain('Consistency_k')
  })
})
