/**
 * Ids must not keep the text they were cut from alive: V8 substrings can be
 * views into their parent string, so ids taken from 1 MiB chunks would pin the
 * whole file in memory as strings.
 */
import { writeFileSync } from 'node:fs'
import v8 from 'node:v8'
import vm from 'node:vm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { detachString } from '../../src/io/line-reader.js'
import { loadEmbeddings } from '../../src/io/registry.js'
import { makeTempDir } from './helpers.js'

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

let tmp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  tmp = makeTempDir()
})
afterEach(() => tmp.cleanup())

/** JS heap plus external memory: Node keeps large decoded chunks as external strings. */
function heapAfterGc(): number {
  gc()
  gc()
  const { heapUsed, external } = process.memoryUsage()
  return heapUsed + external
}

describe('memory held by loaded ids', () => {
  it('detachString keeps the text', () => {
    expect(detachString('a long identifier of many characters')).toBe('a long identifier of many characters')
    expect(detachString('')).toBe('')
  })

  for (const [format, extension, header] of [
    ['csv', 'csv', 'id,' + 'v,'.repeat(199) + 'v\n'],
    ['word2vec', 'vec', '8000 200\n'],
  ] as const) {
    it(`${format}: ids of a 13 MiB file hold far less than the file`, async () => {
      const row = Array.from({ length: 200 }, (_, j) => (j / 7).toFixed(6)).join(extension === 'csv' ? ',' : ' ')
      const lines = Array.from(
        { length: 8000 },
        (_, i) => `identifier_number_${String(i).padStart(6, '0')}${extension === 'csv' ? ',' : ' '}${row}`,
      )
      const path = tmp.path(`m.${extension}`)
      writeFileSync(path, header + lines.join('\n') + '\n')
      const before = heapAfterGc()
      const e = await loadEmbeddings(path)
      const held = heapAfterGc() - before
      expect(e.ids).toHaveLength(8000)
      // 8000 ids of 24 characters are well under 1 MiB; pinned chunks would be ~13 MiB.
      expect(held).toBeLessThan(4 * 2 ** 20)
    })
  }
})
