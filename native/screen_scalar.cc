// The portable int16 screen tile (plain C++ over the packed layout of screen.h), and
// the list of screen paths this build contains.
#include <cstring>

#include "screen.h"

namespace avgcon {

void screen_tile_scalar(const int32_t* qp, int pairs, const int16_t* block, int32_t* A) {
  int32_t acc[kScreenRows][kScreenWidth] = {};
  for (int p = 0; p < pairs; ++p, qp += kScreenRows, block += 2 * kScreenWidth)
    for (int r = 0; r < kScreenRows; ++r) {
      const uint32_t w = uint32_t(qp[r]);
      const int32_t b0 = int16_t(w & 0xFFFF), b1 = int16_t(w >> 16);
      for (int t = 0; t < kScreenWidth; ++t) acc[r][t] += b0 * block[2 * t] + b1 * block[2 * t + 1];
    }
  for (int r = 0; r < kScreenRows; ++r)
    for (int t = 0; t < kScreenWidth; ++t) A[r * kScreenWidth + t] = acc[r][t];
}

void screen8_tile_scalar(const int32_t* qq, int quads, const uint8_t* block, const int32_t* corr, int32_t* A) {
  int32_t acc[kScreenRows][kScreenWidth] = {};
  for (int q = 0; q < quads; ++q, qq += kScreenRows, block += 4 * kScreenWidth)
    for (int r = 0; r < kScreenRows; ++r) {
      const uint32_t w = uint32_t(qq[r]);
      const int32_t b0 = int8_t(w & 0xFF), b1 = int8_t((w >> 8) & 0xFF), b2 = int8_t((w >> 16) & 0xFF),
                    b3 = int8_t(w >> 24);
      for (int t = 0; t < kScreenWidth; ++t) {
        const uint8_t* x = block + 4 * t;
        acc[r][t] += int32_t(x[0]) * b0 + int32_t(x[1]) * b1 + int32_t(x[2]) * b2 + int32_t(x[3]) * b3;
      }
    }
  for (int r = 0; r < kScreenRows; ++r)
    for (int t = 0; t < kScreenWidth; ++t) A[r * kScreenWidth + t] = acc[r][t] - corr[r];
}

namespace {

const ScreenPath8 kPaths8[] = {
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VNNI__)
    {"avx512vnni", screen8_tile_avx512vnni},
#endif
    {"scalar", screen8_tile_scalar},
};

const ScreenPath kPaths[] = {
#if defined(__aarch64__) && defined(__ARM_NEON)
    {"neon", screen_tile_neon},
#endif
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VNNI__)
    {"avx512vnni", screen_tile_avx512vnni},
#endif
#if defined(__AVX512F__) && defined(__AVX512BW__)
    {"avx512", screen_tile_avx512},
#endif
#ifdef __AVX2__
    {"avx2", screen_tile_avx2},
#endif
    {"scalar", screen_tile_scalar},
};

}  // namespace

int screen_path_count() { return int(sizeof(kPaths) / sizeof(kPaths[0])); }
const ScreenPath& screen_path(int i) { return kPaths[i]; }
const ScreenPath* find_screen_path(const char* name) {
  for (const ScreenPath& p : kPaths)
    if (std::strcmp(p.name, name) == 0) return &p;
  return nullptr;
}

int screen8_path_count() { return int(sizeof(kPaths8) / sizeof(kPaths8[0])); }
const ScreenPath8& screen8_path(int i) { return kPaths8[i]; }
const ScreenPath8* find_screen8_path(const char* name) {
  for (const ScreenPath8& p : kPaths8)
    if (std::strcmp(p.name, name) == 0) return &p;
  return nullptr;
}

}  // namespace avgcon
