/**
 * The parts of a zip archive an .npz loader needs: the member list from the
 * central directory (zip64 included), the first bytes of one member (to read an
 * .npy header without inflating the rest), and one whole member through
 * fflate's `unzipSync` with a filter, so no other member is decompressed.
 * https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 */
import { Inflate, unzipSync } from 'fflate'
import { InputError } from '../errors.js'

/** One member as the central directory describes it. */
export interface ZipMember {
  name: string
  /** 0 (stored) or 8 (deflated); others are refused when read. */
  method: number
  compressedSize: number
  size: number
  /** Offset of the member's first data byte in the archive. */
  dataStart: number
}

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const MAX_COMMENT = 0xffff
const FULL32 = 0xffffffff

/** Reads little-endian integers, turning any read past the end into one "damaged" InputError. */
class Reader {
  private readonly view: DataView
  constructor(
    private readonly path: string,
    readonly bytes: Uint8Array,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  damaged(why: string): InputError {
    return new InputError(`${this.path}: damaged or truncated zip archive (${why}); re-create it with numpy.savez.`)
  }
  u16(at: number): number {
    if (at < 0 || at + 2 > this.bytes.length) throw this.damaged(`a record runs past the end at byte ${at}`)
    return this.view.getUint16(at, true)
  }
  u32(at: number): number {
    if (at < 0 || at + 4 > this.bytes.length) throw this.damaged(`a record runs past the end at byte ${at}`)
    return this.view.getUint32(at, true)
  }
  u64(at: number): number {
    const value = this.u32(at) + this.u32(at + 4) * 2 ** 32
    if (!Number.isSafeInteger(value)) throw this.damaged(`a 64-bit size at byte ${at} is too large to be real`)
    return value
  }
}

/** Where the end-of-central-directory record starts, or -1. */
function findEnd(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let at = bytes.length - 22; at >= 0 && bytes.length - at <= 22 + MAX_COMMENT; at--) {
    if (view.getUint32(at, true) === EOCD) return at
  }
  return -1
}

/** The members of the zip archive `bytes` (read from `path`), in central-directory order. */
export function listZipMembers(path: string, bytes: Uint8Array): ZipMember[] {
  const end = findEnd(bytes)
  if (end < 0) {
    const zipStart = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4
    throw new InputError(
      zipStart
        ? `${path}: truncated zip archive (it starts like one but has no end-of-central-directory record); the file is incomplete: re-create it.`
        : `${path}: not a zip archive (no end-of-central-directory record); an .npz must be written by numpy.savez or numpy.savez_compressed.`,
    )
  }
  const r = new Reader(path, bytes)
  let count = r.u16(end + 10)
  let offset = r.u32(end + 16)
  if (end >= 20 && r.u32(end - 20) === ZIP64_LOCATOR) {
    const record = r.u64(end - 12)
    if (r.u32(record) !== ZIP64_EOCD) throw r.damaged('the zip64 end record is missing')
    count = r.u64(record + 32)
    offset = r.u64(record + 48)
  }
  const members: ZipMember[] = []
  for (let i = 0; i < count; i++) {
    if (r.u32(offset) !== CENTRAL) throw r.damaged(`central directory entry ${i + 1} is missing`)
    const nameLength = r.u16(offset + 28)
    const extraLength = r.u16(offset + 30)
    const nameStart = offset + 46
    if (nameStart + nameLength + extraLength > bytes.length) throw r.damaged(`entry ${i + 1} runs past the end`)
    const utf8 = (r.u16(offset + 8) & 0x800) !== 0
    const name = Buffer.from(bytes.buffer, bytes.byteOffset + nameStart, nameLength).toString(utf8 ? 'utf8' : 'latin1')
    let compressedSize = r.u32(offset + 20)
    let size = r.u32(offset + 24)
    let local = r.u32(offset + 42)
    // zip64: the fields set to 0xFFFFFFFF are in extra field 0x0001, in this order.
    if (size === FULL32 || compressedSize === FULL32 || local === FULL32) {
      let field = nameStart + nameLength
      const extraEnd = field + extraLength
      while (field + 4 <= extraEnd && r.u16(field) !== 1) field += 4 + r.u16(field + 2)
      if (field + 4 > extraEnd) throw r.damaged(`entry ${JSON.stringify(name)} lacks its zip64 sizes`)
      let at = field + 4
      const next = (): number => ((at += 8), r.u64(at - 8))
      if (size === FULL32) size = next()
      if (compressedSize === FULL32) compressedSize = next()
      if (local === FULL32) local = next()
    }
    if (r.u32(local) !== LOCAL) throw r.damaged(`the local header of ${JSON.stringify(name)} is missing`)
    const dataStart = local + 30 + r.u16(local + 26) + r.u16(local + 28)
    if (dataStart + compressedSize > bytes.length) throw r.damaged(`member ${JSON.stringify(name)} is cut off`)
    members.push({ name, method: r.u16(offset + 10), compressedSize, size, dataStart })
    offset = nameStart + nameLength + extraLength + r.u16(offset + 32)
  }
  return members
}

function checkMethod(path: string, member: ZipMember): void {
  if (member.method !== 0 && member.method !== 8) {
    throw new InputError(
      `${path}: member ${JSON.stringify(member.name)} uses zip compression method ${member.method}, but only stored and deflated are read; re-save it with numpy.savez or numpy.savez_compressed.`,
    )
  }
}

/** Step of compressed input when inflating only a member's first bytes (at most ~4 MiB out per step). */
const PEEK_STEP = 1 << 12

/** The first `count` bytes of `member` (fewer if it is shorter), inflating no more than needed. */
export function peekZipMember(path: string, bytes: Uint8Array, member: ZipMember, count: number): Uint8Array {
  checkMethod(path, member)
  const data = bytes.subarray(member.dataStart, member.dataStart + member.compressedSize)
  if (member.method === 0) return data.subarray(0, count)
  const chunks: Uint8Array[] = []
  let got = 0
  const inflater = new Inflate((chunk) => {
    chunks.push(chunk)
    got += chunk.length
  })
  try {
    for (let at = 0; at < data.length && got < count; at += PEEK_STEP)
      inflater.push(data.subarray(at, at + PEEK_STEP), at + PEEK_STEP >= data.length)
  } catch (error) {
    throw inflateError(path, member, error)
  }
  return Buffer.concat(chunks).subarray(0, count)
}

function inflateError(path: string, member: ZipMember, error: unknown): InputError {
  const why = error instanceof Error ? error.message : String(error)
  return new InputError(
    `${path}: member ${JSON.stringify(member.name)} does not inflate (${why}); the archive is damaged: re-create it.`,
  )
}

/** The whole of `member`, decompressed by fflate (only this member: the filter skips the rest). */
export function readZipMember(path: string, bytes: Uint8Array, member: ZipMember): Uint8Array {
  checkMethod(path, member)
  let out: Uint8Array | undefined
  try {
    out = unzipSync(bytes, { filter: (file) => file.name === member.name })[member.name]
  } catch (error) {
    if (error instanceof RangeError)
      throw new InputError(
        `${path}: member ${JSON.stringify(member.name)} (${member.size} bytes) does not fit in memory; use a machine with more memory.`,
      )
    throw inflateError(path, member, error)
  }
  if (!out || out.length !== member.size) {
    throw new InputError(
      `${path}: member ${JSON.stringify(member.name)} inflates to ${out?.length ?? 0} bytes, not the ${member.size} its header says; the archive is damaged: re-create it.`,
    )
  }
  return out
}
