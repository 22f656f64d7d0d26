// The arm64 NEON path, checked under emulation: native/test/topk_check.cc is
// cross-compiled with Debian's aarch64-linux-gnu-g++ and run with qemu-aarch64; it
// exits 1 unless every compiled path (neon included) returns the scalar path's lists
// bit for bit. Skipped, with the reason, where the cross tools are not installed.
import { describe, expect, it } from 'vitest'
import { CROSS_REASON, CROSS_TOOLS, runHarness } from '../helpers/native-harness.js'

const SOURCES = ['test/topk_check.cc', 'search.cc', 'paths.cc', 'kernel_avx512.cc', 'kernel_avx2.cc']
const REST = ['kernel_neon.cc', 'kernel_scalar.cc']

describe.skipIf(!CROSS_TOOLS)(
  `native NEON path under qemu-aarch64${CROSS_TOOLS ? '' : ` (skipped: ${CROSS_REASON})`}`,
  () => {
    it('returns the scalar path top-k lists bit for bit', () => {
      const run = runHarness([...SOURCES, ...REST], 'arm64')
      expect(run.stdout).toContain('neon: 18 runs identical to scalar')
      expect(run.status).toBe(0)
    }, 120_000)
  },
)
