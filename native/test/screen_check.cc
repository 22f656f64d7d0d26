// Standalone check of the exact engine's int16 screen kernels (screen.h), built without
// Node so it can be cross-compiled and run under emulation, e.g. for arm64:
//   aarch64-linux-gnu-g++ -std=c++17 -O2 -fno-math-errno -ffp-contract=off -static -Inative
//     native/test/screen_check.cc native/exact_search.cc native/screen_*.cc -o screen_check -lpthread
//   qemu-aarch64 -L /usr/aarch64-linux-gnu ./screen_check
// Part 1 (tiles): every compiled screen path against screen_tile_scalar on the same
// packed random int16 blocks (d straddling the pair and 32-dimension boundaries, item
// counts that are not multiples of 32, codes at +-bound, any pair count): the int32
// sums must be identical. Part 2 (search): prepare_exact + exact_topk with each path
// forced against the scalar path and against float64 brute force (Screen::None): the
// same index lists, k-th scores, tie counts and (between screen paths) survivors.
// Prints one line per path and part; exits 1 on any difference.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "exact_search.h"
#include "screen.h"

using namespace avgcon;

namespace {

uint32_t state = 12345;
uint32_t next_u32() {
  state = state * 1664525u + 1013904223u;
  return state;
}
// A code in [-bound, bound]: a quarter of them exactly +-bound, the rest uniform.
int16_t next_code(int bound) {
  const uint32_t u = next_u32() >> 8;
  if ((u & 3) == 0) return int16_t((u & 4) ? bound : -bound);
  return int16_t(int32_t((u >> 3) % uint32_t(2 * bound + 1)) - bound);
}
float next_value() {
  return float(int32_t(next_u32() >> 8) - (1 << 23)) / float(1 << 20);  // multiples of 2^-20 in [-8, 8)
}

const ScreenPath* scalar_path() {
  for (int i = 0; i < screen_path_count(); ++i)
    if (std::string(screen_path(i).name) == "scalar") return &screen_path(i);
  return nullptr;
}

// Part 1: n items of d dims packed as prepare_exact does (blocks of 32, pairs
// interleaved, tails zero), q queries packed per 8 as search_group does; every tile of
// `path` against the scalar tile. `pairs` may exceed d's own (zero dims) or be any count.
bool tiles_agree(const ScreenPath& path, int64_t n, int d, int pairs, int64_t q, int mode, int64_t& tiles) {
  const int bound = int(std::min(32767.0, std::floor(std::sqrt(2147483647.0 / d))));
  const int64_t blocks = (n + kScreenWidth - 1) / kScreenWidth;
  std::vector<int16_t> codes(size_t(blocks) * pairs * 2 * kScreenWidth, 0);
  for (int64_t i = 0; i < n; ++i)
    for (int j = 0; j < d && j < 2 * pairs; ++j) {
      // mode 0: random codes; 1: all +bound; 2: alternating sign of +-bound.
      const int16_t c = mode == 0 ? next_code(bound) : mode == 1 ? int16_t(bound) : int16_t((i + j) & 1 ? -bound : bound);
      int16_t* block = &codes[size_t(i / kScreenWidth) * pairs * 2 * kScreenWidth];
      block[((j / 2) * kScreenWidth + i % kScreenWidth) * 2 + (j & 1)] = c;
    }
  const int64_t groups = (q + kScreenRows - 1) / kScreenRows;
  std::vector<int32_t> qp(size_t(groups) * pairs * kScreenRows, 0);
  for (int64_t r = 0; r < q; ++r)
    for (int p = 0; p < pairs; ++p) {
      int16_t b[2] = {0, 0};
      for (int h = 0; h < 2; ++h)
        if (2 * p + h < d) b[h] = mode == 0 ? next_code(bound) : mode == 1 ? int16_t(bound) : int16_t(-bound);
      qp[size_t(r / kScreenRows) * pairs * kScreenRows + size_t(p) * kScreenRows + r % kScreenRows] =
          int32_t(uint32_t(uint16_t(b[0])) | (uint32_t(uint16_t(b[1])) << 16));
    }
  const ScreenPath& scalar = *scalar_path();
  std::vector<int32_t> want(kScreenRows * kScreenWidth), got(kScreenRows * kScreenWidth);
  for (int64_t g = 0; g < groups; ++g)
    for (int64_t b = 0; b < blocks; ++b) {
      const int32_t* qg = &qp[size_t(g) * pairs * kScreenRows];
      const int16_t* block = &codes[size_t(b) * pairs * 2 * kScreenWidth];
      std::fill(want.begin(), want.end(), 0x5A5A5A5A);
      std::fill(got.begin(), got.end(), -0x5A5A5A5A);
      scalar.tile(qg, pairs, block, want.data());
      path.tile(qg, pairs, block, got.data());
      ++tiles;
      if (got != want) {
        for (int e = 0; e < kScreenRows * kScreenWidth; ++e)
          if (got[e] != want[e]) {
            std::printf("FAIL tile %s n=%lld d=%d pairs=%d mode=%d group=%lld block=%lld row=%d item=%d: %d != %d\n",
                        path.name, (long long)n, d, pairs, mode, (long long)g, (long long)b, e / kScreenWidth,
                        e % kScreenWidth, got[e], want[e]);
            break;
          }
        return false;
      }
    }
  return true;
}

struct Result {
  std::vector<int32_t> out, tin, tout;
  std::vector<double> kth;
  std::vector<int64_t> survivors;
};

Result search(const std::vector<float>& x, const ExactPrepared& P, const std::vector<float>& qs, int64_t q, int k,
              Screen screen, const char* path, int threads) {
  Result res;
  res.out.assign(q * k, -1);
  res.tin.assign(q, -1);
  res.tout.assign(q, -1);
  res.kth.assign(q, 0);
  res.survivors.assign(q, -1);
  ExactRequest R{x.data(), &P,           qs.data(),        q,        k, threads, screen, res.out.data(),
                 res.kth.data(), res.tin.data(), res.tout.data(), res.survivors.data(), path};
  exact_topk(R);
  return res;
}

bool same_lists(const Result& a, const Result& b, bool survivors) {
  if (a.out != b.out || a.tin != b.tin || a.tout != b.tout) return false;
  for (size_t i = 0; i < a.kth.size(); ++i)
    if (std::memcmp(&a.kth[i], &b.kth[i], sizeof(double)) != 0) return false;
  return !survivors || a.survivors == b.survivors;
}

struct Case {
  int64_t n;
  int d;
  int64_t q;
  int k;
  ExactMetric metric;
  bool bias;
  bool duplicates;  // few distinct rows: many exact ties
};

}  // namespace

