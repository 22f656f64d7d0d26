import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { interactionsFromRows, loadInteractions, loadSets, validateInteractions } from '../../src/io/interactions.js'
import { rng } from '../../src/rng.js'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'avgcon-interactions-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function file(name: string, text: string | Buffer): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, text)
  return path
}

/** The log as readable rows [user, item, weight, timestamp?]. */
function rows(x: Awaited<ReturnType<typeof loadInteractions>>): unknown[][] {
  return Array.from(x.user, (u, t) => {
    const r: unknown[] = [x.users[u], x.items[x.item[t]!], x.weight[t]]
    if (x.timestamp) r.push(x.timestamp[t])
    return r
  })
}

describe('loadInteractions formats', () => {
  it('reads MovieLens u.data (tab, no header, rating and timestamp)', async () => {
    const path = await file('u.data', '196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t377\t1\t878887116\n')
    const x = await loadInteractions(path)
    expect(x.users).toEqual(['196', '186'])
    expect(x.items).toEqual(['242', '302', '377'])
    expect(Array.from(x.user)).toEqual([0, 1, 0])
    expect(Array.from(x.item)).toEqual([0, 1, 2])
    expect(Array.from(x.weight)).toEqual([3, 3, 1])
    expect(Array.from(x.timestamp!)).toEqual([881250949, 891717742, 878887116])
  })

  it("reads Last.fm user_artists.dat (tab, header 'userID artistID weight')", async () => {
    const path = await file(
      'user_artists.dat',
      'userID\tartistID\tweight\r\n2\t51\t13883\r\n2\t52\t11690\r\n3\t51\t228\r\n',
    )
    const x = await loadInteractions(path)
    expect(rows(x)).toEqual([
      ['2', '51', 13883],
      ['2', '52', 11690],
      ['3', '51', 228],
    ])
    expect(x.timestamp).toBeUndefined()
  })

  it('picks columns by header name when the header names user and item', async () => {
    const path = await file('named.csv', 'item,user,rating\nbook1,alice,5\nbook2,bob,2\n')
    expect(rows(await loadInteractions(path))).toEqual([
      ['alice', 'book1', 5],
      ['bob', 'book2', 2],
    ])
    const ml = await file('ratings.csv', 'userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n')
    expect(rows(await loadInteractions(ml))).toEqual([['1', '31', 2.5, 1260759144]])
    const pairs = await file('pairs.csv', 'user_id,item_id\n7,8\n')
    expect(rows(await loadInteractions(pairs))).toEqual([['7', '8', 1]])
    const tags = await file('tags.dat', 'userID\ttagID\tartistID\ttimestamp\n2\t13\t52\t1238536800000\n')
    expect(rows(await loadInteractions(tags))).toEqual([['2', '52', 1, 1238536800000]])
  })

  it('reads comma, semicolon, :: and space separated logs, with or without weights', async () => {
    expect(rows(await loadInteractions(await file('a.csv', 'u1,i1\nu2,i1\n')))).toEqual([
      ['u1', 'i1', 1],
      ['u2', 'i1', 1],
    ])
    expect(rows(await loadInteractions(await file('b.csv', 'u1;i1;0.5\n')))).toEqual([['u1', 'i1', 0.5]])
    expect(rows(await loadInteractions(await file('ratings.dat', '1::1193::5::978300760\n')))).toEqual([
      ['1', '1193', 5, 978300760],
    ])
    expect(rows(await loadInteractions(await file('c.txt', 'alice  book  2.5e0\n  bob book 1\n')))).toEqual([
      ['alice', 'book', 2.5],
      ['bob', 'book', 1],
    ])
  })

  it('detects an unnamed header from a text third column, skips comments, blanks and quotes', async () => {
    const path = await file('d.csv', '# exported\n\nwho,what,how much\n"u 1","i1",2\n\nu2,i1,3\n')
    expect(rows(await loadInteractions(path))).toEqual([
      ['u 1', 'i1', 2],
      ['u2', 'i1', 3],
    ])
  })

  it('honours explicit delimiter and header options', async () => {
    const path = await file('e.csv', 'user,item\n')
    expect(rows(await loadInteractions(path, { header: false }))).toEqual([['user', 'item', 1]])
    const spaced = await file('f.txt', 'x y,z\n')
    expect(rows(await loadInteractions(spaced, { delimiter: ' ' }))).toEqual([['x', 'y,z', 1]])
  })

  it('drops a UTF-8 byte-order mark before detecting the header', async () => {
    const path = await file('bom.csv', '\uFEFFuser,item,rating\r\nu,i,4\r\n')
    expect(rows(await loadInteractions(path))).toEqual([['u', 'i', 4]])
  })

  it('round-trips a generated log (ids, weights, timestamps, order)', async () => {
    const r = rng(7)
    const expected: [string, string, number, number][] = []
    for (let t = 0; t < 5000; t++)
      expected.push([`u${r.int(300)}`, `item-${r.int(900)}`, r.int(1000) / 8, 1.6e9 + r.int(1e6)])
    const path = await file('gen.csv', expected.map((row) => row.join(',')).join('\n'))
    const x = await loadInteractions(path)
    expect(rows(x)).toEqual(expected)
    expect(x.users.length).toBe(new Set(expected.map((e) => e[0])).size)
    expect(validateInteractions(x)).toBe(x)
  })
})

