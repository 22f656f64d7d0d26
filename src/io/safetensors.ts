/**
 * safetensors files (Hugging Face): an 8-byte little-endian header length, a JSON
 * header `{name: {dtype, shape, data_offsets}, __metadata__?}`, then the tensors'
 * bytes. One 2-D F32, F16, BF16 or F64 tensor is read: F32 straight into the
 * Float32Array, the others converted in chunks. Ids live in an optional
 * `<file>.ids.txt` sidecar, as for .npy.
 */
import { type promises as fsp } from 'node:fs'
import { InputError } from '../errors.js'
import { allocateMatrix, type Embeddings } from './embeddings.js'
import { openReadableFile, readFully } from './file-access.js'
import { readIdsSidecar } from './ids-sidecar.js'
import { HOST_LITTLE_ENDIAN } from './npy-header.js'
import { bf16Table, halfTable } from './half-float.js'

declare module './registry.js' {
  interface LoadOptions {
    /** safetensors: the name of the 2-D tensor holding the vectors; default: the only 2-D tensor. */
    tensor?: string
  }
}

/** Options for {@link loadSafetensors}. */
export interface SafetensorsLoadOptions {
  /** The 2-D tensor to read; default: the only 2-D tensor in the file. */
  tensor?: string
  /** Bytes per read when converting (default 4 MiB); tests set it tiny. */
  chunkSize?: number
}

/** One tensor's header entry. */
interface TensorEntry {
  name: string
  dtype: string
  shape: number[]
  begin: number
  end: number
}

/** Bytes per element of the dtypes read. */
const SUPPORTED: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8 }
/** The format's own limit (safetensors refuses larger headers), so a corrupt length cannot ask for GiBs. */
const MAX_HEADER = 100_000_000
const DEFAULT_CHUNK = 1 << 22

/**
 * Reads the (N, d) tensor `options.tensor` (default: the only 2-D tensor) of a
 * safetensors file as float32, plus ids from `<file>.ids.txt` if present.
 * Throws an InputError naming the file and the tensor for any problem.
 */
export async function loadSafetensors(path: string, options: SafetensorsLoadOptions = {}): Promise<Embeddings> {
  const { handle, size } = await openReadableFile(path)
  let e: Embeddings
  try {
    const { entries, dataStart } = await readHeader(path, handle, size)
    const tensor = pickTensor(path, entries, options.tensor)
    const [n, d] = checkTensor(path, tensor, size - dataStart)
    const data = allocateMatrix(path, n, d)
    const position = dataStart + tensor.begin
    if (tensor.dtype === 'F32' && HOST_LITTLE_ENDIAN)
      await readFully(path, handle, new Uint8Array(data.buffer), position)
    else await readConverted(path, handle, tensor, position, data, options.chunkSize ?? DEFAULT_CHUNK)
    e = { n, d, data }
  } finally {
    await handle.close()
  }
  const ids = await readIdsSidecar(path, e.n)
  if (ids) e.ids = ids
  return e
}

/** Reads the header length and the JSON header; returns the entries and where the data starts. */
async function readHeader(
  path: string,
  handle: fsp.FileHandle,
  size: number,
): Promise<{ entries: TensorEntry[]; dataStart: number }> {
  if (size < 8)
    throw new InputError(
      `${path}: ${size} bytes is too short for a safetensors file (it starts with an 8-byte header length); the file is truncated or not safetensors.`,
    )
  const prefix = new Uint8Array(8)
  await readFully(path, handle, prefix, 0)
  const length = new DataView(prefix.buffer).getBigUint64(0, true)
  if (length > BigInt(size - 8) || length > BigInt(MAX_HEADER) || length < 2n) {
    throw new InputError(
      `${path}: the safetensors header length ${length} runs beyond the file's ${size - 8} bytes after it; the file is truncated or not safetensors.`,
    )
  }
  const bytes = new Uint8Array(Number(length))
  await readFully(path, handle, bytes, 8)
  let header: unknown
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (error) {
    throw new InputError(
      `${path}: the safetensors header is not valid JSON (${(error as Error).message.replace(/\s+/g, ' ')}); the file is damaged or not safetensors.`,
    )
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new InputError(
      `${path}: the safetensors header is not a JSON object of tensors; the file is damaged or not safetensors.`,
    )
  }
  const entries = Object.entries(header)
    .filter(([name]) => name !== '__metadata__')
    .map(([name, value]) => parseEntry(path, name, value))
  return { entries, dataStart: 8 + Number(length) }
}

/** Checks one header entry: {dtype: string, shape: [ints], data_offsets: [begin, end]}. */
function parseEntry(path: string, name: string, value: unknown): TensorEntry {
  const entry = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null
  const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0
  const offsets = entry?.data_offsets
  if (
    typeof entry !== 'object' ||
    entry === null ||
    typeof entry.dtype !== 'string' ||
    !Array.isArray(entry.shape) ||
    !entry.shape.every(isCount) ||
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every(isCount) ||
    offsets[0] > offsets[1]
  ) {
    throw new InputError(
      `${path}: the safetensors header entry for tensor ${JSON.stringify(name)} is malformed (it needs dtype, shape and data_offsets [begin, end]); the file is damaged.`,
    )
  }
  return {
    name,
    dtype: entry.dtype,
    shape: entry.shape as number[],
    begin: offsets[0] as number,
    end: offsets[1] as number,
  }
}

