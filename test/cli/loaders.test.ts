/**
 * The binary loaders through the CLI: --column, --id-column and --tensor reach
 * them, the files load, and bad files or names exit 2 with one sentence.
 */
import { parquetWriteBuffer } from 'hyparquet-writer'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rng } from '../../src/rng.js'
import { avgcon, tempDir } from '../helpers/cli.js'
import { type BadCase, describeBadInput } from './spawn.js'

const { dir, cleanup } = tempDir()
const file = (name: string): string => join(dir, name)
const n = 40,
  d = 8

/** n x d normal values, seeded. */
function matrix(seed: number): number[][] {
  const r = rng(seed)
  return Array.from({ length: n }, () => Array.from({ length: d }, () => Math.fround(r.normal())))
}

function writeParquet(name: string): void {
  const rows = matrix(1)
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: rows.map((_, i) => `song${i}`) },
      { name: 'emb', data: rows },
      { name: 'emb2', data: matrix(2) },
    ],
    schema: [
      { name: 'root', num_children: 3 },
      { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      { name: 'emb', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: 'FLOAT', repetition_type: 'OPTIONAL' },
      { name: 'emb2', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
    ],
    rowGroupSize: 16,
  })
  writeFileSync(file(name), new Uint8Array(buffer))
}

/** A safetensors file with a 2-D "item" and a 2-D "user" F32 tensor. */
function writeSafetensors(name: string): void {
  const values = Float32Array.from(matrix(3).flat())
  const header = JSON.stringify({
    item: { dtype: 'F32', shape: [n, d], data_offsets: [0, 4 * n * d] },
    user: { dtype: 'F32', shape: [1, d], data_offsets: [4 * n * d, 4 * n * d + 4 * d] },
  })
  const length = Buffer.alloc(8)
  length.writeBigUInt64LE(BigInt(header.length))
  writeFileSync(
    file(name),
    Buffer.concat([length, Buffer.from(header), Buffer.from(values.buffer), Buffer.alloc(4 * d)]),
  )
}

/** A word2vec binary file (gensim layout: a newline after each vector). */
function word2vecBinary(): Buffer {
  const parts = [Buffer.from(`${n} ${d}\n`)]
  matrix(4).forEach((row, i) =>
    parts.push(Buffer.from(`w${i} `), Buffer.from(Float32Array.from(row).buffer), Buffer.from('\n')),
  )
  return Buffer.concat(parts)
}

beforeAll(() => {
  writeParquet('x.parquet')
  writeSafetensors('x.safetensors')
  writeFileSync(file('x.bin'), word2vecBinary())
  writeFileSync(file('cut.bin'), word2vecBinary().subarray(0, 200))
})
afterAll(cleanup)

describe('avgcon estimate on Parquet, safetensors and word2vec binary files', () => {
  it('reads a Parquet list column picked by --column, with ids from --id-column', () => {
    const r = avgcon([
      'estimate',
      file('x.parquet'),
      '--column',
      'emb',
      '--id-column',
      'id',
      '--k',
      '2',
      '--samples',
      '10',
      '--json',
    ])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toMatchObject({ input: { file: 'x.parquet', format: 'parquet', n, d } })
  })

  it('reads the safetensors tensor picked by --tensor and a word2vec .bin', () => {
    const tensor = avgcon([
      'estimate',
      file('x.safetensors'),
      '--tensor',
      'item',
      '--k',
      '2',
      '--samples',
      '10',
      '--json',
    ])
    expect(tensor.code, tensor.stderr).toBe(0)
    expect(JSON.parse(tensor.stdout)).toMatchObject({ input: { format: 'safetensors', n, d } })
    const binary = avgcon(['estimate', file('x.bin'), '--k', '2', '--samples', '10', '--json'])
    expect(binary.code, binary.stderr).toBe(0)
    expect(JSON.parse(binary.stdout)).toMatchObject({ input: { format: 'word2vec-binary', n, d } })
  })
})

const BAD: BadCase[] = [
  [
    'a missing Parquet column',
    [file('x.parquet'), '--column', 'features'],
    /x\.parquet: has no column named "features"; its columns are id \(string\), emb \(list<float>\), emb2 \(list<double>\)\./,
  ],
  ['two list columns and no --column', [file('x.parquet')], /x\.parquet: has 2 list columns .*; pass --column NAME/],
  [
    'a missing --id-column',
    [file('x.parquet'), '--column', 'emb', '--id-column', 'song_id'],
    /has no id column named "song_id"/,
  ],
  [
    'a missing tensor',
    [file('x.safetensors'), '--tensor', 'weight'],
    /x\.safetensors: has no tensor named "weight"; its tensors are item \(F32 \[40, 8\]\), user \(F32 \[1, 8\]\)\./,
  ],
  ['a truncated word2vec binary', [file('cut.bin')], /cut\.bin: the header promises 40 rows of 8 float32 values/],
]
describeBadInput('estimate', BAD, dir)
