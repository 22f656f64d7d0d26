// AVX-512 int16 screen tile: 8 queries x 32 items (16 zmm int32 accumulators, 2 item
// vectors, 1 broadcast). Per dimension pair: 2 loads, 8 broadcasts, 16 vpdpwssd (VNNI)
// or 16 vpmaddwd + 16 vpaddd. Both give the exact int32 sums (no pair can overflow:
// |a|, |b| <= 32767, and d B^2 < 2^31 bounds every partial sum).
#if defined(__AVX512F__) && defined(__AVX512BW__)

#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <immintrin.h>

#include "screen.h"

namespace avgcon {
namespace {

template <bool Vnni>
inline void tile(const int32_t* qp, int pairs, const int16_t* block, int32_t* A) {
  __m512i acc[kScreenRows][2];
#pragma GCC unroll 8
  for (int r = 0; r < kScreenRows; ++r) acc[r][0] = acc[r][1] = _mm512_setzero_si512();
  for (int p = 0; p < pairs; ++p, qp += kScreenRows, block += 2 * kScreenWidth) {
    const __m512i x0 = _mm512_loadu_si512(block);
    const __m512i x1 = _mm512_loadu_si512(block + 32);
#pragma GCC unroll 8
    for (int r = 0; r < kScreenRows; ++r) {
      const __m512i b = _mm512_set1_epi32(qp[r]);
#ifdef __AVX512VNNI__
      if constexpr (Vnni) {
        acc[r][0] = _mm512_dpwssd_epi32(acc[r][0], b, x0);
        acc[r][1] = _mm512_dpwssd_epi32(acc[r][1], b, x1);
        continue;
      }
#endif
      acc[r][0] = _mm512_add_epi32(acc[r][0], _mm512_madd_epi16(b, x0));
      acc[r][1] = _mm512_add_epi32(acc[r][1], _mm512_madd_epi16(b, x1));
    }
  }
#pragma GCC unroll 8
  for (int r = 0; r < kScreenRows; ++r) {
    _mm512_storeu_si512(A + r * kScreenWidth, acc[r][0]);
    _mm512_storeu_si512(A + r * kScreenWidth + 16, acc[r][1]);
  }
}

}  // namespace

void screen_tile_avx512(const int32_t* qp, int pairs, const int16_t* block, int32_t* A) {
  tile<false>(qp, pairs, block, A);
}

#ifdef __AVX512VNNI__
void screen_tile_avx512vnni(const int32_t* qp, int pairs, const int16_t* block, int32_t* A) {
  tile<true>(qp, pairs, block, A);
}

// The int8 tile (screen.h): per dimension quad 2 loads (32 items x 4 uint8 codes),
// 8 broadcasts (a query's 4 int8 codes), 16 vpdpbusd: twice the dimensions per
// instruction of the int16 tile. Sums are exact (no saturation in vpdpbusd, and
// d * 255 * bq < 2^31); the offset 128 * sum_j b_rj is taken off at the store.
#if defined(__GNUC__)
#define AVGCON_DPBUSD(acc, x, b) asm("vpdpbusd %[sb], %[ux], %[c]" : [c] "+v"(acc) : [ux] "v"(x), [sb] "v"(b))
#else
#define AVGCON_DPBUSD(acc, x, b) acc = _mm512_dpbusd_epi32(acc, x, b)
#endif

void screen8_tile_avx512vnni(const int32_t* qq, int quads, const uint8_t* block, const int32_t* corr, int32_t* A) {
  // GCC 12 copies (and spills) every accumulator around _mm512_dpbusd_epi32 in this loop,
  // named or not (1.2x the int16 tile instead of 2x); the inline asm (AT&T operand order:
  // signed, unsigned, accumulator) keeps the 16 accumulators in registers: per quad 2 loads,
  // 8 broadcasts and 16 vpdpbusd.
#define AVGCON_ROW(r) __m512i c##r##0 = _mm512_setzero_si512(), c##r##1 = _mm512_setzero_si512();
  AVGCON_ROW(0) AVGCON_ROW(1) AVGCON_ROW(2) AVGCON_ROW(3) AVGCON_ROW(4) AVGCON_ROW(5) AVGCON_ROW(6) AVGCON_ROW(7)
#undef AVGCON_ROW
  for (int q = 0; q < quads; ++q, qq += kScreenRows, block += 4 * kScreenWidth) {
    const __m512i x0 = _mm512_loadu_si512(block);
    const __m512i x1 = _mm512_loadu_si512(block + 64);
#define AVGCON_ROW(r)                                  \
  {                                                    \
    const __m512i b = _mm512_set1_epi32(qq[r]);        \
    AVGCON_DPBUSD(c##r##0, x0, b);                     \
    AVGCON_DPBUSD(c##r##1, x1, b);                     \
  }
    AVGCON_ROW(0) AVGCON_ROW(1) AVGCON_ROW(2) AVGCON_ROW(3) AVGCON_ROW(4) AVGCON_ROW(5) AVGCON_ROW(6) AVGCON_ROW(7)
#undef AVGCON_ROW
  }
#define AVGCON_ROW(r)                                                                \
  {                                                                                  \
    const __m512i c = _mm512_set1_epi32(corr[r]);                                    \
    _mm512_storeu_si512(A + r * kScreenWidth, _mm512_sub_epi32(c##r##0, c));         \
    _mm512_storeu_si512(A + r * kScreenWidth + 16, _mm512_sub_epi32(c##r##1, c));    \
  }
  AVGCON_ROW(0) AVGCON_ROW(1) AVGCON_ROW(2) AVGCON_ROW(3) AVGCON_ROW(4) AVGCON_ROW(5) AVGCON_ROW(6) AVGCON_ROW(7)
#undef AVGCON_ROW
}
#endif

}  // namespace avgcon

#endif
