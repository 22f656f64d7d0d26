// AVX2 + FMA code path: a BLIS-style 6 queries x 16 items register tile (12 ymm
// accumulators, 2 item vectors, 1 broadcast: 15 of the 16 registers), so each item
// load feeds 6 FMAs and each broadcast 2 (the 4x24 tile it replaces did 4 and 3 but
// spilled nothing; 6x16 has the better loads-per-FMA ratio on 2-load-port cores).
//
// Loop order: a group of item blocks that fits in L1 stays there while every query
// block of the slice passes over it; the query blocks stream from L2. Each query still
// meets its items in ascending index order (groups ascending, blocks ascending within
// a group), which the strict threshold test needs (candidates.h).
//
// Scores are the same fma chain as every path (acc = fma(q_j, x_j, acc), j ascending,
// then + bias), so the results do not depend on the tile shape.
#if defined(__AVX2__) && defined(__FMA__)

#include <immintrin.h>

#include <algorithm>

#include "kernel.h"
#include "packing.h"

namespace avgcon {
namespace {

constexpr int kRows = 6;
constexpr int kVecs = 2;
constexpr int kWidth = 8 * kVecs;
constexpr int64_t kGroupBytes = 24 * 1024;  // item blocks kept in L1 (48 KB L1d on SPR/Zen 4, 32 KB on Zen 3)

using Tile = __m256[kRows][kVecs];

// Twelve named accumulators rather than the Tile array: with the array GCC stored
// every accumulator back to the stack on each step (measured: 41 % of the ymm FMA
// ceiling), with named locals they stay in registers.
inline void multiply_tile(const float* q, const float* x, int d, Tile& acc) {
  __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  for (int j = 0; j < d; ++j, q += kRows, x += kWidth) {
    const __m256 b0 = _mm256_load_ps(x);
    const __m256 b1 = _mm256_load_ps(x + 8);
    __m256 a = _mm256_broadcast_ss(q + 0);
    c00 = _mm256_fmadd_ps(a, b0, c00);
    c01 = _mm256_fmadd_ps(a, b1, c01);
    a = _mm256_broadcast_ss(q + 1);
    c10 = _mm256_fmadd_ps(a, b0, c10);
    c11 = _mm256_fmadd_ps(a, b1, c11);
    a = _mm256_broadcast_ss(q + 2);
    c20 = _mm256_fmadd_ps(a, b0, c20);
    c21 = _mm256_fmadd_ps(a, b1, c21);
    a = _mm256_broadcast_ss(q + 3);
    c30 = _mm256_fmadd_ps(a, b0, c30);
    c31 = _mm256_fmadd_ps(a, b1, c31);
    a = _mm256_broadcast_ss(q + 4);
    c40 = _mm256_fmadd_ps(a, b0, c40);
    c41 = _mm256_fmadd_ps(a, b1, c41);
    a = _mm256_broadcast_ss(q + 5);
    c50 = _mm256_fmadd_ps(a, b0, c50);
    c51 = _mm256_fmadd_ps(a, b1, c51);
  }
  acc[0][0] = c00, acc[0][1] = c01, acc[1][0] = c10, acc[1][1] = c11, acc[2][0] = c20, acc[2][1] = c21;
  acc[3][0] = c30, acc[3][1] = c31, acc[4][0] = c40, acc[4][1] = c41, acc[5][0] = c50, acc[5][1] = c51;
}

inline uint64_t lane_bits(int valid) {
  return valid >= 8 ? 0xFFu : valid <= 0 ? 0u : (1u << valid) - 1;
}

// vpermd indices that move the 64-bit lanes set in a 4-bit mask to the front (AVX2
// has no compress instruction); what lies past them is overwritten by the next store.
struct CompressTable {
  alignas(32) int32_t idx[16][8];
  constexpr CompressTable() : idx() {
    for (int m = 0; m < 16; ++m) {
      int out = 0;
      for (int lane = 0; lane < 4; ++lane)
        if (m >> lane & 1) idx[m][2 * out] = 2 * lane, idx[m][2 * out + 1] = 2 * lane + 1, ++out;
      for (; out < 4; ++out) idx[m][2 * out] = 0, idx[m][2 * out + 1] = 1;
    }
  }
};
constexpr CompressTable kCompress{};

inline Candidate* store_compressed(Candidate* out, __m256i keys4, unsigned mask4) {
  const __m256i perm = _mm256_load_si256(reinterpret_cast<const __m256i*>(kCompress.idx[mask4]));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), _mm256_permutevar8x32_epi32(keys4, perm));
  return out + __builtin_popcount(mask4);
}

