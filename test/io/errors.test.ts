/**
 * Every bad input the loaders and writers report, with its exact message:
 * one sentence naming the file, the line or field, and what to do.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import type { Embeddings } from '../../src/io/embeddings.js'
import { describeFsError } from '../../src/io/file-access.js'
import { MatrixBuilder } from '../../src/io/matrix-builder.js'
import { loadEmbeddings } from '../../src/io/registry.js'
import { saveNpy } from '../../src/io/npy.js'
import { buildNpy, type TempDir, useTempDirAndWarnings } from './helpers.js'

let tmp: TempDir
let warnings: string[]
useTempDirAndWarnings((dir, captured) => {
  tmp = dir
  warnings = captured
})

/** Loads `contents` saved as `name` and expects exactly `message` (with {path} filled in) as an InputError. */
async function expectLoadError(
  name: string,
  contents: string | Uint8Array,
  message: string,
  options = {},
): Promise<void> {
  const path = tmp.write(name, contents)
  const error = await loadEmbeddings(path, options).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(InputError)
  expect((error as Error).message).toBe(message.replaceAll('{path}', path))
}

const matrix: Embeddings = { n: 2, d: 2, data: Float32Array.from([1, 2, 3, 4]) }

describe('file problems', () => {
  it('names a missing file and where relative paths start', async () => {
    const path = tmp.path('nope.csv')
    await expect(loadEmbeddings(path)).rejects.toThrow(
      new InputError(
        `${path}: no such file or directory; check the path (relative paths start from ${process.cwd()}).`,
      ),
    )
  })

  it('refuses a directory, an empty file and unknown extensions', async () => {
    mkdirSync(tmp.path('dir.npy'))
    await expect(loadEmbeddings(tmp.path('dir.npy'))).rejects.toThrow(
      `${tmp.path('dir.npy')} is a directory, not a file; name the file inside it.`,
    )
    await expectLoadError('empty.csv', '', '{path} is empty (0 bytes); check that the program writing it finished.')
    await expectLoadError(
      'x.parquet2',
      'a',
      '{path} has an unknown extension ".parquet2"; known extensions are .csv, .npy, .ssv, .tab, .tsv, .txt, .vec, or name the format (one of npy, csv, tsv, word2vec, txt).',
    )
    await expectLoadError(
      'noext',
      'a',
      '{path} has no file extension; known extensions are .csv, .npy, .ssv, .tab, .tsv, .txt, .vec, or name the format (one of npy, csv, tsv, word2vec, txt).',
    )
    await expectLoadError('x.csv', '1', 'unknown format "hdf5"; known formats are npy, csv, tsv, word2vec, txt.', {
      format: 'hdf5',
    })
  })

  it('says "permission denied" (simulated: tests may run as root) and really, when not root', async () => {
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })
    expect((describeFsError('/x/e.npy', denied) as Error).message).toBe(
      '/x/e.npy: permission denied; give yourself read access (chmod) or use another path.',
    )
    expect((describeFsError('/x/o.csv', denied, 'write') as Error).message).toBe(
      '/x/o.csv: permission denied; give yourself write access (chmod) or use another path.',
    )
    const odd = Object.assign(new Error('EIO: i/o error'), { code: 'EIO' })
    expect((describeFsError('/x/e.npy', odd) as Error).message).toBe('/x/e.npy: cannot read the file (EIO: i/o error).')
    const bug = new TypeError('not an fs error')
    expect(describeFsError('/x', bug)).toBe(bug)
    if (process.getuid?.() === 0) return
    const path = tmp.write('locked.csv', '1,2\n')
    chmodSync(path, 0)
    await expect(loadEmbeddings(path)).rejects.toThrow(
      `${path}: permission denied; give yourself read access (chmod) or use another path.`,
    )
  })
})

