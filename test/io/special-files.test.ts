/**
 * Only regular files are opened: a FIFO (which would block open() until a
 * writer appears) or a directory is refused at once with one sentence, exit 2.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { loadEmbeddings } from '../../src/io/registry.js'
import { avgcon, tempDir } from '../helpers/cli.js'

let tmp: ReturnType<typeof tempDir>
beforeEach(() => {
  tmp = tempDir('avgcon-special-')
})
afterEach(() => tmp.cleanup())

describe('special files', () => {
  it('refuses a FIFO without blocking (library)', async () => {
    const fifo = join(tmp.dir, 'e.npy')
    execFileSync('mkfifo', [fifo])
    const started = Date.now()
    const error = await loadEmbeddings(fifo).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toContain(`${fifo} is a named pipe (FIFO), not a regular file`)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('refuses a FIFO through the CLI with exit 2 and no stack trace', () => {
    const fifo = join(tmp.dir, 'e.csv')
    execFileSync('mkfifo', [fifo])
    const run = avgcon(['estimate', fifo, '--k', '2'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('named pipe (FIFO)')
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })

  it('refuses a directory', async () => {
    await expect(loadEmbeddings(tmp.dir)).rejects.toThrow(/is a directory, not a file/)
  })
})
