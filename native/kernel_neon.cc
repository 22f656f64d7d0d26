// arm64 NEON code path: 8 queries x 12 items per register tile (24 q-register
// accumulators, 3 item vectors, 2 query vectors: 29 of the 32 registers). vfmaq_laneq_f32
// is a fused multiply-add with one rounding, so every score is the same float32 chain
// as the other paths (acc = fma(q_j, x_j, acc), j ascending, then + bias) and the
// results agree bit for bit. Checked against the scalar path under qemu-aarch64 by
// native/test/topk_check.cc (test/search/native-cross.test.ts); no arm64 speed has been
// measured yet.
#if defined(__aarch64__) && defined(__ARM_NEON)

#include <arm_neon.h>

#include <algorithm>

#include "kernel.h"
#include "packing.h"

namespace avgcon {
namespace {

constexpr int kRows = 8;
constexpr int kVecs = 3;
constexpr int kWidth = 4 * kVecs;

using Tile = float32x4_t[kRows][kVecs];

inline void multiply_tile(const float* q, const float* x, int d, Tile& acc) {
  for (int r = 0; r < kRows; ++r)
    for (int v = 0; v < kVecs; ++v) acc[r][v] = vdupq_n_f32(0.0f);
  for (int j = 0; j < d; ++j, q += kRows, x += kWidth) {
    const float32x4_t b0 = vld1q_f32(x), b1 = vld1q_f32(x + 4), b2 = vld1q_f32(x + 8);
    const float32x4_t a_lo = vld1q_f32(q), a_hi = vld1q_f32(q + 4);
#define AVGCON_ROW(r, a, lane)                               \
  acc[r][0] = vfmaq_laneq_f32(acc[r][0], b0, a, lane);       \
  acc[r][1] = vfmaq_laneq_f32(acc[r][1], b1, a, lane);       \
  acc[r][2] = vfmaq_laneq_f32(acc[r][2], b2, a, lane);
    AVGCON_ROW(0, a_lo, 0) AVGCON_ROW(1, a_lo, 1) AVGCON_ROW(2, a_lo, 2) AVGCON_ROW(3, a_lo, 3)
    AVGCON_ROW(4, a_hi, 0) AVGCON_ROW(5, a_hi, 1) AVGCON_ROW(6, a_hi, 2) AVGCON_ROW(7, a_hi, 3)
#undef AVGCON_ROW
  }
}

// Lanes with !(s <= threshold), as a bit mask: the same strict test as the x86 paths.
inline uint64_t above_bits(float32x4_t s, float32x4_t threshold) {
  const uint32x4_t le = vcleq_f32(s, threshold);
  const uint32x4_t weights = {1, 2, 4, 8};
  return vaddvq_u32(vbicq_u32(weights, le));
}

inline void select_tile(Tile& acc, const float* bias, int valid_items, int32_t first_item, int64_t first_query,
                        int valid_rows, CandidateLists& lists) {
  const float32x4_t bias_v[kVecs] = {vld1q_f32(bias), vld1q_f32(bias + 4), vld1q_f32(bias + 8)};
  const uint64_t valid = valid_items >= kWidth ? (uint64_t(1) << kWidth) - 1 : (uint64_t(1) << valid_items) - 1;
  const float* thresholds = lists.thresholds() + first_query;
  for (int r = 0; r < kRows && r < valid_rows; ++r) {
    const float32x4_t threshold = vdupq_n_f32(thresholds[r]);
    float32x4_t s[kVecs];
    uint64_t mask = 0;
    for (int v = 0; v < kVecs; ++v) {
      s[v] = vaddq_f32(acc[r][v], bias_v[v]);
      mask |= above_bits(s[v], threshold) << (4 * v);
    }
    mask &= valid;
    if (__builtin_expect(mask != 0, 0)) {
      alignas(16) float scores[kWidth];
      for (int v = 0; v < kVecs; ++v) vst1q_f32(scores + 4 * v, s[v]);
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

extern const KernelPath kNeonPath = {"neon", kRows, kWidth, pack_items, scan};

}  // namespace avgcon

#endif  // __aarch64__ && __ARM_NEON
