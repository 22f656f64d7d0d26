// The arm64 NEON int16 screen (native/screen_neon.cc), checked under emulation:
// native/test/screen_check.cc is cross-compiled with Debian's aarch64-linux-gnu-g++ and
// run with qemu-aarch64. It exits 1 unless every compiled screen path (neon listed first)
// gives the scalar tile's int32 sums on the same packed random int16 blocks (d across the
// pair and 32-dimension boundaries, item counts not multiples of 32, codes at +-bound), and
// the whole exact search (prepare_exact + exact_topk) with each path forced returns the
// scalar path's lists, k-th scores, tie counts and survivors, and brute force's lists.
// Skipped, with the reason, where the cross tools are not installed. The same harness also
// runs natively (-march=native, as binding.gyp builds) for the host's own screen paths.
import { describe, expect, it } from 'vitest'
import { CROSS_REASON, CROSS_TOOLS, have, runHarness } from '../helpers/native-harness.js'

const SOURCES = ['test/screen_check.cc', 'exact_search.cc', 'screen_avx512.cc', 'screen_avx2.cc']
const REST = ['screen_neon.cc', 'screen_scalar.cc']

describe.skipIf(!CROSS_TOOLS)(
  `native NEON int16 screen under qemu-aarch64${CROSS_TOOLS ? '' : ` (skipped: ${CROSS_REASON})`}`,
  () => {
    it('gives the scalar screen tile sums and the scalar path search results exactly', () => {
      const run = runHarness([...SOURCES, ...REST], 'arm64')
      expect(run.stdout).toMatch(/^screen paths: neon .*scalar$/m)
      expect(run.stdout).toContain('neon: 408 tile runs (1071 tiles) identical to scalar')
      expect(run.stdout).toContain('neon: 22 searches identical to scalar and brute force')
      expect(run.stdout).not.toContain('FAIL')
      expect(run.status).toBe(0)
    }, 120_000)
  },
)

describe.skipIf(!have('g++'))('native int16 screen paths of this host, same harness', () => {
  it('give the scalar screen tile sums and the scalar path search results exactly', () => {
    const run = runHarness([...SOURCES, ...REST], 'native')
    expect(run.stdout).toMatch(/^screen paths: .*scalar$/m)
    expect(run.stdout).toContain('scalar: 22 searches identical to scalar and brute force')
    expect(run.stdout).not.toContain('FAIL')
    expect(run.status).toBe(0)
  }, 120_000)
})
