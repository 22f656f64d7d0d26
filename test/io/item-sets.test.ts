import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { detectSetFormat, loadItemSets, loadNames, parseSetFormat } from '../../src/io/item-sets.js'
import { setWarnSink } from '../../src/errors.js'
import { tempDir } from '../helpers/cli.js'

const { dir, cleanup } = tempDir('avgcon-item-sets-')
afterAll(cleanup)
const file = (name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

describe('detectSetFormat', () => {
  it('reads user-item logs (any separator, a header allowed) as interactions', async () => {
    expect(await detectSetFormat(file('a.tsv', 'user\titem\trating\nu1\ti1\t5\nu1\ti2\t3\nu2\ti1\t4\n'))).toBe(
      'interactions',
    )
    expect(await detectSetFormat(file('b.dat', '1::10::5::978300760\n1::11::3::978300761\n'))).toBe('interactions')
    expect(await detectSetFormat(file('c.csv', 'u1,i1\nu2,i2\nu3,i1\n'))).toBe('interactions')
    // Quoted numbers are still numbers (the log loader unquotes fields the same way).
    expect(await detectSetFormat(file('q.csv', 'u1,i1,"5"\nu2,i2,"3"\n'))).toBe('interactions')
  })

  it('reads id-prefixed or ragged lines as one set per line', async () => {
    expect(await detectSetFormat(file('d.txt', 'p1: a b c\np2: d e\n'))).toBe('lines')
    expect(await detectSetFormat(file('e.txt', 'a b c d e\nf g\nh i j k l m\n'))).toBe('lines')
    expect(await detectSetFormat(file('f.txt', '# only a comment\n'))).toBe('lines')
  })
})

describe('loadItemSets', () => {
  const ids = ['i1', 'i2', 'i3']

  it('matches ids to rows, merges repeats and counts what it skips', async () => {
    const warnings: string[] = []
    const previous = setWarnSink((m) => warnings.push(m))
    try {
      const log = file('log.tsv', 'u1\ti1\t2\nu1\ti1\t3\nu1\ti3\t1\nu2\tnope\t1\n')
      const got = await loadItemSets(log, 'interactions', ids, 'items.npy', true)
      expect(got.sets).toEqual([{ id: 'u1', items: Int32Array.from([0, 2]), weights: Float32Array.from([5, 1]) }])
      expect(got).toMatchObject({ skippedItems: 1, droppedSets: 1, interactions: 4 })
      expect(warnings).toHaveLength(1)
    } finally {
      setWarnSink(previous)
    }
  })

  it('refuses weights for one-set-per-line files and files that share no id', async () => {
    const lines = file('lines.txt', 'p1: i1 i2\n')
    await expect(loadItemSets(lines, 'lines', ids, 'items.npy', true)).rejects.toThrow(
      expect.objectContaining({ field: 'weights' }),
    )
    const other = file('other.txt', 'p1: x y\n')
    await expect(loadItemSets(other, 'lines', ids, 'items.npy', false)).rejects.toThrow(/none of the item ids/)
  })

  it('parses the layout names', () => {
    expect(parseSetFormat('lines')).toBe('lines')
    expect(() => parseSetFormat('csv')).toThrow('sets: unknown layout "csv"; use interactions, lines or auto.')
  })
})

describe('loadNames', () => {
  it('reads u.item and id<TAB>name files, the first separator splitting', async () => {
    const names = await loadNames(file('u.item', '1|Toy Story (1995)|01-Jan-1995||http://x|0\n2|"Heat"|x\n'))
    expect([...names]).toEqual([
      ['1', 'Toy Story (1995)'],
      ['2', 'Heat'],
    ])
    expect([...(await loadNames(file('n.tsv', 'a\tAlpha, the first\n')))]).toEqual([['a', 'Alpha, the first']])
    await expect(loadNames(file('bad.txt', 'nosep\n'))).rejects.toThrow('line 1: expected')
  })
})