describe('delimited text problems', () => {
  it('ragged rows', () =>
    expectLoadError(
      'r.csv',
      'a,b,c,d\n1,2,3,4\n5,6,7,8\n\n\n\n1,2,3\n',
      '{path}: line 7 has 3 values, expected 4 (as on line 2); every row must hold the same number of values.',
    ))
  it('a non-numeric cell', () =>
    expectLoadError(
      't.tsv',
      '1\t2\n3\tabc\n',
      '{path}: line 2, column 2 is "abc", not a number; fix or remove that line.',
    ))
  it('text in column 1 of a file without ids', () =>
    expectLoadError(
      'c.csv',
      '1,2\nx,3\n',
      '{path}: line 2, column 1 is "x", not a number; fix or remove that line (if column 1 holds ids, set the idColumn option).',
    ))
  it('an empty cell', () =>
    expectLoadError(
      'e.csv',
      'a,1,2\nb,,3\n',
      '{path}: line 2, column 2 is empty; fill it in or remove the stray delimiter.',
    ))
  it('NaN', () =>
    expectLoadError(
      'n.txt',
      'a 1 2\nb nan 3\n',
      '{path}: line 2, column 2 is NaN; every value must be finite: drop or repair that line.',
    ))
  it('infinity', () =>
    expectLoadError(
      'i.csv',
      '1,-inf\n',
      '{path}: line 1, column 2 is -Infinity; every value must be finite: drop or repair that line.',
    ))
  it('a value beyond float32', () =>
    expectLoadError(
      'o.csv',
      '1,2\n1e39,2\n',
      '{path}: line 2, column 1 (1e39) overflows float32 (largest 3.4e38); rescale the data or drop that line.',
    ))
  it('an unclosed quote', () =>
    expectLoadError(
      'q.csv',
      'id,x\n"a,1\n',
      '{path}: line 2 has a quote (") that is never closed; close it (a cell cannot span lines).',
    ))
  it('ids without values (d = 0)', () =>
    expectLoadError(
      'd.csv',
      'a\nb\n',
      '{path}: line 1 holds an id but no values (d = 0); each row needs at least one number after the id.',
      { idColumn: true },
    ))
  it('only a header', () =>
    expectLoadError(
      'h.csv',
      'x,y\n\n',
      '{path}: no data rows found below the header; the file holds only blank lines or a header.',
    ))
  it('only blank lines', () =>
    expectLoadError('b.txt', '\n  \n\r\n', '{path}: no data rows found; the file holds only blank lines or a header.'))
})

describe('memory limits', () => {
  it('a text file too large to hold says so instead of crashing', () => {
    const builder = new MatrixBuilder('/x/huge.csv', 2 ** 40)
    expect(() => builder.appendCells([], 0, 2)).toThrow(
      new InputError(
        '/x/huge.csv: holding 0 rows of 1099511627776 values needs 4096.0 GiB, more than this process can allocate; load a smaller file or use the npy format.',
      ),
    )
  })
})

