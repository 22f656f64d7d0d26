// The arm64 NEON int16 screen (native/screen_neon.cc), checked under emulation:
// native/test/screen_check.cc is cross-compiled with Debian's aarch64-linux-gnu-g++ and
// run with qemu-aarch64. It exits 1 unless every compiled screen path (neon listed first)
// gives the scalar tile's int32 sums on the same packed random int16 blocks (d across the
// pair and 32-dimension boundaries, item counts not multiples of 32, codes at +-bound), and
// the whole exact search (prepare_exact + exact_topk) with each path forced returns the
// scalar path's lists, k-th scores, tie counts and survivors, and brute force's lists.
// Skipped, with the reason, where the cross tools are not installed. The same harness also
// runs natively (-march=native, as binding.gyp builds) for the host's own screen paths.
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

describe.skipIf(!tools)(`native NEON int16 screen under qemu-aarch64${tools ? '' : ` (skipped: ${reason})`}`, () => {
  it('gives the scalar screen tile sums and the scalar path search results exactly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avgcon-cross-screen-'))
    try {
      const binary = join(dir, 'screen_check')
      const sources = ['test/screen_check.cc', 'exact_search.cc', 'screen_avx512.cc', 'screen_avx2.cc']
      const rest = ['screen_neon.cc', 'screen_scalar.cc']
      execFileSync(
        'aarch64-linux-gnu-g++',
        ['-std=c++17', '-O2', '-fno-math-errno', '-ffp-contract=off', '-static', '-Inative']
          .concat([...sources, ...rest].map((s) => join('native', s)))
          .concat(['-o', binary, '-lpthread']),
        { stdio: 'pipe' },
      )
      const run = spawnSync('qemu-aarch64', ['-L', '/usr/aarch64-linux-gnu', binary], { encoding: 'utf8' })
      expect(run.stdout).toMatch(/^screen paths: neon .*scalar$/m)
      expect(run.stdout).toContain('neon: 408 tile runs (1071 tiles) identical to scalar')
      expect(run.stdout).toContain('neon: 22 searches identical to scalar and brute force')
      expect(run.stdout).not.toContain('FAIL')
      expect(run.status).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})

describe.skipIf(!have('g++'))('native int16 screen paths of this host, same harness', () => {
  it('give the scalar screen tile sums and the scalar path search results exactly', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avgcon-screen-'))
    try {
      const binary = join(dir, 'screen_check')
      const sources = ['test/screen_check.cc', 'exact_search.cc', 'screen_avx512.cc', 'screen_avx2.cc']
      const rest = ['screen_neon.cc', 'screen_scalar.cc']
      const arch = process.arch === 'x64' ? ['-march=native'] : process.arch === 'arm64' ? ['-mcpu=native'] : []
      execFileSync(
        'g++',
        ['-std=c++17', '-O2', '-fno-math-errno', '-ffp-contract=off', ...arch, '-Inative']
          .concat([...sources, ...rest].map((s) => join('native', s)))
          .concat(['-o', binary, '-lpthread']),
        { stdio: 'pipe' },
      )
      const run = spawnSync(binary, [], { encoding: 'utf8' })
      expect(run.stdout).toMatch(/^screen paths: .*scalar$/m)
      expect(run.stdout).toContain('scalar: 22 searches identical to scalar and brute force')
      expect(run.stdout).not.toContain('FAIL')
      expect(run.status).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
