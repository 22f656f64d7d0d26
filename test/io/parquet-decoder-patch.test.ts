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
