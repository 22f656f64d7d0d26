// AVX2 int16 screen tile: 4 queries x 16 items per pass (8 ymm int32 accumulators,
// 2 item vectors, 1 broadcast), four passes per 8 x 32 tile. vpmaddwd + vpaddd: exact
// int32 sums, as on every path.
#ifdef __AVX2__

#include <immintrin.h>

#include "screen.h"

namespace avgcon {

void screen_tile_avx2(const int32_t* qp, int pairs, const int16_t* block, int32_t* A) {
  for (int rh = 0; rh < kScreenRows; rh += 4)
    for (int th = 0; th < kScreenWidth; th += 16) {
      __m256i acc[4][2];
      for (int r = 0; r < 4; ++r) acc[r][0] = acc[r][1] = _mm256_setzero_si256();
      const int32_t* q = qp + rh;
      const int16_t* x = block + 2 * th;
      for (int p = 0; p < pairs; ++p, q += kScreenRows, x += 2 * kScreenWidth) {
        const __m256i x0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x));
        const __m256i x1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + 16));
#pragma GCC unroll 4
        for (int r = 0; r < 4; ++r) {
          const __m256i b = _mm256_set1_epi32(q[r]);
          acc[r][0] = _mm256_add_epi32(acc[r][0], _mm256_madd_epi16(b, x0));
          acc[r][1] = _mm256_add_epi32(acc[r][1], _mm256_madd_epi16(b, x1));
        }
      }
      for (int r = 0; r < 4; ++r) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(A + (rh + r) * kScreenWidth + th), acc[r][0]);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(A + (rh + r) * kScreenWidth + th + 8), acc[r][1]);
      }
    }
}

}  // namespace avgcon

#endif
