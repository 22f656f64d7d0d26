// Portable code path: 4 queries x 8 items per tile in plain C++. std::fma keeps the
// score chain identical to the SIMD paths (one rounding per step); on hardware with
// FMA it is one instruction, elsewhere a correct but slow library call.
#include <cmath>

#include "kernel.h"
#include "packing.h"

namespace avgcon {
namespace {

constexpr int kRows = 4;
constexpr int kWidth = 8;

void scan_tile(const float* q, const float* x, int d, const float* bias, int valid_items,
               int32_t first_item, int64_t first_query, int valid_rows, CandidateLists& lists) {
  float acc[kRows][kWidth] = {};
  for (int j = 0; j < d; ++j, q += kRows, x += kWidth)
    for (int r = 0; r < kRows; ++r)
      for (int i = 0; i < kWidth; ++i) acc[r][i] = std::fma(q[r], x[i], acc[r][i]);
  const float* thresholds = lists.thresholds() + first_query;
  for (int r = 0; r < valid_rows && r < kRows; ++r) {
    uint64_t mask = 0;
    for (int i = 0; i < kWidth && i < valid_items; ++i) {
      acc[r][i] += bias[i];
      if (!(acc[r][i] <= thresholds[r])) mask |= uint64_t(1) << i;
    }
    if (mask) lists.offer(first_query + r, acc[r], first_item, mask);
  }
}

void pack_items(const float* items, int64_t n, int d, int64_t first, int64_t count, float* panel) {
  pack_rows(items, n, d, first, count, kWidth, panel);
}

void scan(const ItemPanel& panel, int d, const QuerySlice& slice, CandidateLists& lists) {
  scan_blocks<kRows, kWidth>(panel, d, slice, [&](const float* q, const float* x, const float* bias, int lanes,
                                                  int32_t first_item, int64_t first_query, int valid_rows) {
    scan_tile(q, x, d, bias, lanes, first_item, first_query, valid_rows, lists);
  });
}

}  // namespace

extern const KernelPath kScalarPath = {"scalar", kRows, kWidth, pack_items, scan};

}  // namespace avgcon
