/**
 * Parquet loader: files written by hyparquet-writer (a maintained writer, not the
 * code under test) load to the same matrix bit for bit; bad files fail with one
 * InputError naming the file and the column.
 */
import fc from 'fast-check'
import { type ColumnSource, parquetWriteBuffer } from 'hyparquet-writer'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import type { Embeddings } from '../../src/io/embeddings.js'
import { type LoadOptions, loadEmbeddings } from '../../src/io/index.js'
import { decodeParquet, loadParquet } from '../../src/io/parquet.js'
import { arbitraryEmbeddings, expectSameEmbeddings, type TempDir, useTempDirAndWarnings } from './helpers.js'

/** A schema element as hyparquet-writer takes it (it bundles its own hyparquet types). */
type SchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>[number]
/** One column to write: its data and its schema elements. */
interface ColumnSpec {
  source: ColumnSource
  schema: SchemaElement[]
}

let tmp: TempDir
let warnings: string[]
useTempDirAndWarnings((dir, captured) => {
  tmp = dir
  warnings = captured
})

/** A Parquet list column: `optional group name (LIST) { repeated group list { <element> element } }`, as pyarrow writes. */
function listSchema(name: string, leaf: 'FLOAT' | 'DOUBLE' | 'INT32', required = false): SchemaElement[] {
  return [
    { name, repetition_type: required ? 'REQUIRED' : 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', type: leaf, repetition_type: required ? 'REQUIRED' : 'OPTIONAL' },
  ]
}

const stringSchema = (name: string): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  repetition_type: 'OPTIONAL',
})

interface WriteOptions {
  rowGroupSize?: number
  codec?: 'SNAPPY' | 'UNCOMPRESSED' | 'GZIP'
}

/** Writes columns with an explicit schema (root added here) to `name` in the temp dir. */
function writeParquet(name: string, columns: ColumnSpec[], options: WriteOptions = {}): string {
  const buffer = parquetWriteBuffer({
    columnData: columns.map((c) => c.source),
    schema: [{ name: 'root', num_children: columns.length }, ...columns.flatMap((c) => c.schema)],
    rowGroupSize: options.rowGroupSize ?? 1000,
    codec: options.codec ?? 'SNAPPY',
    compressors: { GZIP: (input: Uint8Array) => new Uint8Array(gzipSync(input)) },
  })
  return tmp.write(name, new Uint8Array(buffer))
}

/** The rows of `e` as JS arrays (what a list column holds). */
function rowsOf(e: Embeddings): number[][] {
  return Array.from({ length: e.n }, (_, i) => Array.from(e.data.subarray(i * e.d, (i + 1) * e.d)))
}

/** `e` as an id string column plus a list column "emb". */
function listFile(
  name: string,
  e: Embeddings,
  options: WriteOptions & { leaf?: 'FLOAT' | 'DOUBLE'; required?: boolean } = {},
): string {
  const columns: ColumnSpec[] = [
    { source: { name: 'emb', data: rowsOf(e) }, schema: listSchema('emb', options.leaf ?? 'FLOAT', options.required) },
  ]
  if (e.ids) columns.unshift({ source: { name: 'id', data: e.ids }, schema: [stringSchema('id')] })
  return writeParquet(name, columns, options)
}

/** Loads and expects exactly `message` ({path} filled in) as an InputError. */
async function expectLoadError(path: string, message: string, options: LoadOptions = {}): Promise<void> {
  const error = await loadEmbeddings(path, options).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(InputError)
  expect((error as Error).message).toBe(message.replaceAll('{path}', path))
}

const small: Embeddings = { n: 3, d: 2, data: Float32Array.from([1, -2.5, 0.1, 3e38, -0, 1e-45]), ids: ['a', 'b', 'c'] }