describe('word2vec problems', () => {
  it('a row count that differs from the header', () =>
    expectLoadError(
      'c.vec',
      '3 2\na 1 2\nb 3 4\n',
      '{path}: the header (line 1) promises 3 rows but the file holds 2; the file may be truncated: re-export it or fix the header.',
    ))
  it('a row of the wrong width', () =>
    expectLoadError(
      'w.vec',
      '2 2\na 1 2\nnew york 3 4\n',
      '{path}: line 3 has 3 values after the id, expected 2 (from the header on line 1); every row must be "id v1 ... vd" with no spaces in the id.',
    ))
  it('a missing header', () =>
    expectLoadError(
      'm.vec',
      'a 1 2\n',
      '{path}: line 1 is "a 1 2", not a word2vec header "N d"; add that line or load the file as plain text (format txt).',
    ))
  it('d = 0 in the header', () =>
    expectLoadError(
      'z.vec',
      '2 0\na\nb\n',
      '{path}: the header (line 1) declares d = 0; each vector needs at least one value.',
    ))
  it('N = 0 in the header', () =>
    expectLoadError('e.vec', '0 5\n', '{path}: the header (line 1) declares 0 rows; the file holds no vectors.'))
  it('an absurd d in the header', () =>
    expectLoadError(
      'hd.vec',
      '2 99999999999\na 1 2\n',
      '{path}: line 2 has 2 values after the id, expected 99999999999 (from the header on line 1); every row must be "id v1 ... vd" with no spaces in the id.',
    ))
  it('an absurd N in the header', () =>
    expectLoadError(
      'hn.vec',
      '99999999999 2\na 1 2\n',
      '{path}: the header (line 1) promises 99999999999 rows but the file holds 1; the file may be truncated: re-export it or fix the header.',
    ))
  it('only blank lines', () =>
    expectLoadError('b.vec', '\n\n', '{path}: holds only blank lines; a word2vec file starts with a line "N d".'))
  it('a non-numeric value', () =>
    expectLoadError('v.vec', '1 2\na 1 x\n', '{path}: line 2, column 3 is "x", not a number; fix or remove that line.'))
})

