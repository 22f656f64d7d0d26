// The int16 screen's register-tiled kernels (issue 9, exact engine v2).
//
// Layouts (built once by prepare_exact / per query group by search_group):
//   item codes: blocks of kScreenWidth = 32 items; in a block, for each dimension pair
//               p (dims 2p, 2p+1), the 32 items' two int16 codes side by side:
//               block[(p * 32 + t) * 2 + (j & 1)]. One zmm holds 16 items x 2 dims
//               (vpmaddwd / vpdpwssd operand), one ymm 8 items. Tail items are zero.
//   query pairs: per group of kScreenRows = 8 queries, for each pair p the 8 queries'
//               (code 2p, code 2p+1) packed into one int32: qp[p * 8 + r].
// A tile writes A[r * 32 + t] = sum_j a_tj * b_rj exactly (int32, d B^2 < 2^31), so
// every path produces the same A and hence the same survivors and results.
#pragma once

#include <cstdint>

namespace avgcon {

constexpr int kScreenRows = 8;
constexpr int kScreenWidth = 32;

struct ScreenPath {
  const char* name;  // "neon" (arm64), "avx512vnni", "avx512", "avx2", "scalar"
  void (*tile)(const int32_t* qp, int pairs, const int16_t* block, int32_t* A);
};

// Screen paths this build contains, best first (the first is the default).
int screen_path_count();
const ScreenPath& screen_path(int i);
// The path named `name`, or nullptr.
const ScreenPath* find_screen_path(const char* name);

void screen_tile_scalar(const int32_t* qp, int pairs, const int16_t* block, int32_t* A);
#if defined(__AVX512F__) && defined(__AVX512BW__)
void screen_tile_avx512(const int32_t* qp, int pairs, const int16_t* block, int32_t* A);
#endif
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VNNI__)
void screen_tile_avx512vnni(const int32_t* qp, int pairs, const int16_t* block, int32_t* A);
#endif
#if defined(__aarch64__) && defined(__ARM_NEON)
void screen_tile_neon(const int32_t* qp, int pairs, const int16_t* block, int32_t* A);
#endif
#ifdef __AVX2__
void screen_tile_avx2(const int32_t* qp, int pairs, const int16_t* block, int32_t* A);
#endif

}  // namespace avgcon