describe('loadParquet round trips', () => {
  it('reads a list<float> column with string ids, bit for bit, across row groups and codecs', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryEmbeddings({ ids: 'always', maxN: 25, maxD: 7 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom('SNAPPY' as const, 'UNCOMPRESSED' as const, 'GZIP' as const),
        async (e, rowGroupSize, codec) => {
          expectSameEmbeddings(await loadEmbeddings(listFile('r.parquet', e, { rowGroupSize, codec })), e)
        },
      ),
      { numRuns: 120 },
    )
  })

  it('reads a fixed-size list (Parquet stores arrow fixed_size_list as a LIST; here with required values) and list<double>', async () => {
    expectSameEmbeddings(await loadParquet(listFile('f.parquet', small, { required: true })), small)
    expectSameEmbeddings(await loadParquet(listFile('d.parquet', small, { leaf: 'DOUBLE' })), small)
  })

  it('reads d numeric columns as the dimensions, an id-named integer column as the ids', async () => {
    const e: Embeddings = { n: 4, d: 3, data: Float32Array.from({ length: 12 }, (_, k) => k / 7 - 0.5) }
    const columns: ColumnSpec[] = [
      {
        source: { name: 'item_id', data: [10n, 11n, 12n, 13n] },
        schema: [{ name: 'item_id', type: 'INT64', repetition_type: 'REQUIRED' }],
      },
    ]
    for (let j = 0; j < e.d; j++) {
      const values = Array.from({ length: e.n }, (_, i) => e.data[i * e.d + j]!)
      columns.push({
        source: { name: `f${j}`, data: j === 1 ? Float64Array.from(values) : Float32Array.from(values) },
        schema: [{ name: `f${j}`, type: j === 1 ? 'DOUBLE' : 'FLOAT', repetition_type: 'REQUIRED' }],
      })
    }
    const path = writeParquet('cols.parquet', columns, { rowGroupSize: 3 })
    expectSameEmbeddings(await loadEmbeddings(path), { ...e, ids: ['10', '11', '12', '13'] })
  })

  it('takes --id-column (an INT32 here) and --column among several list columns, like song_embeddings.parquet', async () => {
    const other: Embeddings = { n: 3, d: 1, data: Float32Array.from([7, 8, 9]) }
    const path = writeParquet('songs.parquet', [
      {
        source: { name: 'song', data: Int32Array.from([5, 6, 7]) },
        schema: [{ name: 'song', type: 'INT32', repetition_type: 'REQUIRED' }],
      },
      { source: { name: 'features_svd', data: rowsOf(small) }, schema: listSchema('features_svd', 'FLOAT') },
      { source: { name: 'features_mf', data: rowsOf(other) }, schema: listSchema('features_mf', 'DOUBLE') },
    ])
    expectSameEmbeddings(await loadEmbeddings(path, { column: 'features_svd', idColumnName: 'song' }), {
      ...small,
      ids: ['5', '6', '7'],
    })
    expectSameEmbeddings(await loadEmbeddings(path, { column: 'features_mf' }), other)
    await expectLoadError(
      path,
      '{path}: has 2 list columns (features_svd (list<float>), features_mf (list<double>)); pass --column NAME to pick the one holding the vectors.',
    )
  })

  it('takes a pandas index column (__index_level_0__) as the ids when nothing else looks like one', async () => {
    const path = writeParquet('pandas.parquet', [
      { source: { name: 'emb', data: rowsOf(small) }, schema: listSchema('emb', 'DOUBLE') },
      {
        source: { name: '__index_level_0__', data: [7n, 8n, 9n] },
        schema: [{ name: '__index_level_0__', type: 'INT64', repetition_type: 'OPTIONAL' }],
      },
    ])
    expectSameEmbeddings(await loadEmbeddings(path), { ...small, ids: ['7', '8', '9'] })
  })

  it('reads 2000 x 64 in several row groups with a named format', async () => {
    const e: Embeddings = { n: 2000, d: 64, data: Float32Array.from({ length: 128000 }, (_, k) => Math.sin(k)) }
    expectSameEmbeddings(await loadEmbeddings(listFile('big.data', e, { rowGroupSize: 300 }), { format: 'parquet' }), e)
  })
})

