/**
 * Bit-identical numbers across refactors: every case of cases.ts runs through the built CLI
 * with --json, and its output (timings and machine fields masked) must equal the golden file
 * recorded before the commands moved into src/runs. RECORD_GOLDEN=1 rewrites the goldens.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { avgcon, tempDir } from '../helpers/cli.js'
import { CASES, inputs, masked } from './cases.js'

const GOLDEN = join(import.meta.dirname, 'golden')
const { dir, cleanup } = tempDir('avgcon-golden-')

beforeAll(() => inputs(dir))
afterAll(cleanup)

describe('--json of every command is unchanged (golden files)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const r = avgcon([...c.args, '--json', ...(c.args.includes('--quiet') ? [] : ['--quiet'])], { cwd: dir })
      expect(
        r.stderr
          .split('\n')
          .filter((l) => l !== '' && !l.includes('native top-k kernel') && !l.startsWith('avgcon: warning:')),
      ).toEqual([])
      expect(r.code).toBe(0)
      const got = masked(JSON.parse(r.stdout))
      const file = join(GOLDEN, `${c.name}.json`)
      if (process.env.RECORD_GOLDEN === '1' || !existsSync(file)) {
        mkdirSync(GOLDEN, { recursive: true })
        writeFileSync(file, JSON.stringify(got, null, 2) + '\n')
        if (process.env.RECORD_GOLDEN !== '1') throw new Error(`no golden ${c.name}.json; wrote it, check it in`)
      }
      expect(got).toEqual(JSON.parse(readFileSync(file, 'utf8')))
    })
  }
})