// Appends the lanes set in the 8-bit `mask` of `score` (lane i is item first_item + i)
// as the 64-bit keys of candidates.h, built without a branch: monotone score bits (NaN
// -> 0, -0 -> +0) above the complemented index. unpacklo/hi pair lanes (0,1,4,5) and
// (2,3,6,7); the lists are unordered, so only the masks follow that order.
inline Candidate* append8(Candidate* out, __m256 score, int32_t first_item, unsigned mask) {
  score = _mm256_add_ps(score, _mm256_setzero_ps());
  const __m256i bits = _mm256_castps_si256(score);
  const __m256i flip = _mm256_or_si256(_mm256_srai_epi32(bits, 31), _mm256_set1_epi32(int(0x80000000u)));
  const __m256i nan = _mm256_castps_si256(_mm256_cmp_ps(score, score, _CMP_UNORD_Q));
  const __m256i mono = _mm256_andnot_si256(nan, _mm256_xor_si256(bits, flip));
  const __m256i low = _mm256_xor_si256(_mm256_add_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
                                                        _mm256_set1_epi32(first_item)),
                                       _mm256_set1_epi32(-1));
  out = store_compressed(out, _mm256_unpacklo_epi32(low, mono), (mask & 3) | (mask >> 2 & 0xC));
  return store_compressed(out, _mm256_unpackhi_epi32(low, mono), (mask >> 2 & 3) | (mask >> 4 & 0xC));
}

// Same selection as the AVX-512 path; see kernel_avx512.cc for why !(s <= t). Lanes
// that pass are appended by vector stores (no per-lane loop, branch or re-test).
inline void select_tile(Tile& acc, const float* bias, int valid_items, int32_t first_item,
                        int64_t first_query, int valid_rows, CandidateLists& lists) {
  const __m256 bias_v[kVecs] = {_mm256_load_ps(bias), _mm256_load_ps(bias + 8)};
  const unsigned valid = unsigned(lane_bits(valid_items) | lane_bits(valid_items - 8) << 8);
  const float* thresholds = lists.thresholds() + first_query;
  for (int r = 0; r < kRows && r < valid_rows; ++r) {
    const __m256 threshold = _mm256_set1_ps(thresholds[r]);
    const __m256 s0 = _mm256_add_ps(acc[r][0], bias_v[0]);
    const __m256 s1 = _mm256_add_ps(acc[r][1], bias_v[1]);
    const unsigned mask = (unsigned(_mm256_movemask_ps(_mm256_cmp_ps(s0, threshold, _CMP_NLE_UQ))) |
                           unsigned(_mm256_movemask_ps(_mm256_cmp_ps(s1, threshold, _CMP_NLE_UQ))) << 8) &
                          valid;
    if (__builtin_expect(mask != 0, 0)) {
      Candidate* const start = lists.append_at(first_query + r);
      Candidate* out = start;
      out = append8(out, s0, first_item, mask & 0xFF);
      out = append8(out, s1, first_item + 8, mask >> 8);
      lists.appended(first_query + r, int(out - start));
    }
  }
}

void pack_items(const float* items, int64_t n, int d, int64_t first, int64_t count, float* panel) {
  pack_rows(items, n, d, first, count, kWidth, panel);
}

void scan(const ItemPanel& panel, int d, const QuerySlice& slice, CandidateLists& lists) {
  const int blocks = (panel.count + kWidth - 1) / kWidth;
  const int group = int(std::max<int64_t>(1, kGroupBytes / (int64_t(d) * kWidth * int64_t(sizeof(float)))));
  for (int g0 = 0; g0 < blocks; g0 += group) {
    const int g1 = std::min(blocks, g0 + group);
    for (int64_t qb = slice.first_block; qb < slice.end_block; ++qb) {
      const float* q = slice.packed + qb * d * kRows;
      const int64_t first_query = qb * kRows;
      const int valid_rows = int(std::min<int64_t>(slice.query_count - first_query, kRows));
      for (int b = g0; b < g1; ++b) {
        Tile acc;
        multiply_tile(q, panel.packed + int64_t(b) * d * kWidth, d, acc);
        select_tile(acc, panel.bias + b * kWidth, panel.count - b * kWidth, panel.first_item + b * kWidth,
                    first_query, valid_rows, lists);
      }
    }
  }
}

}  // namespace

extern const KernelPath kAvx2Path = {"avx2", kRows, kWidth, pack_items, scan};

}  // namespace avgcon

#endif  // __AVX2__ && __FMA__
