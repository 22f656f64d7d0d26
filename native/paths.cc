// Which code paths this build contains. The binary is compiled for the host
// (-march=native), so every path listed here runs on the machine that built it.
#include "kernel.h"

namespace avgcon {
namespace {

const KernelPath* const kPaths[] = {
#ifdef __AVX512F__
    &kAvx512Path,
#endif
#if defined(__AVX2__) && defined(__FMA__)
    &kAvx2Path,
#endif
#if defined(__aarch64__) && defined(__ARM_NEON)
    &kNeonPath,
#endif
    &kScalarPath,
};

}  // namespace

int compiled_path_count() { return int(sizeof(kPaths) / sizeof(kPaths[0])); }

const KernelPath& compiled_path(int i) { return *kPaths[i]; }

}  // namespace avgcon
