// Exact top-k inner-product search over a row-major float32 item matrix.
#pragma once

#include <cstdint>

#include "kernel.h"

namespace avgcon {

struct SearchRequest {
  const float* items;    // n x d, row-major, not copied
  int64_t n;
  int d;
  const float* queries;  // q x d, row-major
  int64_t q;
  int k;                 // 1 <= k <= n
  const float* bias;     // n additive score terms, or nullptr
  int threads;           // >= 1
  int32_t* out;          // q x k item indices, best first
};

// Fills req.out. Ties go to the lower index, output sorted by (score desc, index asc);
// the result does not depend on req.threads or on the code path.
void search_topk(const SearchRequest& req, const KernelPath& path);

}  // namespace avgcon
