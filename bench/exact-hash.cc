// Old-vs-new check and CPU timing of the native exact engine, outside Node (issue 9, W2):
// i.i.d. N(0,1) items, queries that are sums of SETK random rows (default k), int8 screen,
// one thread; prints the best CPU time of REPS runs and a hash (FNV-1a) of the lists, k-th
// scores and tie counts (inside and outside the top k), plus survivors per query.
//   g++ -std=c++17 -O3 -march=native -fno-math-errno -ffp-contract=off -Inative bench/exact-hash.cc \
//     native/exact_search.cc native/screen_avx512.cc native/screen_avx2.cc native/screen_scalar.cc -o /tmp/eh -lpthread
//   /tmp/eh NAME N D K Q METRIC(0 dot, 1 cosine, 2 euclidean) [REPS] [SETK]
// Build it once from each tree and alternate the runs (the host is shared): W2 k=50 is
// `/tmp/eh w2 50000 256 50 1000 0 5`, K300 `50000 128 300 1000 0 3`, W3 `1000 128 50 3000 0 5`.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <vector>
#include <random>
#include "exact_search.h"
using namespace avgcon;
static double cpu() { timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
static uint64_t h = 1469598103934665603ull;
static void mix(const void* p, size_t n) { auto* c = (const unsigned char*)p; for (size_t i = 0; i < n; ++i) h = (h ^ c[i]) * 1099511628211ull; }
int main(int argc, char** argv) {
  // name n d k q metric setsize
  const char* name = argv[1];
  int64_t n = atoll(argv[2]); int d = atoi(argv[3]); int k = atoi(argv[4]); int64_t q = atoll(argv[5]);
  int metric = atoi(argv[6]); int reps = argc > 7 ? atoi(argv[7]) : 3; int setk = argc > 8 ? atoi(argv[8]) : k;
  std::mt19937_64 rng(42); std::normal_distribution<float> nd;
  std::vector<float> x(size_t(n) * d); for (auto& v : x) v = nd(rng);
  std::vector<float> qs(size_t(q) * d, 0.f);
  for (int64_t r = 0; r < q; ++r) for (int m = 0; m < setk; ++m) { int64_t i = rng() % n; for (int j = 0; j < d; ++j) qs[r * d + j] += x[i * d + j]; }
  ExactPrepared P; prepare_exact(x.data(), n, d, ExactMetric(metric), nullptr, Screen::Int8, P);
  std::vector<int32_t> out(q * k), ti(q), to(q); std::vector<double> kth(q); std::vector<int64_t> sv(q);
  double best = 1e9;
  for (int rep = 0; rep < reps; ++rep) {
    ExactRequest R{x.data(), &P, qs.data(), q, k, 1, Screen::Int8, out.data(), kth.data(), ti.data(), to.data(), sv.data()};
    double t0 = cpu(); exact_topk(R); double t = cpu() - t0; if (t < best) best = t;
  }
  mix(out.data(), out.size() * 4); mix(kth.data(), kth.size() * 8); mix(ti.data(), ti.size() * 4); mix(to.data(), to.size() * 4);
  double s = 0; for (auto v : sv) s += v;
  printf("%s cpu %.4f hash %016llx surv/q %.1f\n", name, best, (unsigned long long)h, s / q);
}
