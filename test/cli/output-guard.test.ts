import { spawn } from 'node:child_process'
import { existsSync, linkSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveNpy } from '../../src/io/index.js'
import { tempDir } from '../helpers/cli.js'
import { avgconAll } from './spawn.js'

const ATOMIC = join(import.meta.dirname, '..', '..', 'dist', 'io', 'atomic.js')
const { dir, cleanup } = tempDir('avgcon-guard-')
afterAll(cleanup)
const file = (name: string): string => join(dir, name)

// Small but real inputs: the guard must refuse before reading them, and leave their bytes as they were.
const rows = Array.from({ length: 40 }, (_, i) => `i${i},${Math.sin(i)},${Math.cos(i)},${Math.sin(2 * i)}`)
writeFileSync(file('X.csv'), 'id,a,b,c\n' + rows.join('\n') + '\n')
beforeAll(async () => {
  const n = 40
  const data = Float32Array.from({ length: n * 3 }, (_, i) => Math.sin(i * 1.7))
  await saveNpy(file('X.npy'), { n, d: 3, data, ids: Array.from({ length: n }, (_, i) => `i${i % 11}x${i}`) })
})
const log = Array.from({ length: 60 }, (_, i) => `u${i % 7}\ti${(i * 5) % 11}\t${1 + (i % 3)}`)
writeFileSync(file('L.tsv'), log.join('\n') + '\n')
writeFileSync(file('U.data'), log.join('\n') + '\n')
symlinkSync(file('X.csv'), file('link.csv'))
linkSync(file('L.tsv'), file('hard.tsv'))

const bytes = (names: string[]): string[] => names.map((n) => readFileSync(file(n)).toString('base64'))
const inputs = ['X.csv', 'X.npy', 'X.npy.ids.txt', 'L.tsv', 'U.data']

describe('outputs never overwrite inputs', () => {
  it('refuses every output that is an input (also through a symlink or a hard link), exit 2, input bytes unchanged', async () => {
    const before = bytes(inputs)
    const cases: [string[], RegExp][] = [
      [['train', 'als', file('L.tsv'), '--out', file('L.tsv')], /--out: .*L\.tsv is the interactions argument/],
      [['estimate', file('X.csv'), '--out', file('X.csv')], /--out: .*X\.csv is the file argument/],
      [['sets', file('X.npy'), '--sets', file('U.data'), '--out', file('U.data')], /--out: .*U\.data is --sets/],
      [
        ['align', file('X.npy'), '--transform', 'center', '--out', file('X.npy')],
        /--out: .*X\.npy is the file argument/,
      ],
      [['estimate', file('X.csv'), '--out', file('link.csv')], /link\.csv is the file argument/],
      [['train', 'als', file('hard.tsv'), '--out', file('L.tsv')], /L\.tsv is the interactions argument/],
      [['estimate', file('X.csv'), '--plot', file('X.csv')], /--plot: .*X\.csv is the file argument/],
      [['estimate', file('X.csv'), '--out', file('r.json'), '--plot', file('r.json')], /also written by --out/],
    ]
    const runs = await avgconAll(cases.map(([args]) => args))
    runs.forEach((r, i) => {
      expect(r.code, cases[i]![0].join(' ')).toBe(2)
      expect(r.stderr).toMatch(cases[i]![1])
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stdout).toBe('')
    })
    expect(bytes(inputs)).toEqual(before)
    expect(existsSync(file('r.json'))).toBe(false)
  })

  it('a run that fails after drawing its --plot leaves no --plot behind', async () => {
    const [r] = await avgconAll([
      ['estimate', file('X.csv'), '--k', '2', '--samples', '50', '--plot', file('p.svg'), '--out', file('no/r.json')],
    ])
    expect(r!.code).toBe(2)
    expect(existsSync(file('p.svg'))).toBe(false)
    const [ok] = await avgconAll([
      ['estimate', file('X.csv'), '--k', '2', '--samples', '50', '--plot', file('p.svg'), '--out', file('r.json')],
    ])
    expect(ok!.code).toBe(0)
    expect(existsSync(file('p.svg')) && existsSync(file('r.json'))).toBe(true)
  })
})

describe('signals during a write', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal} while an output is half written removes its temporary file and exits ${code}`, async () => {
      const target = file(`big-${signal}.npy`)
      const script = `
        const { openAtomicWriter } = await import(${JSON.stringify(ATOMIC)})
        const w = await openAtomicWriter(${JSON.stringify(target)})
        await w.write(new Uint8Array(8 << 20))
        process.stdout.write('ready\\n')
        setInterval(() => w.write(new Uint8Array(1 << 20)), 5)`
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
      expect(readdirSync(dir).some((n) => n.startsWith(`.big-${signal}.npy.`))).toBe(true)
      const exit = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)))
      child.kill(signal)
      expect(await exit).toBe(code)
      expect(readdirSync(dir).filter((n) => n.includes(`big-${signal}`))).toEqual([])
    })
  }
})
