/**
 * safetensors loader: files built byte by byte here (independent of the loader)
 * load to the same matrix bit for bit; bad files fail with one InputError naming
 * the file and the tensor.
 */
import fc from 'fast-check'
import { writeFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InputError, setWarnSink } from '../../src/errors.js'
import type { Embeddings } from '../../src/io/embeddings.js'
import { type LoadOptions, loadEmbeddings } from '../../src/io/index.js'
import { loadSafetensors } from '../../src/io/safetensors.js'
import { arbitraryEmbeddings, expectSameEmbeddings, floatToHalfBits, makeTempDir } from './helpers.js'

let tmp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  tmp = makeTempDir()
  setWarnSink(() => undefined)
})
afterEach(() => tmp.cleanup())

/** A tensor to write: raw little-endian bytes with a dtype and shape, or a header entry written as given. */
interface Tensor {
  name: string
  dtype: string
  shape: number[]
  bytes: Uint8Array
  offsets?: [number, number]
}

/** Builds a safetensors file: u64 LE header length, JSON header (space-padded to 8 bytes, as the Rust writer does), data. */
function buildSafetensors(tensors: Tensor[], metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {}
  let offset = 0
  for (const t of tensors) {
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: t.offsets ?? [offset, offset + t.bytes.length] }
    offset += t.bytes.length
  }
  let json = JSON.stringify(header)
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8)
  const text = Buffer.from(json, 'utf8')
  const out = new Uint8Array(8 + text.length + offset)
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true)
  out.set(text, 8)
  let at = 8 + text.length
  for (const t of tensors) {
    out.set(t.bytes, at)
    at += t.bytes.length
  }
  return out
}

/** The values of `e` as little-endian bytes of `dtype` (values must be exact in that dtype). */
function encode(e: Embeddings, dtype: 'F32' | 'F64' | 'F16' | 'BF16'): Uint8Array {
  const width = { F32: 4, F64: 8, F16: 2, BF16: 2 }[dtype]
  const out = new Uint8Array(e.data.length * width)
  const view = new DataView(out.buffer)
  e.data.forEach((value, k) => {
    if (dtype === 'F32') view.setFloat32(k * 4, value, true)
    else if (dtype === 'F64') view.setFloat64(k * 8, value, true)
    else if (dtype === 'F16') view.setUint16(k * 2, floatToHalfBits(value), true)
    else view.setUint16(k * 2, new Uint32Array(Float32Array.of(value).buffer)[0]! >>> 16, true)
  })
  return out
}

const tensorOf = (name: string, e: Embeddings, dtype: 'F32' | 'F64' | 'F16' | 'BF16' = 'F32'): Tensor => ({
  name,
  dtype,
  shape: [e.n, e.d],
  bytes: encode(e, dtype),
})

async function expectLoadError(
  name: string,
  bytes: Uint8Array,
  message: string,
  options: LoadOptions = {},
): Promise<void> {
  const path = tmp.write(name, bytes)
  const error = await loadEmbeddings(path, options).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(InputError)
  expect((error as Error).message).toBe(message.replaceAll('{path}', path))
}

const small: Embeddings = { n: 2, d: 3, data: Float32Array.from([1, -2.5, 0.5, 65504, -0, 2 ** -24]) }