describe('loadInteractions errors name the file and line', () => {
  it('missing file, directory, empty file, header only', async () => {
    // Opening errors come from io/file-access.ts, shared by every loader.
    const missing = join(dir, 'nope.csv')
    await expect(loadInteractions(missing)).rejects.toThrow(`${missing}: no such file or directory`)
    await expect(loadInteractions(missing)).rejects.toBeInstanceOf(InputError)
    const sub = join(dir, 'sub')
    await mkdir(sub)
    await expect(loadInteractions(sub)).rejects.toThrow(`${sub} is a directory`)
    const zero = await file('zero.csv', '')
    await expect(loadSets(zero)).rejects.toThrow(`${zero} is empty (0 bytes)`)
    const empty = await file('empty.csv', '\n# nothing\n')
    await expect(loadInteractions(empty)).rejects.toThrow(
      `${empty}: the file is empty; expected lines of user,item[,weight][,timestamp].`,
    )
    const header = await file('header.csv', 'user,item,weight\n')
    await expect(loadInteractions(header)).rejects.toThrow(`${header}: holds a header but no interactions.`)
  })

  it('missing columns, non-numeric weight or timestamp, empty id', async () => {
    const cols = await file('cols.tsv', '1\t2\t3\n\n4\n')
    await expect(loadInteractions(cols)).rejects.toThrow(
      `${cols}, line 3: found 1 column, expected 3 (user, item[, weight][, timestamp]).`,
    )
    const weight = await file('weight.csv', 'u,i,1\nu,j,abc\n')
    await expect(loadInteractions(weight)).rejects.toThrow(`${weight}, line 2: weight "abc" is not a number.`)
    // Negative weights and weights that overflow the 32-bit store: refused at their line.
    const negative = await file('negative.tsv', 'u\ti\t1\n# note\nu\tj\t2\nv\ti\t1\nv\tk\t0\nw\ti\t-3\n')
    await expect(loadInteractions(negative)).rejects.toThrow(
      `${negative}, line 6: weight -3 is negative; weights must be finite and >= 0.`,
    )
    const huge = await file('huge.csv', 'u,i,1\nu,j,1e39\n')
    await expect(loadInteractions(huge)).rejects.toThrow(
      `${huge}, line 2: weight 1e39 is not finite as a 32-bit float (|w| <= 3.4e38); weights must be finite and >= 0.`,
    )
    const inf = await file('inf.csv', 'u,i,1\nu,j,1e999\n')
    await expect(loadInteractions(inf)).rejects.toThrow(`${inf}, line 2: weight 1e999 is not finite`)
    const time = await file('time.csv', 'u,i,1,100\nu,j,2,100\nu,k,3,2020-01-01\n')
    await expect(loadInteractions(time)).rejects.toThrow(
      `${time}, line 3: timestamp "2020-01-01" is not a number (use Unix time).`,
    )
    const id = await file('id.csv', 'u,i\n,j\n')
    await expect(loadInteractions(id)).rejects.toThrow(`${id}, line 2: empty user id.`)
  })

  it('throws InputError (exit code 2), not a bare Error', async () => {
    const weight = await file('weight2.csv', 'u,i,x1\nu,i,2\n')
    await expect(loadInteractions(weight, { header: false })).rejects.toBeInstanceOf(InputError)
  })
})

describe('loadSets', () => {
  it('reads id-prefixed, plain and comma-separated sets; drops repeats', async () => {
    const path = await file('sets.txt', 's1: a b c\n# comment\nd,e, f\n\nx y x\n')
    expect(await loadSets(path)).toEqual({
      ids: ['s1', '3', '5'],
      sets: [
        ['a', 'b', 'c'],
        ['d', 'e', 'f'],
        ['x', 'y'],
      ],
    })
  })

  it('keeps colons inside item ids and reads a first-column id on request', async () => {
    const path = await file('uris.txt', 'spotify:track:1 spotify:track:2\n')
    expect((await loadSets(path)).sets).toEqual([['spotify:track:1', 'spotify:track:2']])
    const cols = await file('cols.txt', 'p1\ta\tb\np2 c\n')
    expect(await loadSets(cols, { idColumn: true })).toEqual({ ids: ['p1', 'p2'], sets: [['a', 'b'], ['c']] })
  })

  it('errors: empty file and a set with no items', async () => {
    const empty = await file('nosets.txt', '\n')
    await expect(loadSets(empty)).rejects.toThrow(`${empty}: the file is empty; expected one set of item ids per line.`)
    const bare = await file('bare.txt', 'a b\ns9:\n')
    await expect(loadSets(bare)).rejects.toThrow(`${bare}, line 2: set "s9" has no items.`)
  })
})

describe('in-memory logs', () => {
  it('interactionsFromRows maps ids in order of first appearance', () => {
    const x = interactionsFromRows([
      ['a', 1],
      ['b', 2, 3],
      ['a', 2],
    ])
    expect(x.users).toEqual(['a', 'b'])
    expect(x.items).toEqual(['1', '2'])
    expect(Array.from(x.weight)).toEqual([1, 3, 1])
    expect(x.timestamp).toBeUndefined()
  })

  it('validateInteractions names the bad entry', () => {
    const x = interactionsFromRows([['a', 1]])
    expect(() => validateInteractions({ ...x, item: Int32Array.of(3) })).toThrow(
      'interactions: interaction 0 has item index 3, outside 0..0.',
    )
    expect(() => validateInteractions({ ...x, weight: Float32Array.of(NaN) })).toThrow(
      'interactions: interaction 0 (0-based) has weight NaN; weights must be finite and >= 0.',
    )
    expect(() => validateInteractions({ ...x, weight: Float32Array.of(-1) })).toThrow(
      'interactions: interaction 0 (0-based) has weight -1; weights must be finite and >= 0.',
    )
    expect(() => validateInteractions({ ...x, user: Int32Array.of(0, 0) })).toThrow(
      'interactions: user, item, weight and timestamp arrays differ in length (2, 1, 1, 2).',
    )
  })
})
