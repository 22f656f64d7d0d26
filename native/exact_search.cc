// See exact_search.h. Built with -ffp-contract=off: every float64 operation below is
// rounded on its own, in the order src/search/exact.ts uses, so scores match it bit
// for bit.
#include "exact_search.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>

namespace avgcon {
namespace {

constexpr int kQueryGroup = 64;    // queries sharing one pass over the items
constexpr int64_t kItemBlock = 1024;  // int16 rows kept in L2 while the group passes

// The row y (length d, float64) as s * a + e with |a_j| <= bound.
void quantise(const double* y, int d, int bound, int16_t* a, double& s, double& resid, double& qn, double& yn) {
  double m = 0, yy = 0;
  for (int j = 0; j < d; ++j) {
    m = std::max(m, std::fabs(y[j]));
    yy += y[j] * y[j];
  }
  yn = std::sqrt(yy);
  if (m == 0) {
    s = resid = qn = 0;
    for (int j = 0; j < d; ++j) a[j] = 0;
    return;
  }
  s = m / bound;
  double ee = 0, aa = 0;
  for (int j = 0; j < d; ++j) {
    const double c = std::clamp(std::nearbyint(y[j] / s), -double(bound), double(bound));
    a[j] = int16_t(c);
    const double e = y[j] - s * c;
    ee += e * e;
    aa += c * c;
  }
  resid = std::sqrt(ee);
  qn = s * std::sqrt(aa);
}

// The int16 product; -O3 -march=native turns it into vpmaddwd (AVX2 / AVX-512BW).
inline int32_t dot16(const int16_t* __restrict a, const int16_t* __restrict b, int dpad) {
  int32_t s = 0;
  for (int j = 0; j < dpad; ++j) s += int32_t(a[j]) * int32_t(b[j]);
  return s;
}

// A query's best k (score desc, index asc), worst at the root of a heap, plus the
// number of items seen outside it that tie its worst score.
class Best {
 public:
  explicit Best(int k) : k_(k) { heap_.reserve(k); }
  double threshold() const { return int(heap_.size()) < k_ ? -std::numeric_limits<double>::infinity() : heap_[0].s; }
  void offer(double s, int32_t i) {
    if (s != s) s = -std::numeric_limits<double>::infinity();  // NaN ranks last, as in the TypeScript engine
    if (int(heap_.size()) < k_) {
      heap_.push_back({s, i});
      std::push_heap(heap_.begin(), heap_.end(), worse_first);
      return;
    }
    const Entry& worst = heap_[0];
    if (!before({s, i}, worst)) {
      if (s == worst.s) ++tied_out_;
      return;
    }
    const double old = worst.s;
    std::pop_heap(heap_.begin(), heap_.end(), worse_first);
    heap_.back() = {s, i};
    std::push_heap(heap_.begin(), heap_.end(), worse_first);
    tied_out_ = heap_[0].s == old ? tied_out_ + 1 : 0;
  }
  void write(int32_t* out, double* kth, int32_t* tied_in, int32_t* tied_out) {
    std::sort(heap_.begin(), heap_.end(), before);
    for (int r = 0; r < k_; ++r) out[r] = heap_[r].i;
    const double last = heap_[k_ - 1].s;
    if (kth) *kth = last;
    if (tied_in) *tied_in = int32_t(std::count_if(heap_.begin(), heap_.end(), [&](const Entry& e) { return e.s == last; }));
    if (tied_out) *tied_out = tied_out_;
  }

