// AVX2 + FMA code path: 4 queries x 24 items per register tile (12 ymm accumulators,
// 3 item vectors, 1 broadcast: all 16 registers).
#if defined(__AVX2__) && defined(__FMA__)

#include <immintrin.h>

#include "kernel.h"
#include "packing.h"

namespace avgcon {
namespace {

constexpr int kRows = 4;
constexpr int kVecs = 3;
constexpr int kWidth = 8 * kVecs;

using Tile = __m256[kRows][kVecs];

inline void multiply_tile(const float* q, const float* x, int d, Tile& acc) {
  for (int r = 0; r < kRows; ++r)
    for (int v = 0; v < kVecs; ++v) acc[r][v] = _mm256_setzero_ps();
  for (int j = 0; j < d; ++j, q += kRows, x += kWidth) {
    const __m256 b0 = _mm256_load_ps(x);
    const __m256 b1 = _mm256_load_ps(x + 8);
    const __m256 b2 = _mm256_load_ps(x + 16);
#pragma GCC unroll 4
    for (int r = 0; r < kRows; ++r) {
      const __m256 a = _mm256_broadcast_ss(q + r);
      acc[r][0] = _mm256_fmadd_ps(a, b0, acc[r][0]);
      acc[r][1] = _mm256_fmadd_ps(a, b1, acc[r][1]);
      acc[r][2] = _mm256_fmadd_ps(a, b2, acc[r][2]);
    }
  }
}

inline uint64_t lane_bits(int valid) {
  return valid >= 8 ? 0xFFu : valid <= 0 ? 0u : (1u << valid) - 1;
}

// Same selection as the AVX-512 path; see kernel_avx512.cc for why !(s <= t).
inline void select_tile(Tile& acc, const float* bias, int valid_items, int32_t first_item,
                        int64_t first_query, int valid_rows, CandidateLists& lists) {
  const __m256 bias_v[kVecs] = {_mm256_load_ps(bias), _mm256_load_ps(bias + 8), _mm256_load_ps(bias + 16)};
  const uint64_t valid = lane_bits(valid_items) | lane_bits(valid_items - 8) << 8 | lane_bits(valid_items - 16) << 16;
  const float* thresholds = lists.thresholds() + first_query;
  for (int r = 0; r < kRows && r < valid_rows; ++r) {
    const __m256 threshold = _mm256_set1_ps(thresholds[r]);
    __m256 s[kVecs];
    uint64_t mask = 0;
    for (int v = 0; v < kVecs; ++v) {
      s[v] = _mm256_add_ps(acc[r][v], bias_v[v]);
      const int bits = _mm256_movemask_ps(_mm256_cmp_ps(s[v], threshold, _CMP_NLE_UQ));
      mask |= uint64_t(unsigned(bits)) << (8 * v);
    }
    mask &= valid;
    if (__builtin_expect(mask != 0, 0)) {
      alignas(32) float scores[kWidth];
      for (int v = 0; v < kVecs; ++v) _mm256_store_ps(scores + 8 * v, s[v]);
      lists.offer(first_query + r, scores, first_item, mask);
    }
  }
}

void pack_items(const float* items, int64_t n, int d, int64_t first, int64_t count, float* panel) {
  pack_rows(items, n, d, first, count, kWidth, panel);
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

extern const KernelPath kAvx2Path = {"avx2", kRows, kWidth, pack_items, scan};

}  // namespace avgcon

#endif  // __AVX2__ && __FMA__
