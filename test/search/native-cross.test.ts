// The arm64 NEON path, checked under emulation: native/test/topk_check.cc is
// cross-compiled with Debian's aarch64-linux-gnu-g++ and run with qemu-aarch64; it
// exits 1 unless every compiled path (neon included) returns the scalar path's lists
// bit for bit. Skipped, with the reason, where the cross tools are not installed.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

function have(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0
}

const tools = have('aarch64-linux-gnu-g++') && have('qemu-aarch64')
const reason = 'needs aarch64-linux-gnu-g++ and qemu-aarch64 (apt-get install g++-aarch64-linux-gnu qemu-user)'

describe.skipIf(!tools)(`native NEON path under qemu-aarch64${tools ? '' : ` (skipped: ${reason})`}`, () => {
  it('returns the scalar path top-k lists bit for bit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avgcon-cross-'))
    try {
      const binary = join(dir, 'topk_check')
      const sources = ['test/topk_check.cc', 'search.cc', 'paths.cc', 'kernel_avx512.cc', 'kernel_avx2.cc']
      const rest = ['kernel_neon.cc', 'kernel_scalar.cc']
      execFileSync(
        'aarch64-linux-gnu-g++',
        ['-std=c++17', '-O2', '-fno-math-errno', '-ffp-contract=off', '-static', '-Inative']
          .concat([...sources, ...rest].map((s) => join('native', s)))
          .concat(['-o', binary, '-lpthread']),
        { stdio: 'pipe' },
      )
      const run = spawnSync('qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', binary], { encoding: 'utf8' })
      expect(run.stdout).toContain('neon: 18 runs identical to scalar')
      expect(run.status).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
