/**
 * The input traps of issue 13 (item 3) in the library: a headerless CSV whose column 1
 * holds numeric ids, the warning when such a column is read as a dimension, and names
 * files with more columns than id and name.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setWarnSink } from '../../src/errors.js'
import { loadNames } from '../../src/io/item-sets.js'
import { loadEmbeddings } from '../../src/io/registry.js'
import { loadRunInput } from '../../src/runs/input.js'
import { tempDir } from '../helpers/cli.js'

const { dir, cleanup } = tempDir('avgcon-input-traps-')
afterAll(cleanup)
const file = (name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

/** `rows` lines `i,v1,v2,v3` with i counting from `start`: column 1 looks like an id. */
function countingCsv(name: string, rows: number, start = 1, header?: string): string {
  const lines = Array.from({ length: rows }, (_, i) => [start + i, 0.5 * i - 1, (i % 3) / 4, -0.25].join(','))
  return file(name, (header ? [header, ...lines] : lines).join('\n') + '\n')
}

let warnings: string[] = []
let previous: ReturnType<typeof setWarnSink>
beforeEach(() => {
  warnings = []
  previous = setWarnSink((m) => warnings.push(m))
})
afterEach(() => {
  setWarnSink(previous)
})

describe('idColumn and header of a text file through a run source', () => {
  it('reads column 1 as ids with idColumn 1 (or "1"), and as a dimension with none', async () => {
    const path = countingCsv('ids.csv', 5)
    for (const idColumn of [1, '1']) {
      const { embeddings: e } = await loadRunInput({ file: path, idColumn })
      expect([e.n, e.d]).toEqual([5, 3])
      expect(e.ids).toEqual(['1', '2', '3', '4', '5'])
    }
    const { embeddings: plain } = await loadRunInput({ file: path, idColumn: 'none' })
    expect([plain.n, plain.d, plain.ids]).toEqual([5, 4, undefined])
    expect(warnings).toEqual([])
  })

  it('takes the header name of column 1, and the header option', async () => {
    const path = countingCsv('named.csv', 4, 1, 'n,a,b,c')
    const { embeddings: e } = await loadRunInput({ file: path, idColumn: 'n' })
    expect(e.ids).toEqual(['1', '2', '3', '4'])
    // Told there is no header, "n,a,b,c" is a data line: its text cells are refused.
    await expect(loadRunInput({ file: path, header: false })).rejects.toThrow(/line 1/)
    const { embeddings: h } = await loadRunInput({ file: countingCsv('h.csv', 4, 1), header: true, idColumn: 1 })
    expect([h.n, h.d]).toEqual([3, 3])
  })

  it('refuses column numbers other than 1, unknown names and names without a header', async () => {
    const path = countingCsv('bad.csv', 4, 1, 'n,a,b,c')
    for (const [idColumn, message] of [
      [0, /"0" is not a column number; columns count from 1/],
      ['-1', /"-1" is not a column number/],
      [3, /csv files hold ids in column 1 only/],
      ['b', /the id column "b" is column 3, but text files hold ids in column 1 only/],
      ['zz', /no header column is named "zz"/],
    ] as const) {
      await expect(loadRunInput({ file: path, idColumn }), String(idColumn)).rejects.toMatchObject({
        field: 'idColumn',
        message,
      })
    }
    await expect(loadRunInput({ file: countingCsv('nohead.csv', 4), idColumn: 'id' })).rejects.toThrow(
      /the id column is named "id" but the file has no header line/,
    )
  })
})

describe('a column 1 counting 1..N read as a dimension', () => {
  it('warns, naming the file and the option in library and CLI words', async () => {
    const path = countingCsv('count1.csv', 6)
    const e = await loadEmbeddings(path)
    expect([e.n, e.d]).toEqual([6, 4])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(`${path}: the first column counts 1..6 like an id`)
    expect(warnings[0]).toContain('the idColumn option (--id-column on the command line)')
    expect(warnings[0]).toContain('--id-column 1')
    expect(warnings[0]).toContain('--id-column none')
  })

  it('warns for 0..N-1 and for a header not named like an id', async () => {
    await loadEmbeddings(countingCsv('count0.csv', 4, 0))
    await loadEmbeddings(countingCsv('named.csv', 5, 1, 'n,a,b,c'))
    expect(warnings.map((w) => /counts (\S+) like/.exec(w)?.[1])).toEqual(['0..3', '1..5'])
  })

  it('is silent when idColumn is set, under 3 rows, or when column 1 does not count', async () => {
    const path = countingCsv('quiet.csv', 5)
    await loadEmbeddings(path, { idColumn: false })
    await loadEmbeddings(path, { idColumn: true })
    await loadEmbeddings(countingCsv('two.csv', 2))
    await loadEmbeddings(countingCsv('from2.csv', 5, 2))
    await loadEmbeddings(file('gap.csv', '1,0.5,1\n2,0.5,1\n4,0.5,1\n'))
    await loadEmbeddings(file('one.csv', '1\n2\n3\n'))
    expect(warnings).toEqual([])
  })
})

describe('loadNames with more columns than id and name', () => {
  const artists = 'id\tname\turl\tpictureURL\n1\tMALICE MIZER\thttp://www.last.fm/music/MALICE+MIZER\thttp://x/1.jpg\n'

  it('takes column 2 of a tab-separated file, not the rest of the line', async () => {
    const names = await loadNames(file('artists.dat', artists))
    expect(names.get('1')).toBe('MALICE MIZER')
    expect(names.get('id')).toBe('name')
  })

  it('takes the column asked for, and refuses one a line lacks or one below 2', async () => {
    const path = file('artists2.dat', artists)
    expect((await loadNames(path, { column: 3 })).get('1')).toBe('http://www.last.fm/music/MALICE+MIZER')
    expect((await loadNames(file('u.item', '1|Toy Story|1995|x\n'), { column: 3 })).get('1')).toBe('1995')
    expect((await loadNames(file('c.csv', '1,Alpha, the first\n'))).get('1')).toBe('Alpha, the first')
    await expect(loadNames(path, { column: 5 })).rejects.toThrow(/line 1: has 4 columns, so no name in column 5/)
    await expect(loadNames(path, { column: 1 })).rejects.toMatchObject({ field: 'namesColumn' })
  })
})
