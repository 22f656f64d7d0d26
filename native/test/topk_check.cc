// Standalone check that every code path compiled into this build returns exactly the
// scalar path's top-k lists (same indices, same order, ties included). Built without
// Node so it can be cross-compiled and run under emulation, e.g. for arm64:
//   aarch64-linux-gnu-g++ -std=c++17 -O2 -ffp-contract=off -Inative native/test/topk_check.cc \
//     native/search.cc native/paths.cc native/kernel_*.cc -o topk_check -lpthread
//   qemu-aarch64 -L /usr/aarch64-linux-gnu ./topk_check
// Prints one line per path and exits 1 on the first difference.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "search.h"

using namespace avgcon;

namespace {

uint32_t state = 12345;
float next_value() {
  state = state * 1664525u + 1013904223u;
  return float(int32_t(state >> 8) - (1 << 23)) / float(1 << 20);  // multiples of 2^-20 in [-8, 8)
}

struct Case {
  int64_t n;
  int d;
  int64_t q;
  int k;
  bool bias;
  bool duplicates;  // few distinct rows: many exact ties
};

std::vector<int32_t> run(const Case& c, const std::vector<float>& x, const std::vector<float>& qs,
                         const std::vector<float>& b, const KernelPath& path, int threads) {
  std::vector<int32_t> out(c.q * c.k, -1);
  SearchRequest req{x.data(), c.n, c.d, qs.data(), c.q, c.k, c.bias ? b.data() : nullptr, threads, out.data()};
  search_topk(req, path);
  return out;
}

}  // namespace

int main() {
  const Case cases[] = {
      {1, 1, 1, 1, false, false},      {13, 3, 7, 13, true, false},    {25, 5, 9, 24, false, true},
      {97, 17, 33, 1, true, false},    {500, 32, 50, 10, true, true},  {1000, 64, 19, 50, false, false},
      {4099, 128, 13, 7, true, false}, {20011, 8, 6, 300, true, true}, {3001, 200, 17, 3001, false, false},
  };
  const KernelPath* scalar = nullptr;
  for (int i = 0; i < compiled_path_count(); ++i)
    if (std::string(compiled_path(i).name) == "scalar") scalar = &compiled_path(i);
  int failures = 0;
  for (int i = 0; i < compiled_path_count(); ++i) {
    const KernelPath& path = compiled_path(i);
    int checked = 0;
    for (const Case& c : cases) {
      std::vector<float> x(c.n * c.d), qs(c.q * c.d), b(c.n);
      for (int64_t r = 0; r < c.n; ++r)
        for (int j = 0; j < c.d; ++j)
          x[r * c.d + j] = c.duplicates && r >= 5 ? x[(r % 5) * c.d + j] : next_value();
      for (auto& v : qs) v = next_value();
      for (int64_t r = 0; r < c.n; ++r) b[r] = c.duplicates && r >= 5 ? b[r % 5] : next_value();
      const auto expected = run(c, x, qs, b, *scalar, 1);
      for (int threads : {1, 2}) {
        if (run(c, x, qs, b, path, threads) != expected) {
          std::printf("FAIL path %s n=%lld d=%d q=%lld k=%d threads=%d\n", path.name, (long long)c.n, c.d,
                      (long long)c.q, c.k, threads);
          ++failures;
        }
        ++checked;
      }
    }
    std::printf("%s: %d runs identical to scalar\n", path.name, checked);
  }
  return failures ? 1 : 0;
}
