/**
 * Damaged files must fail with an InputError (one sentence for the user), never
 * with a TypeError, RangeError or a hang: truncations, overwritten bytes,
 * inserted bytes and random garbage, for every format, at several chunk sizes.
 */
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InputError, setWarnSink } from '../../src/errors.js'
import type { Embeddings } from '../../src/io/embeddings.js'
import { loadEmbeddings } from '../../src/io/registry.js'
import { arbitraryEmbeddings, buildNpy, makeTempDir } from './helpers.js'
import { arbitraryTextLayout, buildDelimited, buildWord2vec } from './text-builders.js'

let tmp: ReturnType<typeof makeTempDir>
let previousSink: (message: string) => void
beforeEach(() => {
  tmp = makeTempDir()
  previousSink = setWarnSink(() => undefined)
})
afterEach(() => {
  tmp.cleanup()
  setWarnSink(previousSink)
})

type Damage =
  | { kind: 'truncate'; at: number }
  | { kind: 'overwrite'; at: number; bytes: number[] }
  | { kind: 'insert'; at: number; bytes: number[] }

const damage: fc.Arbitrary<Damage[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('overwrite' as const),
      at: fc.nat(),
      bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }),
    }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.array(fc.constantFrom(0, 10, 13, 32, 34, 44, 9, 0x93, 0xff, 48, 101, 45), {
        minLength: 1,
        maxLength: 4,
      }),
    }),
  ),
  { minLength: 1, maxLength: 3 },
)

/** Applies each damage at a position taken modulo the current length. */
function applyDamage(original: Uint8Array, steps: Damage[]): Uint8Array {
  let bytes = Uint8Array.from(original)
  for (const step of steps) {
    const at = bytes.length === 0 ? 0 : step.at % (bytes.length + 1)
    if (step.kind === 'truncate') bytes = bytes.subarray(0, at)
    else if (step.kind === 'overwrite')
      step.bytes.forEach((byte, i) => {
        if (at + i < bytes.length) bytes[at + i] = byte
      })
    else bytes = Uint8Array.from([...bytes.subarray(0, at), ...step.bytes, ...bytes.subarray(at)])
  }
  return bytes
}

/** Loads `bytes` saved under `name`: resolving with valid embeddings, or rejecting with an InputError, are both fine. */
async function expectOnlyInputErrors(name: string, bytes: Uint8Array, chunkSize: number): Promise<void> {
  const path = tmp.write(name, bytes)
  try {
    const e = await loadEmbeddings(path, { chunkSize })
    expect(e.data.length).toBe(e.n * e.d)
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    expect((error as Error).message.startsWith(path) || (error as Error).message.startsWith(`${path}.ids.txt`)).toBe(
      true,
    )
    expect((error as Error).message).not.toMatch(/\n/)
  }
}

const someMatrix = arbitraryEmbeddings({ ids: 'always', maxN: 8, maxD: 5 })
const npyLayout = fc.record({
  descr: fc.constantFrom('<f4', '>f4', '<f8', '>f2'),
  fortran: fc.boolean(),
  version: fc.constantFrom(1 as const, 2 as const, 3 as const),
})

/** Valid files of every format, as bytes, with the name they are saved under. */
const validFile: fc.Arbitrary<[string, Uint8Array]> = fc.oneof(
  fc
    .tuple(someMatrix, npyLayout)
    .map(([e, layout]): [string, Uint8Array] => ['f.npy', buildNpy(withoutIds(e), layout)]),
  fc
    .tuple(someMatrix, arbitraryTextLayout())
    .map(([e, layout]): [string, Uint8Array] => [
      layout.delimiter === ',' ? 'f.csv' : layout.delimiter === '\t' ? 'f.tsv' : 'f.txt',
      Buffer.from(buildDelimited(e, layout)),
    ]),
  someMatrix.map((e): [string, Uint8Array] => ['f.vec', Buffer.from(buildWord2vec(e, { trailingSpace: true }))]),
  someMatrix.map((e): [string, Uint8Array] => ['f.txt', Buffer.from(buildWord2vec(e))]),
)

function withoutIds(e: Embeddings): Embeddings {
  return { n: e.n, d: e.d, data: e.data }
}

describe('damaged files', () => {
  it('fail only with InputErrors naming the file', async () => {
    await fc.assert(
      fc.asyncProperty(validFile, damage, fc.constantFrom(3, 17, 1 << 20), async ([name, bytes], steps, chunkSize) => {
        await expectOnlyInputErrors(name, applyDamage(bytes, steps), chunkSize)
      }),
      { numRuns: 800 },
    )
  })

  it('random bytes under every extension fail only with InputErrors', async () => {
    const extensions = ['npy', 'csv', 'tsv', 'txt', 'vec']
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 300 }),
        fc.constantFrom(...extensions),
        async (bytes, extension) => {
          await expectOnlyInputErrors(`r.${extension}`, bytes, 7)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('npy headers with random values in every header byte fail only with InputErrors', async () => {
    const valid = buildNpy({ n: 3, d: 2, data: Float32Array.from([1, 2, 3, 4, 5, 6]) })
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 127 }), fc.integer({ min: 0, max: 255 }), async (at, byte) => {
        const bytes = Uint8Array.from(valid)
        bytes[at] = byte
        await expectOnlyInputErrors('h.npy', bytes, 5)
      }),
      { numRuns: 500 },
    )
  })
})
