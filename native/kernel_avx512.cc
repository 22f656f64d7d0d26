// AVX-512 code path: 8 queries x 48 items per register tile (24 zmm accumulators,
// 3 item vectors, 1 broadcast: 28 of 32 registers). Each step over d costs 3 loads,
// 8 broadcasts and 24 FMAs, so the two FMA ports stay busy with loads to spare.
#ifdef __AVX512F__

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
    const __mmask16 m0 = _mm512_mask_cmp_ps_mask(valid0, s0, threshold, _CMP_NLE_UQ);
    const __mmask16 m1 = _mm512_mask_cmp_ps_mask(valid1, s1, threshold, _CMP_NLE_UQ);
    const __mmask16 m2 = _mm512_mask_cmp_ps_mask(valid2, s2, threshold, _CMP_NLE_UQ);
    const uint64_t mask = uint64_t(m0) | (uint64_t(m1) << 16) | (uint64_t(m2) << 32);
    if (__builtin_expect(mask != 0, 0)) {
      alignas(64) float scores[kWidth];
      _mm512_store_ps(scores, s0);
      _mm512_store_ps(scores + 16, s1);
      _mm512_store_ps(scores + 32, s2);
      lists.offer(first_query + r, scores, first_item, mask);
    }
  }
}

void pack_items(const float* items, int64_t n, int d, int64_t first, int64_t count, float* panel) {
  pack_rows_avx512(items, n, d, first, count, panel);
}

void scan(const ItemPanel& panel, int d, const QuerySlice& slice, CandidateLists& lists) {
  const int blocks = (panel.count + kWidth - 1) / kWidth;
  for (int64_t qb = slice.first_block; qb < slice.end_block; ++qb) {
    const float* q = slice.packed + qb * d * kRows;
    const int64_t first_query = qb * kRows;
    const int valid_rows = int(std::min<int64_t>(kRows, slice.query_count - first_query));
    for (int b = 0; b < blocks; ++b) {
      Tile acc;
      multiply_tile(q, panel.packed + int64_t(b) * d * kWidth, d, acc);
      select_tile(acc, panel.bias + b * kWidth, panel.count - b * kWidth,
                  panel.first_item + b * kWidth, first_query, valid_rows, lists);
    }
  }
}

}  // namespace

extern const KernelPath kAvx512Path = {"avx512", kRows, kWidth, pack_items, scan};

}  // namespace avgcon

#endif  // __AVX512F__
