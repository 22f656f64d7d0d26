// AVX-512 code path: 8 queries x 48 items per register tile (24 zmm accumulators,
// 3 item vectors, 1 broadcast: 28 of 32 registers). Each step over d costs 3 loads,
// 8 broadcasts and 24 FMAs, so the two FMA ports stay busy with loads to spare.
#ifdef __AVX512F__

// GCC 12 reports the intrinsics' internal _mm512_undefined_*() as "maybe
// uninitialized" once they are inlined: a known GCC 12 false positive.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <immintrin.h>

#include "kernel.h"
#include "pack_avx512.h"

namespace avgcon {
namespace {

constexpr int kRows = 8;
constexpr int kVecs = 3;
constexpr int kWidth = 16 * kVecs;

using Tile = __m512[kRows][kVecs];

inline void multiply_tile(const float* q, const float* x, int d, Tile& acc) {
#pragma GCC unroll 8
  for (int r = 0; r < kRows; ++r)
    for (int v = 0; v < kVecs; ++v) acc[r][v] = _mm512_setzero_ps();
  for (int j = 0; j < d; ++j, q += kRows, x += kWidth) {
    const __m512 b0 = _mm512_load_ps(x);
    const __m512 b1 = _mm512_load_ps(x + 16);
    const __m512 b2 = _mm512_load_ps(x + 32);
#pragma GCC unroll 8
    for (int r = 0; r < kRows; ++r) {
      const __m512 a = _mm512_set1_ps(q[r]);
      acc[r][0] = _mm512_fmadd_ps(a, b0, acc[r][0]);
      acc[r][1] = _mm512_fmadd_ps(a, b1, acc[r][1]);
      acc[r][2] = _mm512_fmadd_ps(a, b2, acc[r][2]);
    }
  }
}

inline __mmask16 lane_mask(int valid) {
  return valid >= 16 ? __mmask16(0xFFFF) : valid <= 0 ? __mmask16(0) : __mmask16((1u << valid) - 1);
}

// The candidate keys of candidates.h for 16 lanes, built without a branch: monotone
// score bits (NaN -> 0, -0 -> +0) in the high half, the complemented index below.
inline void make_keys(__m512 score, __m512i index, __m512i& low8, __m512i& high8) {
  score = _mm512_add_ps(score, _mm512_setzero_ps());
  const __m512i bits = _mm512_castps_si512(score);
  const __m512i flip = _mm512_or_si512(_mm512_srai_epi32(bits, 31), _mm512_set1_epi32(int(0x80000000u)));
  const __mmask16 nan = _mm512_cmp_ps_mask(score, score, _CMP_UNORD_Q);
  const __m512i mono = _mm512_maskz_mov_epi32(__mmask16(~nan), _mm512_xor_si512(bits, flip));
  const __m512i low = _mm512_xor_si512(index, _mm512_set1_epi32(-1));
  auto widen = [&](__m256i hi32, __m256i lo32) {
    return _mm512_or_si512(_mm512_slli_epi64(_mm512_cvtepu32_epi64(hi32), 32), _mm512_cvtepu32_epi64(lo32));
  };
  low8 = widen(_mm512_castsi512_si256(mono), _mm512_castsi512_si256(low));
  high8 = widen(_mm512_extracti64x4_epi64(mono, 1), _mm512_extracti64x4_epi64(low, 1));
}

// Appends the masked lanes of three score vectors (items first_item ..) to a list.
inline void append_lanes(const __m512 (&scores)[kVecs], int32_t first_item, const __mmask16 (&masks)[kVecs],
                         int64_t query, CandidateLists& lists) {
  Candidate* out = lists.append_at(query);
  Candidate* const start = out;
  const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  for (int v = 0; v < kVecs; ++v) {
    if (!masks[v]) continue;
    __m512i low8, high8;
    make_keys(scores[v], _mm512_add_epi32(iota, _mm512_set1_epi32(first_item + 16 * v)), low8, high8);
    // Compress in a register and store a whole vector: the list has room past its end.
    const __mmask8 m_low = __mmask8(masks[v]), m_high = __mmask8(masks[v] >> 8);
    _mm512_storeu_si512(out, _mm512_maskz_compress_epi64(m_low, low8));
    out += __builtin_popcount(m_low);
    _mm512_storeu_si512(out, _mm512_maskz_compress_epi64(m_high, high8));
    out += __builtin_popcount(m_high);
  }
  lists.appended(query, int(out - start));
}

// Adds the bias and hands every lane that beats its query's threshold to the lists.
// !(score <= threshold) is the same test as score > threshold for numbers, and lets
// the NaN "no threshold yet" sentinel accept everything.
inline void select_tile(Tile& acc, const float* bias, int valid_items, int32_t first_item,
                        int64_t first_query, int valid_rows, CandidateLists& lists) {
  const __m512 bias0 = _mm512_load_ps(bias);
  const __m512 bias1 = _mm512_load_ps(bias + 16);
  const __m512 bias2 = _mm512_load_ps(bias + 32);
  const __mmask16 valid0 = lane_mask(valid_items), valid1 = lane_mask(valid_items - 16),
                  valid2 = lane_mask(valid_items - 32);
  const float* thresholds = lists.thresholds() + first_query;
#pragma GCC unroll 8
  for (int r = 0; r < kRows; ++r) {
    if (r >= valid_rows) break;
    const __m512 threshold = _mm512_set1_ps(thresholds[r]);
    const __m512 s0 = _mm512_add_ps(acc[r][0], bias0);
    const __m512 s1 = _mm512_add_ps(acc[r][1], bias1);
    const __m512 s2 = _mm512_add_ps(acc[r][2], bias2);
    __mmask16 masks[kVecs] = {_mm512_mask_cmp_ps_mask(valid0, s0, threshold, _CMP_NLE_UQ),
                              _mm512_mask_cmp_ps_mask(valid1, s1, threshold, _CMP_NLE_UQ),
                              _mm512_mask_cmp_ps_mask(valid2, s2, threshold, _CMP_NLE_UQ)};
    if (__builtin_expect((masks[0] | masks[1] | masks[2]) != 0, 0)) {
      const __m512 scores[kVecs] = {s0, s1, s2};
      append_lanes(scores, first_item, masks, first_query + r, lists);
    }
  }
}

void pack_items(const float* items, int64_t n, int d, int64_t first, int64_t count, float* panel) {
  pack_rows_avx512(items, n, d, first, count, panel);
}

void scan(const ItemPanel& panel, int d, const QuerySlice& slice, CandidateLists& lists) {
  scan_blocks<kRows, kWidth>(panel, d, slice, [&](const float* q, const float* x, const float* bias, int lanes,
                                                  int32_t first_item, int64_t first_query, int valid_rows) {
    Tile acc;
    multiply_tile(q, x, d, acc);
    select_tile(acc, bias, lanes, first_item, first_query, valid_rows, lists);
  });
}

}  // namespace

extern const KernelPath kAvx512Path = {"avx512", kRows, kWidth, pack_items, scan};

}  // namespace avgcon

#endif  // __AVX512F__
