/**
 * The CLI runs whose `--json` is pinned by golden files (test/runs/golden/<name>.json):
 * the README's commands that need no downloaded data, and small runs of every command on
 * generated inputs. `inputs()` writes those inputs into a directory; commands name them
 * relative to it (the CLI runs with that directory as its working directory).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { saveNpy } from '../../src/io/index.js'
import { interactionsFromRows } from '../../src/io/interactions.js'
import { trainAls } from '../../src/train/index.js'
import { logText, plantedLog } from '../helpers/planted-log.js'
import { tempDir } from '../helpers/cli.js'
import { afterAll, beforeAll } from 'vitest'

/** One pinned run: a file-safe name and the CLI arguments (without --json, added when needed). */
export interface GoldenCase {
  name: string
  args: string[]
}

export const CASES: GoldenCase[] = [
  // README commands (those that need no downloaded data)
  { name: 'readme-theory', args: ['theory', '--n', '1e6', '--d', '128', '--law', 'normal', '--k', '2..50:8'] },
  { name: 'readme-simulate', args: ['simulate', '--law', 'normal', '--n', '1000', '--d', '128', '--k', '2..50:8'] },
  { name: 'readme-check-normal', args: ['check-normal', '--law', 'uniform01', '--d', '2,10,32,64,128'] },
  // estimate
  {
    name: 'estimate-synthetic',
    args: ['estimate', '--synthetic', 'normal', '--n', '2000', '--d', '32', '--k', '2..20:3', '--center'],
  },
  { name: 'estimate-file-ci', args: ['estimate', 'items.npy', '--k', '2,5', '--metric', 'cosine', '--ci', '0.05'] },
  { name: 'demo', args: ['demo', '--k', '2,5', '--samples', '200'] },
  // theory
  // Proposition 2 on explicit and measured moments (their default before the fitted laws made it exact)
  {
    name: 'theory-moments',
    args: ['theory', '--moments', '0,1,0,6', '--n', '1e5', '--d', '32', '--k', '2,5,10', '--method', 'prop2'],
  },
  {
    name: 'theory-from-perdim',
    args: ['theory', '--from', 'items.npy', '--center', '--per-dim', '--k', '2,5', '--method', 'prop2'],
  },
  { name: 'theory-from-pooled', args: ['theory', '--from', 'items.npy', '--k', '2..10:4', '--method', 'prop2'] },
  // the exact method on them, through fitted laws (variance-gamma; beta; per dimension beta and variance-gamma)
  {
    name: 'theory-exact-moments',
    args: [
      'theory',
      '--moments',
      '0,1,0,6',
      '--n',
      '1e5',
      '--d',
      '32',
      '--k',
      '2,5,10',
      '--sets',
      '300',
      '--seed',
      '2',
    ],
  },
  {
    name: 'theory-exact-from-pooled',
    args: ['theory', '--from', 'items.npy', '--k', '2..10:4', '--sets', '300', '--seed', '2'],
  },
  {
    name: 'theory-exact-from-perdim',
    args: ['theory', '--from', 'items.npy', '--center', '--per-dim', '--k', '2,5', '--sets', '300', '--seed', '2'],
  },
  // Proposition 2 for the README's law (readme-theory's golden before --method exact became the default)
  {
    name: 'theory-prop2',
    args: ['theory', '--n', '1e6', '--d', '128', '--law', 'normal', '--k', '2..50:8', '--method', 'prop2'],
  },
  // a law the exact method lacks: Proposition 2 with a note (student-t: rademacher became exact)
  {
    name: 'theory-exact-student',
    args: ['theory', '--n', '5e4', '--d', '64', '--law', 'student-t(10)', '--k', '2,7', '--sets', '300', '--seed', '2'],
  },
  {
    name: 'theory-exact-laplace',
    args: ['theory', '--n', '1e5', '--d', '32', '--law', 'laplace', '--k', '2,7', '--sets', '300', '--seed', '2'],
  },
  // simulate
  {
    name: 'simulate-grid-ci',
    args: ['simulate', '--law', 'rademacher', '--n', '500,1000', '--d', '16,32', '--k', '2,5', '--ci', '0.05'],
  },
  // check-normal
  { name: 'check-normal-discrete', args: ['check-normal', '--law', 'rademacher', '--d', '2,8', '--pairs', '5000'] },
  // pairwise
  {
    name: 'pairwise-synthetic',
    args: ['pairwise', '--synthetic', 'normal', '--n', '2000', '--d', '32', '--k', '2..20:6', '--pairs', '2000'],
  },
  { name: 'pairwise-file', args: ['pairwise', 'items.npy', '--center', '--k', '2,5', '--pairs', '1000'] },
  // compare
  { name: 'compare', args: ['compare', 'items.npy', '--center', '--k', '2..20:6', '--samples', '300'] },
  // sets
  { name: 'sets-log', args: ['sets', 'items.npy', '--sets', 'log.tsv', '--names', 'names.item'] },
  {
    name: 'sets-lines',
    args: ['sets', 'items.npy', '--sets', 'lines.txt', '--set-format', 'lines', '--metric', 'cosine', '--at', '5'],
  },
  // diagnose
  { name: 'diagnose-file', args: ['diagnose', 'items.npy', '--names', 'names.item', '--k', '5', '--samples', '300'] },
  {
    name: 'diagnose-synthetic',
    args: [
      'diagnose',
      '--synthetic',
      'normal',
      '--n',
      '2000',
      '--d',
      '16',
      '--item-hubness',
      '200',
      '--samples',
      '300',
    ],
  },
  // align
  {
    name: 'align-transform',
    args: [
      'align',
      'items.npy',
      '--transform',
      'clip-norms=0.5',
      '--interactions',
      'log.tsv',
      '--k',
      '2,5',
      '--samples',
      '200',
      '--diagnose-samples',
      '300',
      '--out',
      'clip.npy',
    ],
  },
  {
    name: 'align-sweep',
    args: [
      'align',
      '--sweep',
      '--interactions',
      'log.tsv',
      '--strengths',
      '0,10',
      '--dim',
      '8',
      '--iterations',
      '3',
      '--diagnose-samples',
      '200',
    ],
  },
  // train
  { name: 'train-als', args: ['train', 'als', 'log.tsv', '--dim', '8', '--iterations', '4', '--out', 'als.npy'] },
  {
    name: 'train-svd',
    args: ['train', 'svd', 'log.tsv', '--dim', '8', '--matrix', 'interactions', '--out', 'svd.csv'],
  },
  // report (--json prints the page's embedded results JSON)
  {
    name: 'report',
    args: [
      'report',
      'items.npy',
      '--center',
      '--sets',
      'log.tsv',
      '--names',
      'names.item',
      '--k',
      '2..10:4',
      '--out',
      'r.html',
      '--quiet',
    ],
  },
]

