/**
 * Hostile inputs for hostile-files.test.ts, generated from fixed seeds:
 * corrupted Parquet page headers, footers and random bytes; npy headers whose
 * values hold fake 'shape'/'descr', braces and quotes; damaged safetensors and
 * word2vec (text and binary) files.
 */
import { parquetMetadata } from 'hyparquet'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Embeddings } from '../../src/io/embeddings.js'
import { buildNpy } from './helpers.js'
import { buildWord2vec } from './text-builders.js'

/** mulberry32: a small seeded PRNG, so every run builds the same corpus. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const sample = (): Embeddings => ({
  n: 40,
  d: 6,
  data: Float32Array.from({ length: 240 }, (_, k) => Math.sin(k) * 3),
  ids: Array.from({ length: 40 }, (_, i) => `item${i}`),
})

function validParquet(e: Embeddings): Uint8Array {
  const rows = Array.from({ length: e.n }, (_, i) => Array.from(e.data.subarray(i * e.d, (i + 1) * e.d)))
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'id', data: e.ids! },
        { name: 'emb', data: rows },
      ],
      schema: [
        { name: 'root', num_children: 2 },
        { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'emb', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'FLOAT', repetition_type: 'OPTIONAL' },
      ],
      rowGroupSize: 10,
    }),
  )
}

/** Byte offsets where a page header starts (each column chunk's first data or dictionary page). */
function pageHeaderOffsets(bytes: Uint8Array): number[] {
  const metadata = parquetMetadata(Uint8Array.from(bytes).buffer)
  return metadata.row_groups.flatMap((group) =>
    group.columns.map((chunk) => Number(chunk.meta_data!.dictionary_page_offset ?? chunk.meta_data!.data_page_offset)),
  )
}

/** One case: a file name (its extension picks the format) and its bytes. */
export interface HostileCase {
  name: string
  bytes: Uint8Array | string
}

function corrupt(valid: Uint8Array, random: () => number, from: number, to: number, maxBytes: number): Uint8Array {
  const bytes = Uint8Array.from(valid)
  const count = 1 + Math.floor(random() * maxBytes)
  for (let k = 0; k < count; k++) {
    const at = from + Math.floor(random() * (to - from))
    // Small values and 0 make zero-length runs and tiny lengths; large ones make huge lengths.
    bytes[at] = random() < 0.5 ? Math.floor(random() * 4) : Math.floor(random() * 256)
  }
  return bytes
}

/** At least 240 Parquet corruptions: page headers, footer, random bytes anywhere. */
export function parquetCases(seed: number): HostileCase[] {
  const random = prng(seed)
  const valid = validParquet(sample())
  const pages = pageHeaderOffsets(valid)
  const footerLength = new DataView(valid.buffer).getUint32(valid.length - 8, true)
  const footerStart = valid.length - 8 - footerLength
  const cases: HostileCase[] = []
  for (let i = 0; i < 140; i++) {
    const page = pages[i % pages.length]!
    cases.push({ name: `page${i}.parquet`, bytes: corrupt(valid, random, page, page + 24, 3) })
  }
  for (let i = 0; i < 60; i++)
    cases.push({ name: `footer${i}.parquet`, bytes: corrupt(valid, random, footerStart, valid.length - 4, 2) })
  for (let i = 0; i < 60; i++)
    cases.push({ name: `random${i}.parquet`, bytes: corrupt(valid, random, 4, valid.length - 4, 6) })
  return cases
}

const FAKE = [
  "'shape': (999, 999)",
  "'descr': '<f8'",
  '{',
  '}',
  "'",
  '"',
  '\\',
  '(',
  ')',
  ':',
  ',',
  "'fortran_order': True",
]

/** npy headers with a value (a string or an extra key) full of fake fields, braces and quotes. */
export function npyCases(seed: number): HostileCase[] {
  const random = prng(seed)
  const e = sample()
  const cases: HostileCase[] = []
  for (let i = 0; i < 60; i++) {
    const junk = Array.from(
      { length: 1 + Math.floor(random() * 5) },
      () => FAKE[Math.floor(random() * FAKE.length)],
    ).join('')
    const quoted = `'${junk.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
    const raw = random() < 0.3 // unescaped junk: usually not a literal at all
    const value = raw ? junk : quoted
    const dict =
      i % 3 === 0
        ? `{'descr': '<f4', 'fortran_order': False, 'shape': (40, 6), 'note': ${value}}`
        : i % 3 === 1
          ? `{'descr': ${value}, 'fortran_order': False, 'shape': (40, 6)}`
          : `{${value}: 1, 'descr': '<f4', 'fortran_order': False, 'shape': (40, 6)}`
    cases.push({ name: `h${i}.npy`, bytes: buildNpy(e, { dict }) })
  }
  return cases
}

function safetensors(e: Embeddings): Uint8Array {
  const header = JSON.stringify({ emb: { dtype: 'F32', shape: [e.n, e.d], data_offsets: [0, e.n * e.d * 4] } })
  const text = header.padEnd(Math.ceil(header.length / 8) * 8, ' ')
  const out = new Uint8Array(8 + text.length + e.n * e.d * 4)
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true)
  out.set(Buffer.from(text), 8)
  out.set(new Uint8Array(e.data.buffer), 8 + text.length)
  return out
}

/** Damaged safetensors (header length, JSON, data) and word2vec text and binary files. */
export function otherCases(seed: number): HostileCase[] {
  const random = prng(seed)
  const e = sample()
  const st = safetensors(e)
  const text = Buffer.from(buildWord2vec(e))
  const binary = Buffer.concat([
    Buffer.from(`${e.n} ${e.d}\n`),
    ...e.ids!.map((id, i) =>
      Buffer.concat([Buffer.from(`${id} `), Buffer.from(e.data.slice(i * e.d, (i + 1) * e.d).buffer)]),
    ),
  ])
  const cases: HostileCase[] = []
  for (let i = 0; i < 40; i++) {
    const region = i % 2 === 0 ? 16 : st.length // header length and JSON, or anywhere
    cases.push({ name: `s${i}.safetensors`, bytes: corrupt(st, random, 0, region, 4) })
  }
  for (let i = 0; i < 30; i++) cases.push({ name: `w${i}.vec`, bytes: corrupt(text, random, 0, text.length, 4) })
  for (let i = 0; i < 30; i++) cases.push({ name: `b${i}.bin`, bytes: corrupt(binary, random, 0, binary.length, 4) })
  return cases
}

/** Writes the cases into `dir`; returns their paths. */
export function writeCases(dir: string, cases: HostileCase[]): string[] {
  return cases.map((c) => {
    const path = join(dir, c.name)
    writeFileSync(path, c.bytes)
    return path
  })
}
