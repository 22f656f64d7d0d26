/**
 * .npz loader: archives written here with fflate (stored and deflated) around
 * .npy members built byte by byte load bit for bit; the array is chosen as
 * documented; bad archives and arrays fail with one InputError naming the file.
 */
import { type Zippable, zipSync } from 'fflate'
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest'
import { InputError, setWarnSink } from '../../src/errors.js'
import { loadEmbeddings } from '../../src/io/index.js'
import { avgcon } from '../helpers/cli.js'
import { makeTempDir } from './helpers.js'

let tmp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  tmp = makeTempDir()
  setWarnSink(() => undefined)
})
afterEach(() => tmp.cleanup())

type Descr = '<f4' | '<f8' | '>f4' | '<i4'

/** A version 1.0 .npy file: magic, header dict padded to 64 bytes, then `values` in file order. */
function npy(descr: Descr, shape: number[], values: readonly number[], fortran = false): Uint8Array {
  const shown = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shown}, }`
  const headerLength = Math.ceil((10 + dict.length + 1) / 64) * 64
  const width = descr.endsWith('8') ? 8 : 4
  const out = new Uint8Array(headerLength + values.length * width)
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0)
  const view = new DataView(out.buffer)
  view.setUint16(8, headerLength - 10, true)
  out.set(Buffer.from(dict.padEnd(headerLength - 11, ' ') + '\n', 'latin1'), 10)
  values.forEach((v, i) => {
    const at = headerLength + i * width
    if (descr === '<f4') view.setFloat32(at, v, true)
    else if (descr === '>f4') view.setFloat32(at, v, false)
    else if (descr === '<f8') view.setFloat64(at, v, true)
    else view.setInt32(at, v, true)
  })
  return out
}

/** Writes an .npz of `members` (name without .npy -> npy bytes), stored (level 0) or deflated. */
function npz(name: string, members: Record<string, Uint8Array>, level: 0 | 6 = 0): string {
  const entries: Zippable = {}
  for (const [key, bytes] of Object.entries(members)) entries[`${key}.npy`] = [bytes, { level }]
  return tmp.write(name, zipSync(entries))
}

/** An n x d matrix of float32-exact values (row-major), distinct per seed. */
function matrix(n: number, d: number, seed: number): Float32Array {
  const out = new Float32Array(n * d)
  for (let i = 0; i < out.length; i++) out[i] = Math.fround(Math.sin(seed * 1000 + i) * 10 ** ((i % 7) - 3))
  out[0] = -0
  return out
}

/** The values of an n x d row-major matrix in column-major (Fortran) order. */
function fortranOrder(m: Float32Array, n: number, d: number): number[] {
  const out: number[] = []
  for (let c = 0; c < d; c++) for (let r = 0; r < n; r++) out.push(m[r * d + c]!)
  return out
}

const bits = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

async function expectInputError(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(InputError)
  const text = (error as Error).message
  expect(text).toMatch(message)
  expect(text).not.toMatch(/\n/)
}

describe('npz: round trips, bit for bit', () => {
  const n = 7,
    d = 5
  const m = matrix(n, d, 1)
  for (const level of [0, 6] as const) {
    for (const descr of ['<f4', '<f8', '>f4'] as const) {
      it(`${level === 0 ? 'stored' : 'deflated'} ${descr} C order`, async () => {
        const path = npz('a.npz', { emb: npy(descr, [n, d], [...m]) }, level)
        const e = await loadEmbeddings(path)
        expect([e.n, e.d]).toEqual([n, d])
        expect(bits(e.data)).toEqual(bits(m))
      })
    }
    it(`${level === 0 ? 'stored' : 'deflated'} <f4 Fortran order, converted in tiny chunks`, async () => {
      const path = npz('f.npz', { emb: npy('<f4', [n, d], fortranOrder(m, n, d), true) }, level)
      const e = await loadEmbeddings(path, { chunkSize: 12 })
      expect(bits(e.data)).toEqual(bits(m))
    })
  }

  it('is picked by the .npz extension and by format "npz", with ids from the sidecar', async () => {
    const path = npz('ids.npz', { emb: npy('<f4', [2, 1], [1, 2]) }, 6)
    tmp.write('ids.npz.ids.txt', 'x\ny\n')
    const e = await loadEmbeddings(path, { format: 'npz' })
    expect(e.ids).toEqual(['x', 'y'])
  })
})

describe('npz: which array is read', () => {
  const items = matrix(4, 3, 2)
  const users = matrix(6, 3, 3)
  const scalars = { regularization: npy('<f8', [], [0.01]), iterations: npy('<i4', [], [15]) }

  it('takes the only 2-D float array, past scalars, 1-D and integer arrays', async () => {
    const path = npz('one.npz', { ...scalars, bias: npy('<f4', [4], [1, 2, 3, 4]), v: npy('<f4', [4, 3], [...items]) })
    expect(bits((await loadEmbeddings(path)).data)).toEqual(bits(items))
  })

  it("takes implicit's item_factors when several 2-D arrays exist, else what --array names", async () => {
    const path = npz(
      'implicit.npz',
      { ...scalars, user_factors: npy('<f4', [6, 3], [...users]), item_factors: npy('<f4', [4, 3], [...items]) },
      6,
    )
    expect(bits((await loadEmbeddings(path)).data)).toEqual(bits(items))
    expect(bits((await loadEmbeddings(path, { array: 'user_factors' })).data)).toEqual(bits(users))
    expect(bits((await loadEmbeddings(path, { array: 'user_factors.npy' })).data)).toEqual(bits(users))
  })

  it('asks for --array when two 2-D arrays and no item_factors exist', async () => {
    const path = npz('two.npz', { a: npy('<f4', [4, 3], [...items]), b: npy('<f8', [6, 3], [...users]), ...scalars })
    await expectInputError(
      loadEmbeddings(path),
      /two\.npz: holds 2 2-D float arrays \(a \(<f4 \(4, 3\)\), b \(<f8 \(6, 3\)\)\); pick one with --array NAME\.$/,
    )
  })

  it('names the arrays when none is 2-D, and when --array names none of them', async () => {
    const path = npz('none.npz', { bias: npy('<f4', [3], [1, 2, 3]), ...scalars })
    await expectInputError(
      loadEmbeddings(path),
      /none\.npz: holds no 2-D float array .*; its arrays are bias \(<f4 \(3,\)\), regularization \(<f8 \(\)\), iterations \(not a float array\): pick one with --array NAME\.$/,
    )
    await expectInputError(
      loadEmbeddings(path, { array: 'item_factors' }),
      /none\.npz: has no array named "item_factors"; its arrays are bias .*: pick one with --array NAME\.$/,
    )
  })
})

describe('npz: bad input is one InputError naming the file', () => {
  const good = (): Uint8Array => zipSync({ 'v.npy': [npy('<f4', [20, 4], [...matrix(20, 4, 4)]), { level: 6 }] })
  const cases: [string, () => Uint8Array, RegExp][] = [
    ['not a zip', () => Buffer.from('id,x\na,1\n'), /bad\.npz: not a zip archive/],
    ['a truncated zip', () => good().subarray(0, 60), /bad\.npz: truncated zip archive/],
    [
      'a member that is not .npy',
      () => zipSync({ 'v.npy': Buffer.from('hello, not numpy at all') }),
      /bad\.npz \(array v\): not a \.npy file/,
    ],
    ['a 1-D array', () => zipSync({ 'v.npy': npy('<f4', [3], [1, 2, 3]) }), /bad\.npz \(array v\): .*\(3,\) \(1-D\)/],
    [
      'a 3-D array',
      () => zipSync({ 'v.npy': npy('<f4', [2, 1, 2], [1, 2, 3, 4]) }),
      /bad\.npz \(array v\): .*\(2, 1, 2\) \(3-D\)/,
    ],
    [
      'an integer array',
      () => zipSync({ 'v.npy': npy('<i4', [2, 2], [1, 2, 3, 4]) }),
      /bad\.npz \(array v\): npy dtype '<i4' is not supported/,
    ],
    ['a NaN', () => zipSync({ 'v.npy': npy('<f4', [2, 2], [1, 2, NaN, 4]) }), /bad\.npz: row 2, column 1 is NaN/],
    [
      'an Infinity',
      () => zipSync({ 'v.npy': npy('<f8', [2, 2], [1, Infinity, 3, 4]) }),
      /bad\.npz: row 1, column 2 is Infinity/,
    ],
  ]
  for (const [what, bytes, message] of cases) {
    it(what, async () => {
      await expectInputError(loadEmbeddings(tmp.write('bad.npz', bytes())), message)
    })
  }
})

describe('avgcon estimate on an .npz', () => {
  const cli = makeTempDir()
  beforeAll(() => {
    const items = matrix(30, 4, 5)
    const users = matrix(9, 4, 6)
    cli.write(
      'model.npz',
      zipSync({
        'user_factors.npy': npy('<f4', [9, 4], [...users]),
        'item_factors.npy': npy('<f4', [30, 4], [...items]),
      }),
    )
  })
  afterAll(() => cli.cleanup())

  it('reads the array --array names', () => {
    const r = avgcon(['estimate', cli.path('model.npz'), '--array', 'item_factors', '--k', '2', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ input: { file: 'model.npz', format: 'npz', n: 30, d: 4 } })
  })
})