/** Writes the generated inputs the cases name: items.npy (+ ids), log.tsv, lines.txt, names.item. */
export async function inputs(dir: string): Promise<void> {
  const log = plantedLog({ users: 160, clusters: 4, perCluster: 25, seed: 5 })
  const { itemFactors } = trainAls(interactionsFromRows(log.rows), { factors: 8, iterations: 6, seed: 1 })
  await saveNpy(join(dir, 'items.npy'), itemFactors)
  writeFileSync(join(dir, 'log.tsv'), logText(log))
  writeFileSync(
    join(dir, 'lines.txt'),
    'p1: c0i1 c0i2 c0i3 nope\np2: c1i4, c1i5\np3: gone missing\nc2i1 c2i2 c2i3 c2i4\n',
  )
  writeFileSync(
    join(dir, 'names.item'),
    log.clusters
      .flat()
      .map((id) => `${id}|Film ${id} (1999)|01-Jan-1999||http://x|0|1`)
      .join('\n') + '\n',
  )
}

/** Timing and machine fields vary from run to run: they are replaced before comparing. */
const VARYING = new Set(['seconds', 'trainSeconds', 'engine', 'date', 'node'])

/** A copy of a results JSON with every varying field set to "*". */
export function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, VARYING.has(k) ? '*' : masked(v)]))
}

/** The golden `--json` of a case (what the CLI prints, as golden.test.ts proves), masked. */
export function golden(name: string): unknown {
  if (!CASES.some((c) => c.name === name)) throw new Error(`no golden case ${name}`)
  return JSON.parse(readFileSync(join(import.meta.dirname, 'golden', `${name}.json`), 'utf8'))
}

/**
 * A temporary directory holding the cases' inputs, made the working directory for the
 * file's tests (envelopes echo paths as given, so runs must start where the CLI cases ran).
 */
export function inCaseDir(prefix: string): string {
  const { dir, cleanup } = tempDir(prefix)
  const home = process.cwd()
  beforeAll(async () => {
    await inputs(dir)
    process.chdir(dir)
  })
  afterAll(() => {
    process.chdir(home)
    cleanup()
  })
  return dir
}