 private:
  struct Entry {
    double s;
    int32_t i;
  };
  static bool before(const Entry& a, const Entry& b) { return a.s > b.s || (a.s == b.s && a.i < b.i); }
  static bool worse_first(const Entry& a, const Entry& b) { return before(a, b); }
  int k_;
  std::vector<Entry> heap_;
  int32_t tied_out_ = 0;
};

// One query, prepared: its float64 row (centred for euclidean) and its screen data.
struct QueryPrep {
  std::vector<double> p;
  std::vector<int16_t> b;
  double t = 0, resid = 0, qn = 0, pn = 0;
};

double exact_score(const ExactPrepared& P, const float* items, int64_t i, const double* p) {
  const float* x = items + i * P.d;
  double s = 0;
  if (P.metric == ExactMetric::Euclidean) {
    for (int j = 0; j < P.d; ++j) s += p[j] * (double(x[j]) - double(P.centre[j]));
  } else {
    for (int j = 0; j < P.d; ++j) s += p[j] * double(x[j]);
  }
  if (P.metric == ExactMetric::Cosine) return P.norm[i] == 0 ? 0.0 : s / P.norm[i];
  return P.bias.empty() ? s : s + P.bias[i];
}

void search_group(const ExactRequest& R, int64_t first, int64_t count) {
  const ExactPrepared& P = *R.prep;
  const int d = P.d;
  const bool screen = R.screen == Screen::Int16;
  std::vector<QueryPrep> qs(count);
  std::vector<Best> best(count, Best(R.k));
  std::vector<int64_t> rescored(count, 0);
  for (int64_t g = 0; g < count; ++g) {
    const float* q = R.queries + (first + g) * d;
    QueryPrep& Q = qs[g];
    Q.p.resize(d);
    for (int j = 0; j < d; ++j)
      Q.p[j] = P.metric == ExactMetric::Euclidean ? double(q[j]) - double(P.centre[j]) : double(q[j]);
    if (screen) {
      Q.b.assign(P.dpad, 0);
      quantise(Q.p.data(), d, P.bound, Q.b.data(), Q.t, Q.resid, Q.qn, Q.pn);
    }
  }
  // Slack for the rounding of everything the bound is computed from, and for the gap
  // between the float64 score and the real one (d 2^-53 |p||y|): generous, it only
  // costs survivors.
  const double rel = 1e-9 + d * std::ldexp(1.0, -50);
  for (int64_t lo = 0; lo < P.n; lo += kItemBlock) {
    const int64_t hi = std::min(P.n, lo + kItemBlock);
    for (int64_t g = 0; g < count; ++g) {
      const QueryPrep& Q = qs[g];
      Best& B = best[g];
      double T = B.threshold();
      for (int64_t i = lo; i < hi; ++i) {
        if (screen) {
          const int32_t A = dot16(&P.codes[size_t(i) * P.dpad], Q.b.data(), P.dpad);
          const double st = P.scale[i] * Q.t;
          double est = st * double(A);
          double err = P.qnorm[i] * Q.resid + P.resid[i] * Q.qn + P.resid[i] * Q.resid;
          err = err * (1 + 1e-9) + rel * P.ynorm[i] * Q.pn + 1e-300;
          double upper;
          if (P.metric == ExactMetric::Cosine) {
            upper = P.norm[i] == 0 ? 0.0 : (est + err) / P.norm[i] * (1 + 1e-12);
            if (upper < 0 && P.norm[i] != 0) upper = (est + err) / P.norm[i] * (1 - 1e-12);
          } else {
            const double b = P.bias.empty() ? 0.0 : P.bias[i];
            upper = est + err + b + std::ldexp(std::fabs(b) + std::fabs(est) + err, -48);
          }
          if (upper < T) continue;
        }
        ++rescored[g];
        B.offer(exact_score(P, R.items, i, Q.p.data()), int32_t(i));
        T = B.threshold();
      }
    }
  }
  for (int64_t g = 0; g < count; ++g) {
    const int64_t qi = first + g;
    best[g].write(R.out + qi * R.k, R.kth ? R.kth + qi : nullptr, R.tied_inside ? R.tied_inside + qi : nullptr,
                  R.tied_outside ? R.tied_outside + qi : nullptr);
    if (R.survivors) R.survivors[qi] = rescored[g];
  }
}

}  // namespace

void prepare_exact(const float* items, int64_t n, int d, ExactMetric metric, const double* bias, bool screen,
                   ExactPrepared& P) {
  P.n = n;
  P.d = d;
  P.metric = metric;
  if (metric == ExactMetric::Dot && bias) P.bias.assign(bias, bias + n);
  if (metric == ExactMetric::Cosine) {
    P.norm.resize(n);
    for (int64_t i = 0; i < n; ++i) {
      double s = 0;
      for (int j = 0; j < d; ++j) s += double(items[i * d + j]) * double(items[i * d + j]);
      P.norm[i] = std::sqrt(s);
    }
  }
  if (metric == ExactMetric::Euclidean) {
    std::vector<double> sum(d, 0.0);
    for (int64_t i = 0; i < n; ++i)
      for (int j = 0; j < d; ++j) sum[j] += double(items[i * d + j]);
    P.centre.resize(d);
    for (int j = 0; j < d; ++j) P.centre[j] = float(sum[j] / double(n));
    P.bias.resize(n);
    for (int64_t i = 0; i < n; ++i) {
      double s = 0;
      for (int j = 0; j < d; ++j) {
        const double y = double(items[i * d + j]) - double(P.centre[j]);
        s += y * y;
      }
      P.bias[i] = -0.5 * s;
    }
  }
  if (!screen) return;
  P.bound = int(std::min(32767.0, std::floor(std::sqrt(2147483647.0 / d))));
  P.dpad = (d + 31) / 32 * 32;
  P.codes.assign(size_t(n) * P.dpad, 0);
  P.scale.resize(n);
  P.resid.resize(n);
  P.qnorm.resize(n);
  P.ynorm.resize(n);
  std::vector<double> y(d);
  for (int64_t i = 0; i < n; ++i) {
    for (int j = 0; j < d; ++j)
      y[j] = metric == ExactMetric::Euclidean ? double(items[i * d + j]) - double(P.centre[j]) : double(items[i * d + j]);
    quantise(y.data(), d, P.bound, &P.codes[size_t(i) * P.dpad], P.scale[i], P.resid[i], P.qnorm[i], P.ynorm[i]);
  }
}

void exact_topk(const ExactRequest& R) {
  if (R.q == 0) return;
  // Each query is searched whole by one thread, in ascending item order: the result
  // cannot depend on the thread count.
  const int64_t groups = (R.q + kQueryGroup - 1) / kQueryGroup;
  const int threads = int(std::max<int64_t>(1, std::min<int64_t>(R.threads, groups)));
  std::atomic<int64_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&]() {
    try {
      for (;;) {
        const int64_t g = next.fetch_add(1);
        if (g >= groups) return;
        const int64_t first = g * kQueryGroup;
        search_group(R, first, std::min<int64_t>(kQueryGroup, R.q - first));
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace avgcon
