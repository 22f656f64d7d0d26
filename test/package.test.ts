import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as api from '../src/index.js'

const root = join(import.meta.dirname, '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

describe('package', () => {
  it('exports the public API from one entry', () => {
    for (const name of [
      'loadEmbeddings',
      'saveNpy',
      'loadEngine',
      'estimateConsistency',
      'parseKList',
      'searchSpace',
      'theoryCurve',
      'pInOut',
      'lawMoments',
      'parseLaw',
      'measureMoments',
      'generate',
      'center',
      'normalize',
      'consistencyChart',
      'savePlot',
      'rng',
      'InputError',
      'runResult',
      'loadInteractions',
      'trainAls',
      'trainSvd',
      'diagnose',
      'whiten',
      'applyPipeline',
    ]) {
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function')
    }
  })

  it('exports one run per command, top level and under `runs`', () => {
    const runs = (api as unknown as { runs: Record<string, unknown> }).runs
    for (const name of ['estimate', 'theory', 'simulate', 'checkNormal', 'pairwise', 'compare', 'demo', 'sets']) {
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function')
      expect(runs[name], name).toBe((api as Record<string, unknown>)[name])
    }
    for (const name of ['align', 'train', 'report', 'diagnose']) expect(typeof runs[name], name).toBe('function')
  })

  it('is an ESM package with a bin named avgcon and the README scripts', () => {
    expect(pkg.type).toBe('module')
    expect(pkg.bin).toEqual({ avgcon: 'dist/cli/main.js' })
    for (const s of ['build', 'test', 'typecheck', 'lint', 'bench']) expect(pkg.scripts[s], s).toBeTypeOf('string')
    expect(readFileSync(join(root, 'src/cli/main.ts'), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true)
  })

  it('never uses Math.random (every random choice goes through rng(seed))', () => {
    const offenders = [...files(join(root, 'src')), ...files(join(root, 'test'))]
      .filter((f) => /\.(ts|mjs|js)$/.test(f) && f !== join(root, 'test/package.test.ts'))
      .filter((f) => readFileSync(f, 'utf8').includes('Math.random'))
    expect(offenders).toEqual([])
  })

  it('keeps source files small (at most 400 lines)', () => {
    const long = files(join(root, 'src')).filter((f) => readFileSync(f, 'utf8').split('\n').length > 400)
    expect(long).toEqual([])
  })
})
