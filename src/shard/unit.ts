/**
 * One unit of sharded estimation: a batch of queries ranked against the item rows
 * [lo, hi) of the plan's .npy file, answered by each query's partial top-k (global
 * indices, float64 scores, the count of items past the list tied with its last score),
 * exactly the candidate list and tie count out-of-core.ts merges per block.
 */
import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import type { Metric } from '../estimate/metric.js'

/** The BullMQ queue every run's units go to (workers serve any run). */
export const QUEUE = 'avgcon-units'
/** Key prefix of BullMQ's keys and of the runs' own keys. */
export const PREFIX = 'avgcon'

/** The file a run reads, as the coordinator saw it. */
export interface FileIdentity {
  path: string
  size: number
  /** sha256 of the size, the first and the last MiB (the header included), hex. */
  checksum: string
  n: number
  d: number
}

/** A unit as queued (BullMQ job data; JSON). */
export interface UnitData {
  run: string
  round: number
  shard: number
  /** With --query-parts: which part of the round's queries. */
  part?: number
  lo: number
  hi: number
  file: FileIdentity
  /** Redis key holding the q x d float32 queries (raw bytes). */
  queries: string
  /** The unit's queries: rows [from, from + q) of the round's `total` (both absent: all of them). */
  q: number
  from?: number
  total?: number
  k: number
  metric: Metric
  /** --center: the float64 mean row, base64. */
  mean?: string
  normalize: boolean
  /** euclidean: the float32 centre of the whole matrix, base64. */
  centre?: string
  /** Redis key the worker writes the partial to, and its lifetime in seconds. */
  result: string
  ttl: number
}

/** A shard's candidates: per query kb = min(k, hi - lo) entries, best first. */
export interface Partial {
  q: number
  kb: number
  top: Int32Array
  scores: Float64Array
  tail: Int32Array
}

const MIB = 1 << 20

/** The size and checksum of `path` (header + first and last MiB), to tell a copy from another file. */
export async function fingerprint(path: string): Promise<{ size: number; checksum: string }> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    const hash = createHash('sha256').update(String(size))
    const head = Buffer.alloc(Math.min(size, MIB))
    await handle.read(head, 0, head.length, 0)
    hash.update(head)
    const tailStart = Math.max(0, size - MIB)
    const tail = Buffer.alloc(size - tailStart)
    await handle.read(tail, 0, tail.length, tailStart)
    hash.update(tail)
    return { size, checksum: hash.digest('hex') }
  } finally {
    await handle.close()
  }
}

/** Bytes of one partial in Redis. */
export function partialBytes(q: number, kb: number): number {
  return 16 + q * kb * 12 + q * 4
}

/** The partial as stored: a 16-byte header (magic, q, kb), the float64 scores, the indices, the tail counts. */
export function encodePartial(p: Partial): Buffer {
  const out = Buffer.alloc(partialBytes(p.q, p.kb))
  const header = new Int32Array(out.buffer, out.byteOffset, 4)
  header.set([0x61766731, p.q, p.kb, 0])
  let at = 16
  const put = (view: ArrayBufferView): void => {
    out.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), at)
    at += view.byteLength
  }
  put(p.scores)
  put(p.top)
  put(p.tail)
  return out
}

/** Reads back {@link encodePartial}; undefined when the bytes are not a partial of q queries. */
export function decodePartial(bytes: Buffer, q: number): Partial | undefined {
  if (bytes.length < 16) return undefined
  const copy = new Uint8Array(bytes) // aligned
  const header = new Int32Array(copy.buffer, 0, 4)
  const kb = header[2]!
  if (header[0] !== 0x61766731 || header[1] !== q || bytes.length !== partialBytes(q, kb)) return undefined
  const scores = new Float64Array(copy.buffer, 16, q * kb)
  const top = new Int32Array(copy.buffer, 16 + q * kb * 8, q * kb)
  const tail = new Int32Array(copy.buffer, 16 + q * kb * 12, q)
  return { q, kb, top, scores, tail }
}

/** Base64 of a typed array's bytes. */
export function toBase64(a: Float32Array | Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')
}

/** A Float64Array from base64. */
export function float64Of(text: string): Float64Array {
  const b = new Uint8Array(Buffer.from(text, 'base64'))
  return new Float64Array(b.buffer, 0, b.length / 8)
}

/** A Float32Array from base64 or raw bytes. */
export function float32Of(data: string | Buffer): Float32Array {
  const b = new Uint8Array(typeof data === 'string' ? Buffer.from(data, 'base64') : data)
  return new Float32Array(b.buffer, 0, b.length / 4)
}

/** Marks a worker's refusal for a data reason (the coordinator reports it as an input error). */
export const INPUT_MARK = '[input] '