describe('loadSafetensors round trips', () => {
  it('reads any float32 matrix bit for bit, next to other tensors and metadata', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryEmbeddings({ ids: 'never', maxN: 20, maxD: 9 }),
        fc.boolean(),
        async (e, withOthers) => {
          const others: Tensor[] = withOthers
            ? [
                { name: 'bias', dtype: 'F32', shape: [3], bytes: new Uint8Array(12) },
                { name: 'step', dtype: 'I64', shape: [], bytes: new Uint8Array(8) },
              ]
            : []
          const path = tmp.write('r.safetensors', buildSafetensors([...others, tensorOf('emb', e)], { format: 'pt' }))
          expectSameEmbeddings(await loadEmbeddings(path), e)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('converts F16, BF16 and F64 exactly, in chunks of any size', async () => {
    // bfloat16 keeps float32's exponent range with 8 bits of precision: 65280, 2^-130 and 0x7f78 (3.3e38) are exact.
    const brain: Embeddings = { n: 2, d: 3, data: Float32Array.from([1, -2.5, 0.5, 65280, -0, 2 ** -130]) }
    brain.data[2] = new Float32Array(new Uint32Array([0x7f780000]).buffer)[0]!
    for (const dtype of ['F16', 'BF16', 'F64'] as const) {
      const e = dtype === 'BF16' ? brain : small
      for (const chunkSize of [1, 3, 5, 1 << 20]) {
        const path = tmp.write(`${dtype}.safetensors`, buildSafetensors([tensorOf('emb', e, dtype)]))
        expectSameEmbeddings(await loadSafetensors(path, { chunkSize }), e)
      }
    }
  })

  it('picks the tensor named by --tensor, and reads ids from <file>.ids.txt', async () => {
    const other: Embeddings = { n: 1, d: 2, data: Float32Array.from([7, 8]) }
    const path = tmp.write('two.safetensors', buildSafetensors([tensorOf('user', other), tensorOf('item', small)]))
    writeFileSync(`${path}.ids.txt`, 'a\nb\n')
    expectSameEmbeddings(await loadEmbeddings(path, { tensor: 'item' }), { ...small, ids: ['a', 'b'] })
    await expectLoadError(
      'two.safetensors',
      buildSafetensors([tensorOf('user', other), tensorOf('item', small)]),
      '{path}: holds 2 2-D tensors (user (F32 [1, 2]), item (F32 [2, 3])); pass --tensor NAME to pick one.',
    )
  })
})

describe('loadSafetensors errors', () => {
  const valid = buildSafetensors([tensorOf('emb', small)])

  it('names a missing tensor, a wrong rank and an unsupported dtype', async () => {
    await expectLoadError(
      'm.safetensors',
      valid,
      '{path}: has no tensor named "weight"; its tensors are emb (F32 [2, 3]).',
      { tensor: 'weight' },
    )
    const cube: Tensor = { name: 'cube', dtype: 'F32', shape: [2, 1, 3], bytes: new Uint8Array(24) }
    await expectLoadError(
      'r.safetensors',
      buildSafetensors([cube]),
      '{path}: tensor cube has shape [2, 1, 3] (3-D), but embeddings need a 2-D (N, d) tensor; reshape it before saving.',
      { tensor: 'cube' },
    )
    await expectLoadError(
      'n.safetensors',
      buildSafetensors([cube]),
      '{path}: holds no 2-D tensor to read as (N, d) embeddings; its tensors are cube (F32 [2, 1, 3]).',
    )
    const ints: Tensor = { name: 'ids', dtype: 'I64', shape: [2, 2], bytes: new Uint8Array(32) }
    await expectLoadError(
      'i.safetensors',
      buildSafetensors([ints]),
      '{path}: tensor ids has dtype I64, which is not supported; supported dtypes are F32, F16, BF16, F64: convert it (e.g. tensor.float()) before saving.',
    )
  })

  it('refuses a header length beyond the file, a header that is not JSON, and malformed entries', async () => {
    const long = Uint8Array.from(valid)
    new DataView(long.buffer).setBigUint64(0, 1n << 40n, true)
    await expectLoadError(
      'l.safetensors',
      long,
      `{path}: the safetensors header length ${1n << 40n} runs beyond the file's ${valid.length - 8} bytes after it; the file is truncated or not safetensors.`,
    )
    const text = Uint8Array.from(valid)
    text[9] = 0x7b
    await expectLoadError(
      'j.safetensors',
      text,
      `{path}: the safetensors header is not valid JSON (${jsonError(text)}); the file is damaged or not safetensors.`,
    )
    const entry = buildSafetensors([
      { name: 'emb', dtype: 'F32', shape: [2, 3], bytes: new Uint8Array(24), offsets: [24, 0] },
    ])
    await expectLoadError(
      'e.safetensors',
      entry,
      '{path}: the safetensors header entry for tensor "emb" is malformed (it needs dtype, shape and data_offsets [begin, end]); the file is damaged.',
    )
    await expectLoadError(
      's.safetensors',
      new Uint8Array([1, 2, 3]),
      '{path}: 3 bytes is too short for a safetensors file (it starts with an 8-byte header length); the file is truncated or not safetensors.',
    )
  })

  it('says when the offsets disagree with the shape or run past the end of the file', async () => {
    const wrong = buildSafetensors([
      { name: 'emb', dtype: 'F32', shape: [2, 3], bytes: new Uint8Array(24), offsets: [0, 20] },
    ])
    await expectLoadError(
      'w.safetensors',
      wrong,
      '{path}: tensor emb (F32 [2, 3]) needs 24 bytes but its data_offsets [0, 20] span 20; the header is damaged.',
    )
    await expectLoadError(
      't.safetensors',
      valid.subarray(0, valid.length - 5),
      '{path}: tensor emb ends at byte 24 of the data, but the file holds only 19 bytes after the header; the file is truncated: re-create it.',
    )
  })

  it('reports NaN through validation, and F64 values float32 cannot hold', async () => {
    const nan: Embeddings = { n: 1, d: 2, data: Float32Array.from([1, NaN]) }
    await expectLoadError(
      'nan.safetensors',
      buildSafetensors([tensorOf('emb', nan)]),
      '{path}: row 1, column 2 is NaN; every value must be finite: drop or repair that row.',
    )
    const bytes = new Uint8Array(16)
    new DataView(bytes.buffer).setFloat64(8, 1e300, true)
    await expectLoadError(
      'big.safetensors',
      buildSafetensors([{ name: 'emb', dtype: 'F64', shape: [1, 2], bytes }]),
      '{path}: tensor emb, row 1, column 2 (1e+300) overflows float32 (largest 3.4e38); rescale the data before saving.',
    )
  })

  it('fails only with one-line InputErrors naming the file, wherever the file is cut or its header overwritten', async () => {
    const file = buildSafetensors(
      [{ name: 'bias', dtype: 'F16', shape: [4], bytes: new Uint8Array(8) }, tensorOf('emb', small, 'BF16')],
      { a: 'b' },
    )
    const headerEnd = 8 + Number(new DataView(file.buffer).getBigUint64(0, true))
    const writes = fc.array(fc.tuple(fc.integer({ min: 0, max: headerEnd - 1 }), fc.integer({ min: 0, max: 255 })), {
      maxLength: 3,
    })
    await fc.assert(
      fc.asyncProperty(
        fc.nat(file.length),
        writes,
        fc.constantFrom(1, 3, 1 << 20),
        async (cut, overwrites, chunkSize) => {
          const bytes = Uint8Array.from(file)
          for (const [at, byte] of overwrites) bytes[at] = byte
          const path = tmp.write('f.safetensors', bytes.subarray(0, overwrites.length > 0 ? file.length : cut))
          try {
            const e = await loadEmbeddings(path, { chunkSize })
            expect(e.data.length).toBe(e.n * e.d)
          } catch (error) {
            if (!(error instanceof InputError)) throw error
            expect(error.message.startsWith(path)).toBe(true)
            expect(error.message).not.toMatch(/\n/)
          }
        },
      ),
      { numRuns: 600 },
    )
  })
})

/** The message JSON.parse gives for the header of `bytes` (it differs between Node versions). */
function jsonError(bytes: Uint8Array): string {
  const length = Number(new DataView(bytes.buffer).getBigUint64(0, true))
  try {
    JSON.parse(Buffer.from(bytes.subarray(8, 8 + length)).toString('utf8'))
    return ''
  } catch (error) {
    return (error as Error).message.replace(/\s+/g, ' ')
  }
}
