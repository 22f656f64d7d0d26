// arm64 NEON int16 screen tile: 8 queries x 8 items per pass (16 q-register int32
// accumulators, 2 item vectors, 2 query vectors: 20 of the 32 registers), four passes
// per 8 x 32 tile. Per dimension pair and pass: one vld2q_s16 deinterleaves the 8
// items' two codes (val[0]: dim 2p, val[1]: dim 2p+1), two vld1q_s16 hold the 8
// queries' code pairs (qp[p * 8 + r] = lanes 2r, 2r+1), and 32 widening
// multiply-accumulates (vmlal_laneq_s16 / vmlal_high_laneq_s16, int16 x int16 -> int32)
// add a_t,2p b_r,2p and then a_t,2p+1 b_r,2p+1 to the item's int32 lane. NEON has no
// int16 dot product (sdot / vdotq_s32 is int8 only), so the pair sum is two
// accumulations instead of one vpmaddwd; integer addition is exact (d B^2 < 2^31 bounds
// every partial sum), so A is the scalar kernel's bit for bit. Checked against
// screen_tile_scalar under qemu-aarch64 by native/test/screen_check.cc
// (test/search/native-cross-screen.test.ts); no arm64 speed has been measured.
#if defined(__aarch64__) && defined(__ARM_NEON)

#include <arm_neon.h>

#include "screen.h"

namespace avgcon {
namespace {

constexpr int kPass = 8;  // items per pass

inline void pass(const int32_t* qp, int pairs, const int16_t* x, int32_t* A) {
  int32x4_t acc[kScreenRows][2];
  for (int r = 0; r < kScreenRows; ++r) acc[r][0] = acc[r][1] = vdupq_n_s32(0);
  const int16_t* q = reinterpret_cast<const int16_t*>(qp);
  for (int p = 0; p < pairs; ++p, q += 2 * kScreenRows, x += 2 * kScreenWidth) {
    const int16x8x2_t v = vld2q_s16(x);  // 8 items: val[0] dim 2p, val[1] dim 2p+1
    const int16x8_t q_lo = vld1q_s16(q), q_hi = vld1q_s16(q + 8);  // rows 0-3, 4-7
#define AVGCON_ROW(r, b, lane)                                                \
  acc[r][0] = vmlal_laneq_s16(acc[r][0], vget_low_s16(v.val[0]), b, lane);      \
  acc[r][1] = vmlal_high_laneq_s16(acc[r][1], v.val[0], b, lane);               \
  acc[r][0] = vmlal_laneq_s16(acc[r][0], vget_low_s16(v.val[1]), b, lane + 1);  \
  acc[r][1] = vmlal_high_laneq_s16(acc[r][1], v.val[1], b, lane + 1);
    AVGCON_ROW(0, q_lo, 0) AVGCON_ROW(1, q_lo, 2) AVGCON_ROW(2, q_lo, 4) AVGCON_ROW(3, q_lo, 6)
    AVGCON_ROW(4, q_hi, 0) AVGCON_ROW(5, q_hi, 2) AVGCON_ROW(6, q_hi, 4) AVGCON_ROW(7, q_hi, 6)
#undef AVGCON_ROW
  }
  for (int r = 0; r < kScreenRows; ++r) {
    vst1q_s32(A + r * kScreenWidth, acc[r][0]);
    vst1q_s32(A + r * kScreenWidth + 4, acc[r][1]);
  }
}

}  // namespace

void screen_tile_neon(const int32_t* qp, int pairs, const int16_t* block, int32_t* A) {
  for (int th = 0; th < kScreenWidth; th += kPass) pass(qp, pairs, block + 2 * th, A + th);
}

}  // namespace avgcon

#endif  // __aarch64__ && __ARM_NEON
