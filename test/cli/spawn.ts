import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { CliRun } from '../helpers/cli.js'

const MAIN = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js')

/**
 * Like helpers/cli.ts `avgcon`, but asynchronous: tests that check many bad inputs
 * start every process at once and await them together, so a file of 15 one-line
 * error checks costs about one node start-up per core instead of 15 in a row.
 */
export function avgconAsync(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = '',
      stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
  })
}

/** Runs every argument list concurrently; results in the same order. */
export function avgconAll(argLists: string[][]): Promise<CliRun[]> {
  return Promise.all(argLists.map(avgconAsync))
}

/** One bad-input case: what it is, the arguments after the command, the message expected on stderr. */
export type BadCase = [what: string, args: string[], message: RegExp]

/**
 * The contract for bad input, checked for every case (all processes run at once):
 * exit 2, nothing on stdout, one line on stderr matching `message`, no stack trace,
 * and neither the --out file nor the --plot file written.
 */
export function describeBadInput(command: string, cases: BadCase[], dir: string): void {
  describe(`avgcon ${command} on bad input: one sentence, exit 2, no stack, no output file`, () => {
    const paths = cases.map(([what]) => join(dir, `bad-${command}-${what.replace(/\W+/g, '-')}`))
    let runs: CliRun[] = []
    beforeAll(async () => {
      runs = await avgconAll(
        cases.map(([, args], i) => [command, ...args, '--out', `${paths[i]}.json`, '--plot', `${paths[i]}.svg`]),
      )
    })
    cases.forEach(([what, , message], i) => {
      it(what, () => {
        const r = runs[i]!
        expect(r.code, r.stderr).toBe(2)
        expect(r.stdout).toBe('')
        expect(r.stderr).toMatch(message)
        expect(r.stderr.trim().split('\n')).toHaveLength(1)
        expect(r.stderr).not.toMatch(/\n\s+at /)
        expect(existsSync(`${paths[i]}.json`)).toBe(false)
        expect(existsSync(`${paths[i]}.svg`)).toBe(false)
      })
    })
  })
}
