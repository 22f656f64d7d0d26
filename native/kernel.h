// The contract between the search driver and the SIMD code paths.
//
// A code path computes register tiles of `rows` queries x `width` items and fuses the
// top-k selection into them. The driver packs data in the layouts below so every
// path's inner loop is unit-stride loads plus broadcasts:
//   item panel:  blocks of `width` items, each block stored dimension-major
//                ([d][width] floats, tail lanes zero), plus the bias of each lane;
//   query pack:  blocks of `rows` queries, each stored [d][rows] (tail rows zero).
// Every score is the same float32 chain on every path: acc = fma(q_j, x_j, acc) for
// j = 0..d-1 from +0, then acc + bias. Paths therefore agree bit for bit.
#pragma once

#include <cstdint>

#include "candidates.h"

namespace avgcon {

struct ItemPanel {
  const float* packed;   // [blocks][d][width]
  const float* bias;     // [blocks * width], zero where absent
  int32_t first_item;    // global index of lane 0 of block 0
  int32_t count;         // real items in the panel (the rest is padding)
};

struct QuerySlice {
  const float* packed;   // [query blocks][d][rows] for the whole chunk
  int64_t query_count;   // real queries in the chunk
  int64_t first_block;   // query blocks [first_block, end_block) are scanned
  int64_t end_block;
};

struct KernelPath {
  const char* name;      // "avx512", "avx2", "neon", "scalar"
  int rows;              // queries per register tile
  int width;             // items per register tile
  // Packs item rows [first, first + count) of the n x d matrix into the panel layout.
  void (*pack_items)(const float* items, int64_t n, int d, int64_t first, int64_t count, float* panel);
  // Scores every query of `slice` against every item of `panel`, feeding `lists`
  // (indexed by query number within the chunk).
  void (*scan)(const ItemPanel& panel, int d, const QuerySlice& slice, CandidateLists& lists);
};

// The block loop every path shares: for each `Rows`-query block of the slice and each
// `Width`-item block of the panel, `tile(q, x, bias, lanes, first_item, first_query,
// valid_rows)` scores and selects one register tile. A template (not a function
// pointer) so each path's tile function inlines into the loop.
template <int Rows, int Width, typename TileFn>
inline void scan_blocks(const ItemPanel& panel, int d, const QuerySlice& slice, TileFn&& tile) {
  const int blocks = (panel.count + Width - 1) / Width;
  for (int64_t qb = slice.first_block; qb < slice.end_block; ++qb) {
    const float* q = slice.packed + qb * d * Rows;
    const int64_t first_query = qb * Rows;
    const int valid_rows = int(slice.query_count - first_query < Rows ? slice.query_count - first_query : Rows);
    for (int b = 0; b < blocks; ++b)
      tile(q, panel.packed + int64_t(b) * d * Width, panel.bias + b * Width, panel.count - b * Width,
           panel.first_item + b * Width, first_query, valid_rows);
  }
}

// Paths compiled into this binary, best first (the first is the default).
int compiled_path_count();
const KernelPath& compiled_path(int i);

// Defined only when the compiler targets the instructions they need.
extern const KernelPath kAvx512Path;
extern const KernelPath kAvx2Path;
extern const KernelPath kNeonPath;
extern const KernelPath kScalarPath;

}  // namespace avgcon