int main() {
  if (!scalar_path()) {
    std::printf("FAIL no scalar screen path\n");
    return 1;
  }
  int failures = 0;
  std::printf("screen paths:");
  for (int i = 0; i < screen_path_count(); ++i) std::printf(" %s", screen_path(i).name);
  std::printf("\n");

  // Part 1: tiles.
  const int dims[] = {1, 2, 3, 4, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 200};
  const int64_t counts[] = {1, 7, 31, 32, 33, 95};
  for (int i = 0; i < screen_path_count(); ++i) {
    const ScreenPath& path = screen_path(i);
    int64_t tiles = 0;
    int runs = 0;
    bool ok = true;
    for (int d : dims)
      for (int64_t n : counts) {
        const int dpad = (d + 31) / 32 * 32;
        for (int mode = 0; mode < 3; ++mode) {
          ok = tiles_agree(path, n, d, dpad / 2, 11, mode, tiles) && ok;
          ++runs;
        }
        // The tile contract holds for any pair count, not only dpad / 2.
        ok = tiles_agree(path, n, d, (d + 1) / 2, 8, 0, tiles) && ok;
        ++runs;
      }
    if (!ok) ++failures;
    std::printf("%s: %d tile runs (%lld tiles) identical to scalar\n", path.name, runs, (long long)tiles);
  }

  // Part 2: the whole exact search (prepare + search), each screen path forced.
  const Case cases[] = {
      {1, 1, 1, 1, ExactMetric::Dot, false, false},        {13, 3, 7, 13, ExactMetric::Dot, true, false},
      {45, 5, 9, 24, ExactMetric::Cosine, false, true},    {97, 17, 33, 1, ExactMetric::Euclidean, false, false},
      {301, 7, 20, 10, ExactMetric::Dot, false, false},    {333, 37, 17, 5, ExactMetric::Dot, true, false},
      {130, 5, 9, 3, ExactMetric::Dot, false, true},       {410, 33, 13, 7, ExactMetric::Euclidean, false, false},
      {1025, 64, 70, 10, ExactMetric::Dot, true, false},   {700, 129, 11, 20, ExactMetric::Cosine, false, false},
      {2049, 31, 9, 50, ExactMetric::Euclidean, false, true},
  };
  const ScreenPath& scalar = *scalar_path();
  for (int i = 0; i < screen_path_count(); ++i) {
    const ScreenPath& path = screen_path(i);
    int checked = 0;
    for (const Case& c : cases) {
      std::vector<float> x(c.n * c.d), qs(c.q * c.d);
      std::vector<double> b(c.n);
      for (int64_t r = 0; r < c.n; ++r)
        for (int j = 0; j < c.d; ++j)
          x[r * c.d + j] = c.duplicates && r >= 5 ? x[(r % 5) * c.d + j] : next_value();
      for (auto& v : qs) v = next_value();
      for (int64_t r = 0; r < c.n; ++r) b[r] = c.duplicates && r >= 5 ? b[r % 5] : double(next_value());
      const double* bias = c.bias ? b.data() : nullptr;
      ExactPrepared screened, brute;
      prepare_exact(x.data(), c.n, c.d, c.metric, bias, true, screened);
      prepare_exact(x.data(), c.n, c.d, c.metric, bias, false, brute);
      const Result reference = search(x, brute, qs, c.q, c.k, Screen::None, nullptr, 1);
      const Result expected = search(x, screened, qs, c.q, c.k, Screen::Int16, scalar.name, 1);
      for (int threads : {1, 2}) {
        const Result got = search(x, screened, qs, c.q, c.k, Screen::Int16, path.name, threads);
        if (!same_lists(got, expected, true) || !same_lists(got, reference, false)) {
          std::printf("FAIL search %s n=%lld d=%d q=%lld k=%d metric=%d threads=%d\n", path.name, (long long)c.n, c.d,
                      (long long)c.q, c.k, int(c.metric), threads);
          ++failures;
        }
        ++checked;
      }
    }
    std::printf("%s: %d searches identical to scalar and brute force\n", path.name, checked);
  }
  return failures ? 1 : 0;
}
