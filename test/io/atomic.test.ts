import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { openAtomicWriter, withAtomicWriter, writeFileAtomic } from '../../src/io/atomic.js'
import { makeTempDir } from './helpers.js'

let tmp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  tmp = makeTempDir()
})
afterEach(() => tmp.cleanup())

describe('writeFileAtomic', () => {
  it('writes strings, bytes and chunk sequences, leaving no temporary file', async () => {
    await writeFileAtomic(tmp.path('a.txt'), 'héllo\n')
    await writeFileAtomic(tmp.path('b.bin'), Uint8Array.from([1, 2, 3]))
    await writeFileAtomic(tmp.path('c.txt'), ['x', Uint8Array.from([0x79]), 'z'])
    async function* lines() {
      for (let i = 0; i < 3; i++) yield `${i}\n`
    }
    await writeFileAtomic(tmp.path('d.txt'), lines())
    expect(readFileSync(tmp.path('a.txt'), 'utf8')).toBe('héllo\n')
    expect([...readFileSync(tmp.path('b.bin'))]).toEqual([1, 2, 3])
    expect(readFileSync(tmp.path('c.txt'), 'utf8')).toBe('xyz')
    expect(readFileSync(tmp.path('d.txt'), 'utf8')).toBe('0\n1\n2\n')
    expect(readdirSync(tmp.dir).sort()).toEqual(['a.txt', 'b.bin', 'c.txt', 'd.txt'])
  })

  it('writes large outputs made of many small and some big chunks intact', async () => {
    const big = new Uint8Array(3 << 20).map((_, i) => i % 251)
    const parts = ['head', big, 'tail'.repeat(300_000)]
    await writeFileAtomic(tmp.path('big.bin'), parts)
    const written = readFileSync(tmp.path('big.bin'))
    expect(written.length).toBe(4 + big.length + 1_200_000)
    expect(written.subarray(4, 4 + big.length).equals(Buffer.from(big))).toBe(true)
  })

  it('keeps the old file and removes the temporary one when producing the data fails', async () => {
    const path = tmp.write('out.json', 'old')
    async function* failing() {
      yield 'new partial data'
      throw new Error('producer broke')
    }
    await expect(writeFileAtomic(path, failing())).rejects.toThrow('producer broke')
    expect(readFileSync(path, 'utf8')).toBe('old')
    expect(readdirSync(tmp.dir)).toEqual(['out.json'])
  })

  it('replaces an existing file and keeps its permissions', async () => {
    const path = tmp.write('keep.txt', 'old')
    chmodSync(path, 0o640)
    await writeFileAtomic(path, 'new')
    expect(readFileSync(path, 'utf8')).toBe('new')
    expect(statSync(path).mode & 0o777).toBe(0o640)
  })

  it('reports a missing directory, and a directory in the way, as InputErrors', async () => {
    const missing = tmp.path('no/such/dir/out.txt')
    await expect(writeFileAtomic(missing, 'x')).rejects.toThrow(
      new InputError(
        `${missing}: no such file or directory; check the path (relative paths start from ${process.cwd()}).`,
      ),
    )
    mkdirSync(tmp.path('taken'))
    await expect(writeFileAtomic(tmp.path('taken'), 'x')).rejects.toThrow(
      `${tmp.path('taken')} is a directory, not a file; name the file inside it.`,
    )
    expect(readdirSync(tmp.dir)).toEqual(['taken'])
  })
})

describe('openAtomicWriter', () => {
  it('shows nothing at the target until commit, and nothing at all after abort', async () => {
    const path = tmp.path('x.txt')
    const writer = await openAtomicWriter(path)
    await writer.write('data')
    await writer.finish()
    expect(readdirSync(tmp.dir)).toEqual([writer.tempPath.slice(tmp.dir.length + 1)])
    await writer.commit()
    expect(readdirSync(tmp.dir)).toEqual(['x.txt'])
    await writer.abort() // a no-op after commit
    expect(readFileSync(path, 'utf8')).toBe('data')

    const second = await openAtomicWriter(path)
    await second.write('other')
    await second.abort()
    await second.abort()
    expect(readdirSync(tmp.dir)).toEqual(['x.txt'])
    expect(readFileSync(path, 'utf8')).toBe('data')
  })

  it('copies written bytes, so callers may reuse their buffers', async () => {
    const path = tmp.path('reuse.bin')
    await withAtomicWriter(path, async (writer) => {
      const buffer = Uint8Array.from([1, 2])
      await writer.write(buffer)
      buffer.set([3, 4])
      await writer.write(buffer)
    })
    expect([...readFileSync(path)]).toEqual([1, 2, 3, 4])
  })

  it('gives concurrent writers to one directory distinct temporary files', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(tmp.path(`f${i % 4}.txt`), `${i}`)))
    expect(readdirSync(tmp.dir).sort()).toEqual(['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt'])
  })
})
