// Item packing for the AVX-512 path: 16 x 16 in-register transposes instead of one
// scalar store per float. Packing reads the whole item matrix once per query chunk;
// float by float it cost about 5 % of case B (N=1e6, d=128, Q=1000).
#pragma once
#ifdef __AVX512F__

#include <immintrin.h>

#include "packing.h"

namespace avgcon {

// Writes the transpose of rows[r][c] (a 16 x 16 tile) to out[c * stride + r].
inline void transpose16_store(const __m512 (&rows)[16], float* out, int64_t stride) {
  __m512 t[16], u[16];
  for (int i = 0; i < 16; i += 2) {  // t[i]: per 128-bit lane L, rows i, i+1 at columns 4L, 4L+1
    t[i] = _mm512_unpacklo_ps(rows[i], rows[i + 1]);
    t[i + 1] = _mm512_unpackhi_ps(rows[i], rows[i + 1]);
  }
  for (int g = 0; g < 16; g += 4) {  // u[g + m]: lane L = column 4L + m, rows g..g+3
    const __m512d a = _mm512_castps_pd(t[g]), b = _mm512_castps_pd(t[g + 1]);
    const __m512d c = _mm512_castps_pd(t[g + 2]), d = _mm512_castps_pd(t[g + 3]);
    u[g] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, c));
    u[g + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, c));
    u[g + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(b, d));
    u[g + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(b, d));
  }
  for (int m = 0; m < 4; ++m) {  // gather lane L of u[m], u[4+m], u[8+m], u[12+m]
    const __m512 v = _mm512_shuffle_f32x4(u[m], u[4 + m], 0x88), w = _mm512_shuffle_f32x4(u[m], u[4 + m], 0xDD);
    const __m512 v2 = _mm512_shuffle_f32x4(u[8 + m], u[12 + m], 0x88), w2 = _mm512_shuffle_f32x4(u[8 + m], u[12 + m], 0xDD);
    _mm512_store_ps(out + m * stride, _mm512_shuffle_f32x4(v, v2, 0x88));
    _mm512_store_ps(out + (8 + m) * stride, _mm512_shuffle_f32x4(v, v2, 0xDD));
    _mm512_store_ps(out + (4 + m) * stride, _mm512_shuffle_f32x4(w, w2, 0x88));
    _mm512_store_ps(out + (12 + m) * stride, _mm512_shuffle_f32x4(w, w2, 0xDD));
  }
}

// pack_rows() for width 48: whole 16-item x 16-dimension tiles go through registers,
// the rest (d % 16, a partial last group of items) through the scalar loop.
inline void pack_rows_avx512(const float* src, int64_t n, int d, int64_t first, int64_t count, float* dst) {
  constexpr int kWidth = 48;
  const int64_t end = std::min(first + count, n);
  const int64_t blocks = (count + kWidth - 1) / kWidth;
  const int full_dims = d / 16 * 16;
  for (int64_t b = 0; b < blocks; ++b) {
    float* block = dst + b * d * kWidth;
    for (int g = 0; g < kWidth; g += 16) {
      const int64_t row0 = first + b * kWidth + g;
      if (row0 + 16 > end) {
        pack_lanes(src, d, row0, std::clamp<int64_t>(end - row0, 0, 16), 16, block + g, kWidth);
        continue;
      }
      for (int j = 0; j < full_dims; j += 16) {
        __m512 rows[16];
        for (int r = 0; r < 16; ++r) rows[r] = _mm512_loadu_ps(src + (row0 + r) * d + j);
        transpose16_store(rows, block + int64_t(j) * kWidth + g, kWidth);
      }
      for (int r = 0; r < 16; ++r)
        for (int j = full_dims; j < d; ++j) block[int64_t(j) * kWidth + g + r] = src[(row0 + r) * d + j];
    }
  }
}

}  // namespace avgcon

#endif  // __AVX512F__