describe('npy problems', () => {
  const valid = buildNpy(matrix)
  it('bad magic', () =>
    expectLoadError(
      'm.npy',
      'PK\x03\x04 not numpy',
      '{path}: not a .npy file (it does not start with the bytes \\x93NUMPY); save it with numpy.save or name the right format.',
    ))
  it('a truncated preamble', () =>
    expectLoadError(
      'p.npy',
      valid.subarray(0, 8),
      '{path}: truncated npy header (8 bytes); the file is incomplete: re-create it.',
    ))
  it('a truncated header', () =>
    expectLoadError(
      'h.npy',
      valid.subarray(0, 40),
      '{path}: truncated npy header (it needs 128 bytes, the file has 40); the file is incomplete: re-create it.',
    ))
  it('an unknown version', () =>
    expectLoadError(
      'v.npy',
      Uint8Array.from(valid).fill(4, 6, 7),
      '{path}: npy format version 4.0 is not supported (1.0, 2.0 and 3.0 are); re-save it with numpy.save.',
    ))
  it('truncated data', () =>
    expectLoadError(
      't.npy',
      valid.subarray(0, valid.length - 3),
      '{path}: truncated npy data: shape (2, 2) <f4 needs 16 bytes after the header, the file has 13; the file is incomplete: re-create it.',
    ))
  it('a dtype with control characters, shown escaped on one line', () =>
    expectLoadError(
      'cc.npy',
      buildNpy(matrix, { dict: "{'descr': '<\\tf4', 'fortran_order': False, 'shape': (2, 2), }" }),
      "{path}: npy dtype '<\\tf4' is not supported (float16, float32 and float64 are); convert it with x.astype('float32') before numpy.save.",
    ))
  it('an integer dtype', () =>
    expectLoadError(
      'i.npy',
      buildNpy(matrix, { descr: '<i4' }),
      "{path}: npy dtype '<i4' is not supported (float16, float32 and float64 are); convert it with x.astype('float32') before numpy.save.",
    ))
  it('a complex dtype', () =>
    expectLoadError(
      'c.npy',
      buildNpy(matrix, { descr: '<c8' }),
      "{path}: npy dtype '<c8' is not supported (float16, float32 and float64 are); convert it with x.astype('float32') before numpy.save.",
    ))
  it('a structured dtype', () =>
    expectLoadError(
      's.npy',
      buildNpy(matrix, { dict: "{'descr': [('a', '<f4'), ('b', '<f4')], 'fortran_order': False, 'shape': (2,), }" }),
      "{path}: npy dtype is structured or not a plain type; save a plain float32 array (numpy.save(path, x.astype('float32'))).",
    ))
  it('a malformed header', () =>
    expectLoadError(
      'x.npy',
      buildNpy(matrix, { dict: "{'descr': '<f4', 'fortran': False, 'shape': (2, 2), }" }),
      `{path}: malformed npy header "{'descr': '<f4', 'fortran': False, 'shape': (2, 2), }" (missing 'fortran_order'); re-save the array with numpy.save.`,
    ))
  it('a malformed shape', () =>
    expectLoadError(
      'sh.npy',
      buildNpy(matrix, { dict: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }" }),
      `{path}: malformed npy header "{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }" (unexpected character "x" at header character 55); re-save the array with numpy.save.`,
    ))
  it('an absurd shape', () =>
    expectLoadError(
      'ab.npy',
      buildNpy(matrix, { dict: "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999, 2), }" }),
      '{path}: npy shape (100000000000000000000, 2) is too large to be real; the header is corrupt: re-create the file.',
    ))
  it('a 1-D array', () =>
    expectLoadError(
      'one.npy',
      buildNpy({ n: 1, d: 4, data: new Float32Array(4) }, { shape: [4] }),
      '{path}: npy array has shape (4,) (1-D), but embeddings need a 2-D (N, d) array; reshape it before saving, e.g. x.reshape(-1, d).',
    ))
  it('a 3-D array', () =>
    expectLoadError(
      'three.npy',
      buildNpy({ n: 1, d: 8, data: new Float32Array(8) }, { shape: [2, 2, 2] }),
      '{path}: npy array has shape (2, 2, 2) (3-D), but embeddings need a 2-D (N, d) array; reshape it before saving, e.g. x.reshape(-1, d).',
    ))
  it('d = 0', () =>
    expectLoadError(
      'd0.npy',
      buildNpy({ n: 3, d: 0, data: new Float32Array(0) }),
      '{path}: npy array has shape (3, 0), so d = 0; each item needs at least one value.',
    ))
  it('N = 0', () =>
    expectLoadError(
      'n0.npy',
      buildNpy({ n: 0, d: 3, data: new Float32Array(0) }),
      '{path}: npy array has shape (0, 3), no items; the file must hold at least one row.',
    ))
  it('NaN', () =>
    expectLoadError(
      'nan.npy',
      buildNpy({ n: 2, d: 2, data: Float32Array.from([1, 2, NaN, 4]) }),
      '{path}: row 2, column 1 is NaN; every value must be finite: drop or repair that row.',
    ))
  it('a float64 beyond float32', () =>
    expectLoadError(
      'big.npy',
      buildNpy({ n: 2, d: 2, data: Float64Array.from([1, 2, 3, 1e39]) as never }, { descr: '>f8', fortran: true }),
      '{path}: row 2, column 2 (1e+39) overflows float32 (largest 3.4e38); rescale the data before saving.',
    ))
  it('an ids sidecar of the wrong length', async () => {
    const path = tmp.write('s.npy', valid)
    writeFileSync(`${path}.ids.txt`, 'a\nb\nc\n')
    await expect(loadEmbeddings(path)).rejects.toThrow(
      `${path}.ids.txt: holds 3 ids but ${path} has 2 rows; write one id per row, or delete the sidecar.`,
    )
    writeFileSync(`${path}.ids.txt`, 'a\nb\n\n\n')
    expect((await loadEmbeddings(path)).ids).toEqual(['a', 'b'])
  })
  it('bytes after the data: a warning, not an error', async () => {
    const path = tmp.write('extra.npy', Buffer.concat([valid, Buffer.from('xyz')]))
    expect((await loadEmbeddings(path)).data).toEqual(matrix.data)
    expect(warnings).toEqual([`${path}: ignoring 3 bytes after the npy data.`])
  })
  it('saving ids with line breaks', async () => {
    const path = tmp.path('bad.npy')
    await expect(saveNpy(path, { ...matrix, ids: ['a', 'b\nc'] })).rejects.toThrow(
      `${path}.ids.txt: id 2 ("b\\nc") contains a line break; ids are stored one per line, so remove it.`,
    )
  })
})
