/** The library's `theory` returns exactly what `avgcon theory --json` prints (golden files). */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { theory } from '../../src/runs/theory.js'
import { tempDir } from '../helpers/cli.js'
import { golden, inputs, masked } from './cases.js'

const { dir, cleanup } = tempDir('avgcon-run-theory-')
beforeAll(() => inputs(dir))
afterAll(cleanup)

describe('theory() is `avgcon theory --json`', () => {
  it('readme-theory: the exact method by default', async () => {
    expect(masked(await theory({ n: 1e6, d: 128, law: 'normal', k: '2..50:8' }))).toEqual(golden('readme-theory'))
  })
  it('theory-moments', async () => {
    const run = await theory({
      moments: { mean: 0, std: 1, skewness: 0, kurtosis: 6 },
      n: 1e5,
      d: 32,
      k: [2, 5, 10],
      method: 'prop2',
    })
    expect(masked(run)).toEqual(golden('theory-moments'))
  })
  it('theory-from-perdim', async () => {
    const file = join(dir, 'items.npy')
    const run = await theory({ from: { file }, center: true, perDim: true, k: '2,5', method: 'prop2' })
    expect(masked(run)).toEqual(golden('theory-from-perdim'))
  })
  it('theory-from-pooled', async () => {
    const run = await theory({ from: { file: join(dir, 'items.npy') }, k: '2..10:4', method: 'prop2' })
    expect(masked(run)).toEqual(golden('theory-from-pooled'))
  })
  it('theory-exact-moments: the exact method through a fitted law', async () => {
    const moments = { mean: 0, std: 1, skewness: 0, kurtosis: 6 }
    const run = await theory({ moments, n: 1e5, d: 32, k: [2, 5, 10], sets: 300, seed: 2 })
    expect(masked(run)).toEqual(golden('theory-exact-moments'))
  })
  it('theory-exact-from-pooled', async () => {
    const run = await theory({ from: { file: join(dir, 'items.npy') }, k: '2..10:4', sets: 300, seed: 2 })
    expect(masked(run)).toEqual(golden('theory-exact-from-pooled'))
  })
  it('theory-exact-from-perdim', async () => {
    const file = join(dir, 'items.npy')
    const run = await theory({ from: { file }, center: true, perDim: true, k: '2,5', sets: 300, seed: 2 })
    expect(masked(run)).toEqual(golden('theory-exact-from-perdim'))
  })
  it('theory-prop2', async () => {
    const run = await theory({ n: 1e6, d: 128, law: 'normal', k: '2..50:8', method: 'prop2' })
    expect(masked(run)).toEqual(golden('theory-prop2'))
  })
  it('theory-exact-student: Student t by characteristic-function inversion', async () => {
    const run = await theory({ n: 5e4, d: 64, law: 'student-t(10)', k: [2, 7], sets: 300, seed: 2 })
    expect(masked(run)).toEqual(golden('theory-exact-student'))
  })
  it('theory-exact-laplace', async () => {
    const run = await theory({ n: 1e5, d: 32, law: 'laplace', k: [2, 7], sets: 300, seed: 2 })
    expect(masked(run)).toEqual(golden('theory-exact-laplace'))
  })
  it('refuses bad options naming the field', async () => {
    await expect(theory({ method: 'mc' as 'exact' })).rejects.toThrow(expect.objectContaining({ field: 'method' }))
    await expect(theory({ law: 'normal', moments: { mean: 0, std: 1, skewness: 0, kurtosis: 3 } })).rejects.toThrow(
      'theory: give one source of moments, not `law` and `moments`.',
    )
    await expect(theory({ method: 'prop2', sets: 10 })).rejects.toThrow(expect.objectContaining({ field: 'sets' }))
    await expect(theory({ sets: 1 })).rejects.toThrow(expect.objectContaining({ field: 'sets' }))
    await expect(theory({ perDim: true })).rejects.toThrow(expect.objectContaining({ field: 'perDim' }))
  })
})
