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

// The int8 screen (AVX512_VNNI vpdpbusd; a portable scalar loop elsewhere).
//   item codes: blocks of 32 items; in a block, for each dimension quad q (dims 4q..4q+3),
//               the 32 items' four codes stored as uint8 (a + 128, |a| <= 127):
//               block[(q * 32 + t) * 4 + (j & 3)]. One zmm holds 16 items x 4 dims.
//               Padding dimensions hold 128 (a = 0).
//   query quads: per group of 8 queries, for each quad q the 8 queries' four int8 codes
//               (|b| <= bq) packed into one int32: qq[q * 8 + r].
//   corr:       per query of the group, 128 * sum_j b_rj.
// vpdpbusd (unsigned x signed, no saturation) gives sum_j (a_tj + 128) b_rj exactly in
// int32 (d * 255 * bq < 2^31); subtracting corr[r] leaves A[r * 32 + t] = sum_j a_tj b_rj
// exactly, on every path.
struct ScreenPath8 {
  const char* name;  // "avx512vnni", "scalar"
  void (*tile)(const int32_t* qq, int quads, const uint8_t* block, const int32_t* corr, int32_t* A);
};
int screen8_path_count();
const ScreenPath8& screen8_path(int i);
const ScreenPath8* find_screen8_path(const char* name);
void screen8_tile_scalar(const int32_t* qq, int quads, const uint8_t* block, const int32_t* corr, int32_t* A);
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VNNI__)
void screen8_tile_avx512vnni(const int32_t* qq, int quads, const uint8_t* block, const int32_t* corr, int32_t* A);
#endif

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
