import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import ts from 'typescript'
import * as api from '../src/index.js'

const root = join(import.meta.dirname, '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

/** The runtime values of the public entry, sorted. */
const PUBLIC_VALUES = [
  'InputError',
  'VERSION',
  'align',
  'applyPipeline',
  'center',
  'checkNormal',
  'clipNorms',
  'compare',
  'compareTransforms',
  'consistencyChart',
  'demo',
  'diagnose',
  'estimate',
  'estimateConsistency',
  'evaluateRanking',
  'exactCurve',
  'expectedConsistency',
  'generate',
  'hubnessMeasures',
  'lawMoments',
  'listFormats',
  'loadEmbeddings',
  'loadEngine',
  'loadInteractions',
  'loadRunInput',
  'loadSets',
  'measureMoments',
  'nativeAvailable',
  'nativeUnavailableReason',
  'normalize',
  'pInOut',
  'pairwise',
  'parseKList',
  'parseLaw',
  'parseMetric',
  'parseTransforms',
  'realSetConsistency',
  'referenceCurves',
  'registerFormat',
  'renderSvg',
  'report',
  'rng',
  'runResult',
  'runs',
  'saveDelimited',
  'saveNpy',
  'savePlot',
  'searchSpace',
  'setWarnSink',
  'sets',
  'simulate',
  'splitPerUser',
  'standardize',
  'theory',
  'theoryCurve',
  'toEmbeddings',
  'train',
  'trainAls',
  'trainAlsAsync',
  'trainSvd',
  'validateEmbeddings',
  'warn',
  'whiten',
]

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

describe('package', () => {
  it('exports exactly the pinned public API (a change to this list is deliberate)', () => {
    expect(Object.keys(api).sort()).toEqual(PUBLIC_VALUES)
    for (const name of PUBLIC_VALUES.filter((n) => n !== 'runs' && n !== 'VERSION'))
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function')
  })

  it('documents every export, values and types, with TSDoc; the main runs carry an example', () => {
    const program = ts.createProgram([join(root, 'src/index.ts')], { module: ts.ModuleKind.NodeNext, strict: true })
    const checker = program.getTypeChecker()
    const entry = checker.getSymbolAtLocation(program.getSourceFile(join(root, 'src/index.ts'))!)!
    const undocumented: string[] = []
    const exports = checker.getExportsOfModule(entry)
    for (const symbol of exports) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
      if (target.flags & ts.SymbolFlags.ValueModule) continue // the runs namespace: documented in runs/index.ts
      if (ts.displayPartsToString(target.getDocumentationComment(checker)).trim() === '') undocumented.push(symbol.name)
    }
    expect(undocumented).toEqual([])
    expect(exports.length).toBeGreaterThan(PUBLIC_VALUES.length) // the types too
    for (const name of ['estimate', 'theory', 'compare', 'sets', 'loadEmbeddings', 'estimateConsistency']) {
      const symbol = exports.find((s) => s.name === name)!
      const tags = checker.getAliasedSymbol(symbol).getJsDocTags(checker)
      expect(
        tags.some((t) => t.name === 'example'),
        `${name} has an @example`,
      ).toBe(true)
    }
  })

  it('serves internals only under the documented deep path avgcon/lib/*', () => {
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './lib/*', './package.json'])
    expect(pkg.exports['./lib/*'].default).toBe('./dist/*.js')
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