function describe(entries: readonly TensorEntry[]): string {
  return entries.map((t) => `${t.name} (${t.dtype} [${t.shape.join(', ')}])`).join(', ')
}

/** The tensor asked for, else the only 2-D tensor. */
function pickTensor(path: string, entries: TensorEntry[], name: string | undefined): TensorEntry {
  if (name !== undefined) {
    const tensor = entries.find((t) => t.name === name)
    if (!tensor)
      throw new InputError(
        `${path}: has no tensor named ${JSON.stringify(name)}; its tensors are ${describe(entries) || 'none'}.`,
      )
    return tensor
  }
  const matrices = entries.filter((t) => t.shape.length === 2)
  if (matrices.length === 1) return matrices[0]!
  if (matrices.length === 0) {
    throw new InputError(
      `${path}: holds no 2-D tensor to read as (N, d) embeddings; its tensors are ${describe(entries) || 'none'}.`,
    )
  }
  throw new InputError(
    `${path}: holds ${matrices.length} 2-D tensors (${describe(matrices)}); pass --tensor NAME to pick one.`,
  )
}

/** Requires rank 2, a supported dtype, a non-empty shape and data inside the file; returns [N, d]. */
function checkTensor(path: string, tensor: TensorEntry, dataBytes: number): [number, number] {
  const { name, dtype, shape } = tensor
  const shown = `[${shape.join(', ')}]`
  if (shape.length !== 2) {
    throw new InputError(
      `${path}: tensor ${name} has shape ${shown} (${shape.length}-D), but embeddings need a 2-D (N, d) tensor; reshape it before saving.`,
    )
  }
  const bytes = SUPPORTED[dtype]
  if (bytes === undefined) {
    throw new InputError(
      `${path}: tensor ${name} has dtype ${dtype}, which is not supported; supported dtypes are ${Object.keys(SUPPORTED).join(', ')}: convert it (e.g. tensor.float()) before saving.`,
    )
  }
  const [n, d] = shape as [number, number]
  if (d === 0)
    throw new InputError(`${path}: tensor ${name} has shape ${shown}, so d = 0; each item needs at least one value.`)
  if (n === 0)
    throw new InputError(`${path}: tensor ${name} has shape ${shown}, no items; the tensor must hold at least one row.`)
  const needed = n * d * bytes
  if (tensor.end - tensor.begin !== needed) {
    throw new InputError(
      `${path}: tensor ${name} (${dtype} ${shown}) needs ${needed} bytes but its data_offsets [${tensor.begin}, ${tensor.end}] span ${tensor.end - tensor.begin}; the header is damaged.`,
    )
  }
  if (tensor.end > dataBytes) {
    throw new InputError(
      `${path}: tensor ${name} ends at byte ${tensor.end} of the data, but the file holds only ${dataBytes} bytes after the header; the file is truncated: re-create it.`,
    )
  }
  return [n, d]
}

/** Reads the tensor in chunks, converting little-endian F16, BF16 or F64 (or F32 on a big-endian host) to float32. */
async function readConverted(
  path: string,
  handle: fsp.FileHandle,
  tensor: TensorEntry,
  position: number,
  data: Float32Array,
  chunkSize: number,
): Promise<void> {
  const width = SUPPORTED[tensor.dtype]!
  const perChunk = Math.max(1, Math.floor(chunkSize / width))
  // A fresh buffer: DataView reads need no alignment, and the byte order is explicit.
  const chunk = new Uint8Array(perChunk * width)
  const view = new DataView(chunk.buffer)
  const d = tensor.shape[1]!
  for (let start = 0; start < data.length; start += perChunk) {
    const count = Math.min(perChunk, data.length - start)
    await readFully(path, handle, chunk.subarray(0, count * width), position + start * width)
    for (let i = 0; i < count; i++) {
      const value = decode(view, i * width, tensor.dtype)
      data[start + i] = value
      const stored = data[start + i]!
      if (stored - stored !== 0 && Number.isFinite(value)) {
        const k = start + i
        throw new InputError(
          `${path}: tensor ${tensor.name}, row ${Math.floor(k / d) + 1}, column ${(k % d) + 1} (${value}) overflows float32 (largest 3.4e38); rescale the data before saving.`,
        )
      }
    }
  }
}

/** The element of `dtype` at byte `at` (little-endian). */
function decode(view: DataView, at: number, dtype: string): number {
  switch (dtype) {
    case 'F32':
      return view.getFloat32(at, true)
    case 'F64':
      return view.getFloat64(at, true)
    case 'F16':
      return halfTable()[view.getUint16(at, true)]!
    default:
      return bf16Table()[view.getUint16(at, true)]!
  }
}
