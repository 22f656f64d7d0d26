/**
 * The patched hyparquet RLE/bit-packed reader (patches/hyparquet+1.33.0.patch) ends
 * on the damaged pages that made it loop forever or grow an array until V8 aborted.
 * Each decode runs in its own process with a time limit, so a missing patch fails
 * this test instead of freezing it.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/cli.js'
import { parquetCases, writeCases } from './hostile-corpus.js'

const { dir, cleanup } = tempDir('avgcon-rle-patch-')
afterAll(cleanup)

// page112: a v2 page header without repetition_levels_byte_length (NaN offset, endless loop);
// page11: an RLE count far beyond the page's values (array growth until V8 aborts).
const cases = parquetCases(1).filter((c) => c.name === 'page112.parquet' || c.name === 'page11.parquet')
const paths = writeCases(dir, cases)

const DECODE = `
import { parquetReadObjects } from 'hyparquet'
import { readFileSync } from 'node:fs'
const b = readFileSync(process.argv[1])
try { await parquetReadObjects({ file: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) }); console.log('decoded') }
catch (e) { console.log('error: ' + e.message) }`

describe('hyparquet on pages that used to hang', () => {
  it.each(paths)('%s ends with an error within 10 s', (path) => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', DECODE, path], {
      cwd: join(import.meta.dirname, '..', '..'),
      encoding: 'utf8',
      timeout: 10_000,
    })
    expect(r.signal).toBeNull() // not killed by the time limit, not aborted by V8
    expect(r.stdout).toMatch(/^error: parquet (invalid rle\/bit-packed block|rle\/bit-packed data ends)/)
  })
})

describe('a damaged column chunk is located in the message', () => {
  // page3 (seed 20261202) damages a page header of the vector column in the second
  // row group of ten rows; the message names the row group, its rows and its bytes.
  const [page3] = writeCases(dir, [parquetCases(20261202)[3]!])
  it('names the row group, its rows and the chunk bytes', async () => {
    const { decodeParquet } = await import('../../src/io/parquet.js')
    const error = await decodeParquet(page3!).then(
      () => undefined,
      (e: unknown) => e as Error,
    )
    expect(error?.message).toMatch(
      /page3\.parquet: cannot read the Parquet column emb \(.+\) in row group 2, rows 11-20, file bytes (\d+)-(\d+); the file is damaged or truncated: re-create it\.$/,
    )
    const [, start, end] = /file bytes (\d+)-(\d+)/.exec(error!.message)!
    expect(Number(end)).toBeGreaterThan(Number(start))
  })
})