describe('loadParquet errors', () => {
  it('names the missing column and lists the available ones', async () => {
    const path = listFile('x.parquet', small)
    await expectLoadError(
      path,
      '{path}: has no column named "features"; its columns are id (string), emb (list<float>).',
      { column: 'features' },
    )
    await expectLoadError(
      path,
      '{path}: has no id column named "song_id"; its columns are id (string), emb (list<float>).',
      { idColumnName: 'song_id' },
    )
    await expectLoadError(
      path,
      '{path}: column id is string, not a list of numbers; list columns: emb (list<float>).',
      { column: 'id' },
    )
  })

  it('reports ragged lists, null rows and null values with the row', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => Array.from({ length: 4 }, (__, j) => i + j))
    rows[16] = [1, 2, 3]
    await expectLoadError(
      writeParquet(
        'ragged.parquet',
        [{ source: { name: 'features', data: rows }, schema: listSchema('features', 'FLOAT') }],
        { rowGroupSize: 7 },
      ),
      '{path}: row 17 of column features has 3 values, expected 4 (as in row 1); every vector must have the same length.',
    )
    await expectLoadError(
      writeParquet('nullrow.parquet', [
        { source: { name: 'emb', data: [[1, 2], null, [3, 4]] }, schema: listSchema('emb', 'FLOAT') },
      ]),
      '{path}: row 2 of column emb is null; every row needs a vector: drop or fill the missing rows.',
    )
    await expectLoadError(
      writeParquet('nullfirst.parquet', [
        { source: { name: 'emb', data: [null, [3, 4]] }, schema: listSchema('emb', 'FLOAT') },
      ]),
      '{path}: row 1 of column emb is null; every row needs a vector: drop or fill the missing rows.',
    )
    await expectLoadError(
      writeParquet('nullvalue.parquet', [
        {
          source: {
            name: 'emb',
            data: [
              [1, 2],
              [3, null],
            ],
          },
          schema: listSchema('emb', 'FLOAT'),
        },
      ]),
      '{path}: value 2 of row 2 of column emb is null; every value must be a number: drop or fill the missing rows.',
    )
    await expectLoadError(
      writeParquet('nullcell.parquet', [
        {
          source: { name: 'x', data: [1.5, null] },
          schema: [{ name: 'x', type: 'DOUBLE', repetition_type: 'OPTIONAL' }],
        },
      ]),
      '{path}: row 2 of column x is null; every value must be a number: drop or fill the missing rows.',
    )
  })

  it('reports NaN through validation, and float64 values float32 cannot hold', async () => {
    const nan = listFile('nan.parquet', { n: 2, d: 2, data: Float32Array.from([1, 2, NaN, 4]), ids: ['a', 'b'] })
    await expectLoadError(
      nan,
      '{path}: row 2 (id "b"), column 1 is NaN; every value must be finite: drop or repair that row.',
    )
    const huge = writeParquet('huge.parquet', [
      { source: { name: 'emb', data: [[1, 1e300]] }, schema: listSchema('emb', 'DOUBLE') },
    ])
    await expectLoadError(
      huge,
      '{path}: value 2 of row 1 of column emb (1e+300) overflows float32 (largest 3.4e38); rescale the data before saving.',
    )
  })

  it('refuses bad id columns, files without numbers, and files that are not Parquet', async () => {
    const floatIds = writeParquet('fid.parquet', [
      {
        source: { name: 'score', data: Float32Array.from([1]) },
        schema: [{ name: 'score', type: 'FLOAT', repetition_type: 'REQUIRED' }],
      },
      { source: { name: 'emb', data: [[1, 2]] }, schema: listSchema('emb', 'FLOAT') },
    ])
    await expectLoadError(floatIds, '{path}: id column score is float; ids must be a string or integer column.', {
      idColumnName: 'score',
    })
    const nullIds = writeParquet('nid.parquet', [
      { source: { name: 'id', data: ['a', null] }, schema: [stringSchema('id')] },
      { source: { name: 'emb', data: [[1], [2]] }, schema: listSchema('emb', 'FLOAT') },
    ])
    await expectLoadError(
      nullIds,
      '{path}: row 2 of id column id is null; every row needs an id: fill it, or load without ids.',
    )
    const textOnly = writeParquet('text.parquet', [
      { source: { name: 'name', data: ['a'] }, schema: [stringSchema('name')] },
    ])
    await expectLoadError(
      textOnly,
      '{path}: has no list column of numbers and no numeric column to read vectors from; its columns are name (string).',
    )
    await expectLoadError(
      tmp.write('csv.parquet', 'a,b\n1,2\n3,4\n'),
      '{path}: does not start with the Parquet magic "PAR1"; it is not a Parquet file (name the format if the extension is wrong).',
    )
    await expectLoadError(
      tmp.write('tiny.parquet', 'PAR1'),
      '{path}: 4 bytes is too short for a Parquet file (at least 12); the file is truncated or not Parquet.',
    )
  })

  it('warns about non-numeric columns it ignores when the numeric columns are the vectors', async () => {
    const path = writeParquet('mixed.parquet', [
      { source: { name: 'a', data: ['x'] }, schema: [stringSchema('a')] },
      { source: { name: 'b', data: ['y'] }, schema: [stringSchema('b')] },
      {
        source: { name: 'v', data: Float32Array.from([3]) },
        schema: [{ name: 'v', type: 'FLOAT', repetition_type: 'REQUIRED' }],
      },
    ])
    expectSameEmbeddings(await loadEmbeddings(path), { n: 1, d: 1, data: Float32Array.from([3]) })
    expect(warnings).toEqual([
      `${path}: ignoring the non-numeric columns a (string), b (string); each numeric column is one dimension.`,
    ])
  })

  it('says a truncated file is truncated', async () => {
    const bytes = new Uint8Array(
      parquetWriteBuffer({
        columnData: [{ name: 'emb', data: rowsOf(small) }],
        schema: [{ name: 'root', num_children: 1 }, ...listSchema('emb', 'FLOAT')],
      }),
    )
    await expectLoadError(
      tmp.write('cut.parquet', bytes.subarray(0, bytes.length - 9)),
      '{path}: does not end with the Parquet magic "PAR1"; the file is truncated (an interrupted copy or write): re-create it.',
    )
  })

  it('fails only with one-line InputErrors naming the file, however the file is cut or its footer overwritten', async () => {
    // Damaged pages are not fuzzed: hyparquet 1.33 loops forever on a DATA_PAGE_V2
    // header lacking repetition_levels_byte_length (its reader offset becomes NaN).
    const e: Embeddings = {
      n: 30,
      d: 4,
      data: Float32Array.from({ length: 120 }, (_, k) => k),
      ids: Array.from({ length: 30 }, (_, i) => `item${i}`),
    }
    const valid = new Uint8Array(
      parquetWriteBuffer({
        columnData: [
          { name: 'id', data: e.ids! },
          { name: 'emb', data: rowsOf(e) },
        ],
        schema: [{ name: 'root', num_children: 2 }, stringSchema('id'), ...listSchema('emb', 'FLOAT')],
        rowGroupSize: 8,
      }),
    )
    const footer = fc.array(
      fc.tuple(fc.integer({ min: valid.length - 8, max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })),
      { maxLength: 2 },
    )
    await fc.assert(
      fc.asyncProperty(fc.nat(valid.length), footer, async (cut, writes) => {
        const bytes = Uint8Array.from(valid)
        for (const [at, byte] of writes) bytes[at] = byte
        const path = tmp.write('fuzz.parquet', bytes.subarray(0, writes.length > 0 ? valid.length : cut))
        try {
          // In this thread (these damages never hang); the sandboxed path is fuzzed in hostile-files.test.ts.
          const loaded = await decodeParquet(path)
          expect(loaded.data.length).toBe(loaded.n * loaded.d)
        } catch (error) {
          if (!(error instanceof InputError)) throw error
          expect(error.message.startsWith(path)).toBe(true)
          expect(error.message).not.toMatch(/\n/)
        }
      }),
      { numRuns: 600 },
    )
  })
})
