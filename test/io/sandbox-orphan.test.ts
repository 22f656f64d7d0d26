/**
 * The Parquet sandbox never outlives the process that started it: the CLI is killed
 * (SIGKILL: no handler runs) while its sandbox decodes a file that never ends, and
 * the sandbox process is gone within a few of its 250 ms parent polls.
 */
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/cli.js'
import { parquetCases } from './hostile-corpus.js'

const MAIN = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js')
const { dir, cleanup } = tempDir('avgcon-orphan-')
afterAll(cleanup)
const file = join(dir, 'spins.parquet')
writeFileSync(file, parquetCases(1).find((c) => c.name === 'random3.parquet')!.bytes)

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
/**
 * Whether `pid` still runs. A killed orphan whose new parent (a container's pid 1)
 * does not reap it stays a zombie that answers kill(pid, 0): it counts as gone.
 */
const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !/^\d+ \(.*\) [ZX] /s.test(stat)
  } catch {
    return false
  }
}
/** Pids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

describe.runIf(process.platform === 'linux')('sandbox lifetime', () => {
  it('a sandbox whose parent was SIGKILLed exits within 5 s', async () => {
    const cli = spawn(process.execPath, [MAIN, 'estimate', file, '--k', '2', '--quiet'], {
      env: { ...process.env, AVGCON_FAILPOINT: 'sandbox-hang' },
      stdio: 'ignore',
    })
    let sandbox: number | undefined
    for (let i = 0; i < 100 && sandbox === undefined; i++) {
      await sleep(100)
      sandbox = childrenOf(cli.pid!)[0]
    }
    expect(sandbox).toBeDefined()
    await sleep(500) // the sandbox is spinning in its failpoint by now
    expect(alive(sandbox!)).toBe(true)
    cli.kill('SIGKILL')
    let waited = 0
    while (alive(sandbox!) && waited < 5000) {
      await sleep(50)
      waited += 50
    }
    const orphan = alive(sandbox!)
    if (orphan) process.kill(sandbox!, 'SIGKILL')
    expect(orphan).toBe(false)
  }, 20_000)
})
