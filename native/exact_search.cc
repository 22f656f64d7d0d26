// See exact_search.h. Built with -ffp-contract=off: every float64 operation below is
// rounded on its own, in the order src/search/exact.ts uses, so scores match it bit
// for bit.
#include "exact_search.h"

#include <cstring>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "screen.h"

#ifdef __AVX512F__
#include <immintrin.h>
#endif

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

// Eight float64 lanes (GCC vector extension: zmm with AVX-512, two ymm with AVX2).
// Each operation is one IEEE operation per lane, unfused (-ffp-contract=off), so a
// lane computes exactly what the scalar expression computes.
typedef double v8d __attribute__((vector_size(64)));
typedef int64_t v8l __attribute__((vector_size(64)));
typedef int32_t v8i __attribute__((vector_size(32)));

inline v8d load8(const double* p) {
  v8d v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline v8d vabs(v8d x) { return (v8d)((v8l)x & int64_t(0x7FFFFFFFFFFFFFFFLL)); }
inline v8d vsplat(double x) { return v8d{} + x; }

// Bit l set when !(u[l] < T): the lanes the scalar test `if (upper < T) continue` keeps.
inline uint32_t keep_bits(v8d u, double T) {
#ifdef __AVX512F__
  return _mm512_cmp_pd_mask((__m512d)u, _mm512_set1_pd(T), _CMP_NLT_UQ);
#else
  uint32_t m = 0;
  for (int l = 0; l < 8; ++l) m |= uint32_t(!(u[l] < T)) << l;
  return m;
#endif
}

// Per query: its screen constants, as doubles (inv_t = 1 / t, +inf for t = 0).
struct QueryScreen {
  double t, resid, qn, pn, inv_t;
};

// Per block of 32 items, ExactPrepared::tile_max holds kTileMax doubles: the largest
// |s a|, |e|, |y|, bias, |bias|, and 1 / (largest s) (+inf when every s is 0; NaN if any
// input is NaN).
constexpr int kTileMax = 6;
constexpr int32_t kNoThreshold = INT32_MIN;

// The integer pre-test (dot and euclidean): per tile row an int32 tau such that, when every lane of a
// tile row has A < tau, every lane's upper_max8 is below T, or kNoThreshold when no such
// cheap test is known (T = -inf, T too small, NaN anywhere).
// Why: with Y = (T - E - 2^-48 (|b|max + emax) - 2^-40 (|T| + emax + |b|max)) / (1 + 2^-46),
// E = emax + bmax, and Y > 0 finite:
//  (1) A_i < z = Y (1/smax) (1/t) (1 - 1e-12) implies est_i = fl(fl(s_i t) A_i) < Y: for
//      A_i <= 0, est_i <= 0 < Y; for A_i > 0, est_i <= s_i t A_i (1 + 3u) <= smax t A_i (1 + 3u)
//      < Y (1 - 1e-12 + 4u)(1 + 3u) < Y (u = 2^-53; monotone rounding).
//  (2) est_i < Y implies upper_max8 < T: its five roundings are each at most u times an
//      intermediate bounded by |est_i| + emax + 2 |b|max (est_i >= 0) and so within the
//      2^-40 term; the exact sum is est_i (1 + 2^-48) + E + 2^-48 (|b|max + emax)
//      < Y (1 + 2^-46) + ... = T - margin. For est_i < 0, est_i + 2^-48 |est_i| and the roundings
//      proportional to |est_i| (< 5u |est_i|) leave a negative part, so upper_max8 < E + (the
//      margin's share) < T, since Y > 0 means T exceeds E plus the margin.
// A lane with A_i <= tau - 1 < z therefore passes neither test, and rows whose lanes all
// fall below tau (tail lanes have A = 0) skip the float pre-test.
// Computed for the 8 rows of a tile at once, lane r = row r (T, 1/t, and emax, the same
// float64 operations as upper_max8's scalar argument, lane for lane); lanes past the
// group's rows have T = -inf and get kNoThreshold.
inline v8i integer_thresholds(v8d T, v8d emax, double bmax, double babs, double inv_smax, v8d inv_t) {
  const v8d Y = (T - (emax + bmax) - (babs + emax) * std::ldexp(1.0, -48) -
                 (vabs(T) + emax + babs) * std::ldexp(1.0, -40)) /
                (1 + std::ldexp(1.0, -46));
  const v8d z = Y * inv_smax * inv_t * (1 - 1e-12);
  // Y > 0 finite and z not NaN; z in [0, +inf]: clamp below 2^31 - 1, floor, convert.
  const v8l ok = (Y > 0) & (Y < std::numeric_limits<double>::infinity()) & (z == z);
  v8d zc = z < 2147483647.0 ? z : vsplat(2147483647.0);  // +inf and NaN: 2^31 - 1
  zc = zc > 0 ? zc : vsplat(0.0);                           // -inf (lanes not ok): 0
  for (int l = 0; l < 8; ++l) zc[l] = std::floor(zc[l]);
  const v8i tau = __builtin_convertvector(zc, v8i);
  return __builtin_convertvector(ok, v8i) ? tau : v8i{} + kNoThreshold;
}

// The per-lane float32 test ("lane test"; dot and euclidean; ExactPrepared::lane32). For lane i
// of a tile row, U_i (lane_bounds) is upper8's bound est + err + b evaluated in float32 from the
// row's own fl(s_i), fl(|s a|_i), fl(|e|_i), fl(|y|_i), fl(b_i) and the query's fl(t), fl(|f|),
// fl(|t b| + |f|), fl(rel |p|) (err's (1 + 1e-9) and upper8's 2^-48 slack left out). Every
// term and partial sum is bounded by mag = |s a|max |t b| + emax + |b|max (|s t A| <= |s a| |t b|
// by Cauchy-Schwarz; emax >= err_i; all err inputs >= 0), and the float32 roundings of the
// inputs and of the ~10 operations are each at most 2^-24 of one of them, so
// |U_i - upper8_i| < 2^-19 mag (the left-out slack is below 1e-9 mag + 2^-47 mag + 1e-300,
// and mag > 1e-25 keeps float32 subnormals' absolute error, < 2^-140, far below). Hence
// upper8_i >= T implies U_i >= T - 2^-18 mag >= thr (thr rounded down to float32,
// lane_thresholds): a lane with U_i < thr is one upper8 rejects. Used only when T is finite,
// |T| < 1e30 and 1e-25 < mag < 1e25 (NaN anywhere fails this), and every float32 input, the
// tile's (ExactPrepared::lane32_ok) and the query's, is 0 or in [2^-126, 2^60] (lane_input_ok:
// normal, so converted with relative error <= 2^-24, and no product overflows); otherwise the
// integer and float64 pre-tests and upper8 / lower8 run. lane_thresholds computes thr (and mag)
// for the 8 rows of a tile (lane r = row r), thr as float32, NaN where the test does not apply.
constexpr int kLane32 = 5;

// The lane test's input condition (prepare_exact, search_group): 0, or in [2^-126, 2^60], so its
// float32 copy has a relative error of at most 2^-24 and no product of two overflows.
inline bool lane_input_ok(double v) {
  return v == 0 || (std::fabs(v) >= std::ldexp(1.0, -126) && std::fabs(v) <= std::ldexp(1.0, 60));
}

typedef float v8f __attribute__((vector_size(32)));
inline void lane_thresholds(v8d T, v8d emax, double qnmax, double babs, v8d qn, float* thr, double* mags) {
  const v8d mag = qnmax * qn + emax + babs;
  std::memcpy(mags, &mag, sizeof mag);
  // thr = fl32(T - 2^-17 mag - 2^-22 |T|) <= T - 2^-18 mag: float32 rounding (nearest) moves it
  // by at most 2^-24 of its magnitude (< 2^-23 |T| + 2^-40 mag) plus 2^-150 (subnormal).
  const v8d t = T - mag * std::ldexp(1.0, -17) - vabs(T) * std::ldexp(1.0, -22);
  const v8l ok = (mag > 1e-25) & (mag < 1e25) & (T > -1e30) & (T < 1e30);
  const v8d tc = ok ? t : vsplat(std::numeric_limits<double>::quiet_NaN());
  const v8f f = __builtin_convertvector(tc, v8f);
  std::memcpy(thr, &f, sizeof f);
}

// The lane test's bound and its mirror for the 32 lanes of a tile row, as float32: U_i = fma(S_i, fl(A_i),
// fl(E'_i + b_i)) and L_i = fma(S_i, fl(A_i), fl(b_i - E'_i)), E'_i = fl(|s a|_i) fl(|f|) +
// fl(|e|_i) fl(|t b| + |f|) + fl(|y|_i) fl(rel |p|) (terms and partial sums all bounded by mag,
// so, as above, |U_i - upper8_i| and |L_i - lower8_i| stay below 2^-19 mag). Returns the
// lanes with U_i >= thr. Where the lane test applies, the kept items' bounds are then
// double(U_i) + 2^-17 mag >= upper8_i and double(L_i) - 2^-17 mag <= lower8_i (each double
// operation's rounding, below 2^-52 of 3 mag, is within the 2^-17 - 2^-19 left over): as
// rigorous as upper8 / lower8 and without their float64 work.
inline uint32_t lane_bounds(const float* l32, const int32_t* A, const float* c, float thr, float* U, float* L) {
#ifdef __AVX512F__
  const __m512 t = _mm512_set1_ps(c[0]), f = _mm512_set1_ps(c[1]), g = _mm512_set1_ps(c[2]), h = _mm512_set1_ps(c[3]);
  const __m512 th = _mm512_set1_ps(thr);
  uint32_t m = 0;
  for (int u = 0; u < kScreenWidth; u += 16) {
    const __m512 S = _mm512_mul_ps(_mm512_loadu_ps(l32 + u), t);
    __m512 E = _mm512_mul_ps(_mm512_loadu_ps(l32 + 3 * kScreenWidth + u), h);
    E = _mm512_fmadd_ps(_mm512_loadu_ps(l32 + 2 * kScreenWidth + u), g, E);
    E = _mm512_fmadd_ps(_mm512_loadu_ps(l32 + kScreenWidth + u), f, E);
    const __m512 b = _mm512_loadu_ps(l32 + 4 * kScreenWidth + u);
    const __m512 a = _mm512_maskz_cvtepi32_ps(0xFFFF, _mm512_loadu_si512(A + u));
    const __m512 Uv = _mm512_fmadd_ps(S, a, _mm512_add_ps(E, b));
    _mm512_storeu_ps(U + u, Uv);
    _mm512_storeu_ps(L + u, _mm512_fmadd_ps(S, a, _mm512_sub_ps(b, E)));
    m |= uint32_t(_mm512_cmp_ps_mask(Uv, th, _CMP_GE_OQ)) << u;
  }
  return m;
#else
  uint32_t m = 0;
  for (int u = 0; u < kScreenWidth; ++u) {
    const float S = l32[u] * c[0];
    float E = l32[3 * kScreenWidth + u] * c[3];
    E = std::fma(l32[2 * kScreenWidth + u], c[2], E);
    E = std::fma(l32[kScreenWidth + u], c[1], E);
    const float b = l32[4 * kScreenWidth + u], a = float(A[u]);
    U[u] = std::fma(S, a, E + b);
    L[u] = std::fma(S, a, b - E);
    m |= uint32_t(U[u] >= thr) << u;
  }
  return m;
#endif
}

// Whether any of the 32 int32 at A is >= tau.
inline bool any_at_least(const int32_t* A, int32_t tau) {
#ifdef __AVX512F__
  const __m512i t = _mm512_set1_epi32(tau);
  return (_mm512_cmpge_epi32_mask(_mm512_loadu_si512(A), t) | _mm512_cmpge_epi32_mask(_mm512_loadu_si512(A + 16), t)) != 0;
#else
  int32_t m = A[0];
  for (int t = 1; t < kScreenWidth; ++t) m = std::max(m, A[t]);
  return m >= tau;
#endif
}

// The screen estimate of items i..i+7 for one query and its error bound, as search_group's
// original scalar loop computed them, lane for lane the same float64 operations in order:
//   st = s_i t; est = st A; err = (|s a| |f| + |e| |t b|) + |e| |f|;
//   err = err (1 + 1e-9) + (rel |y|) |p| + 1e-300.
// upper8 and lower8 take both from here, so a kept lane's lower bound reuses its upper's work.
struct EstErr8 {
  v8d est, err;
};
inline EstErr8 est_err8(const ExactPrepared& P, int64_t i, const int32_t* A, const QueryScreen& Q, double rel) {
  v8i a;
  std::memcpy(&a, A, sizeof a);
  const v8d st = load8(&P.scale[i]) * Q.t;
  const v8d est = st * __builtin_convertvector(a, v8d);
  const v8d qnorm = load8(&P.qnorm[i]), res = load8(&P.resid[i]);
  v8d err = qnorm * Q.resid + res * Q.qn + res * Q.resid;
  err = err * (1 + 1e-9) + rel * load8(&P.ynorm[i]) * Q.pn + 1e-300;
  return {est, err};
}

// The upper bound of the exact float64 score from est_err8:
//   cosine: (est + err) / norm (1 +- 1e-12), 0 for a zero norm;
//   else:   ((est + err) + b) + (|b| + |est| + err) 2^-48.
inline v8d upper8(const ExactPrepared& P, int64_t i, EstErr8 e) {
  const v8d est = e.est, err = e.err;
  if (P.metric == ExactMetric::Cosine) {
    const v8d norm = load8(&P.norm[i]);
    const v8d v = (est + err) / norm;
    v8d u = v * (1 + 1e-12);
    u = u < 0 ? v * (1 - 1e-12) : u;
    return norm == 0 ? vsplat(0.0) : u;
  }
  const v8d b = P.bias.empty() ? vsplat(0.0) : load8(&P.bias[i]);
  return est + err + b + (vabs(b) + vabs(est) + err) * std::ldexp(1.0, -48);
}

// The mirror of upper8: a lower bound on the exact float64 score, the same operations with
// err (and the rounding slack) subtracted instead of added:
//   cosine: (est - err) / norm (1 -+ 1e-12), 0 for a zero norm;
//   else:   ((est - err) + b) - (|b| + |est| + err) 2^-48.
// upper8's argument (err bounds |<p, y> - s t A| and the float64-vs-real gap; 2^-48 of the
// magnitudes covers est's and the sum's roundings) holds with every sign flipped.
inline v8d lower8(const ExactPrepared& P, int64_t i, EstErr8 e) {
  const v8d est = e.est, err = e.err;
  if (P.metric == ExactMetric::Cosine) {
    const v8d norm = load8(&P.norm[i]);
    const v8d v = (est - err) / norm;
    v8d l = v * (1 - 1e-12);
    l = l < 0 ? v * (1 + 1e-12) : l;
    return norm == 0 ? vsplat(0.0) : l;
  }
  const v8d b = P.bias.empty() ? vsplat(0.0) : load8(&P.bias[i]);
  return est - err + b - (vabs(b) + vabs(est) + err) * std::ldexp(1.0, -48);
}

// The k largest lower bounds offered so far (a min-heap): threshold() is the k-th largest,
// -inf until k are known. Offered bounds belong to distinct items, so at least k items
// score at least threshold(): it never exceeds the final k-th best exact score. NaN
// bounds are ignored (they bound nothing).
class LowerK {
 public:
  explicit LowerK(int k) : k_(k) { heap_.reserve(k); }
  double threshold() const { return int(heap_.size()) < k_ ? -std::numeric_limits<double>::infinity() : heap_[0]; }
  void offer(double l) {
    if (!(l == l)) return;
    if (int(heap_.size()) < k_) {
      heap_.push_back(l);
      std::push_heap(heap_.begin(), heap_.end(), std::greater<double>());
    } else if (l > heap_[0]) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<double>());
      heap_.back() = l;
      std::push_heap(heap_.begin(), heap_.end(), std::greater<double>());
    }
  }

 private:
  int k_;
  std::vector<double> heap_;
};

// A pre-test that is never below upper8 (dot and euclidean): the same operations with
// err, b and |b| replaced by their largest values over the tile (Emax, bmax, |b|max).
// Every input of err is >= 0 and round-to-nearest is monotone, so Emax >= err lane by
// lane, and each operation of the final sum is nondecreasing in its arguments: the
// result is >= upper8's in every lane (NaN anywhere stays NaN, which keeps the lane).
// A tile row whose lanes all fall below T skips upper8 altogether.
inline v8d upper_max8(const ExactPrepared& P, int64_t i, const int32_t* A, const QueryScreen& Q, double emax,
                      double bmax, double babs) {
  v8i a;
  std::memcpy(&a, A, sizeof a);
  const v8d st = load8(&P.scale[i]) * Q.t;
  const v8d est = st * __builtin_convertvector(a, v8d);
  return est + emax + bmax + (babs + vabs(est) + emax) * std::ldexp(1.0, -48);
}

inline double nan_max(double m, double v) { return (v > m || v != v) ? v : m; }

const ScreenPath& choose_screen_path(const char* name) {
  if (name && *name) {
    const ScreenPath* p = find_screen_path(name);
    if (!p) throw std::invalid_argument(std::string("unknown screen path ") + name);
    return *p;
  }
  return screen_path(0);
}

const ScreenPath8& choose_screen8_path(const char* name) {
  if (name && *name) {
    const ScreenPath8* p = find_screen8_path(name);
    if (!p) throw std::invalid_argument(std::string("unknown int8 screen path ") + name);
    return *p;
  }
  return screen8_path(0);
}

void prepare_queries(const ExactRequest& R, int64_t first, int64_t count, std::vector<QueryPrep>& qs) {
  const ExactPrepared& P = *R.prep;
  const int d = P.d;
  for (int64_t g = 0; g < count; ++g) {
    const float* q = R.queries + (first + g) * d;
    QueryPrep& Q = qs[g];
    Q.p.resize(d);
    for (int j = 0; j < d; ++j)
      Q.p[j] = P.metric == ExactMetric::Euclidean ? double(q[j]) - double(P.centre[j]) : double(q[j]);
    if (R.screen != Screen::None) {
      Q.b.assign(P.dpad, 0);
      quantise(Q.p.data(), d, P.qbound, Q.b.data(), Q.t, Q.resid, Q.qn, Q.pn);
    }
  }
}

void write_group(const ExactRequest& R, int64_t first, int64_t count, std::vector<Best>& best,
                 const std::vector<int64_t>& rescored) {
  for (int64_t g = 0; g < count; ++g) {
    const int64_t qi = first + g;
    best[g].write(R.out + qi * R.k, R.kth ? R.kth + qi : nullptr, R.tied_inside ? R.tied_inside + qi : nullptr,
                  R.tied_outside ? R.tied_outside + qi : nullptr);
    if (R.survivors) R.survivors[qi] = rescored[g];
  }
}

// Screen::None: every item rescored (float64 brute force, the screen's reference).
void search_group_brute(const ExactRequest& R, int64_t first, int64_t count) {
  const ExactPrepared& P = *R.prep;
  std::vector<QueryPrep> qs(count);
  std::vector<Best> best(count, Best(R.k));
  std::vector<int64_t> rescored(count, 0);
  prepare_queries(R, first, count, qs);
  for (int64_t lo = 0; lo < P.n; lo += kItemBlock) {
    const int64_t hi = std::min(P.n, lo + kItemBlock);
    for (int64_t g = 0; g < count; ++g)
      for (int64_t i = lo; i < hi; ++i) best[g].offer(exact_score(P, R.items, i, qs[g].p.data()), int32_t(i));
  }
  for (int64_t g = 0; g < count; ++g) rescored[g] = P.n;
  write_group(R, first, count, best, rescored);
}

// Screen::Int16: for each block of items and each tile of 8 queries x 32 items, the
// int32 products A come from the register-tiled kernel, the upper bounds from upper8
// against each query's threshold T taken before the tile (T only grows, so a stale T
// keeps more, never fewer); the lanes kept are then visited in ascending item order,
// re-tested against the current threshold exactly as the original per-item loop did,
// rescored in float64 and offered. Survivors and results are those of the per-item
// loop, whatever the kernel.
// exact_score for M items at once: M independent float64 chains, each the same
// operations in the same order as exact_score's (so the same bits), interleaved so the
// additions' latency overlaps.
template <int M>
void exact_scores(const ExactPrepared& P, const float* items, const int64_t* idx, const double* p, double* out) {
  const float* x[M];
  double s[M];
  for (int m = 0; m < M; ++m) x[m] = items + idx[m] * P.d, s[m] = 0;
  if (P.metric == ExactMetric::Euclidean) {
    for (int j = 0; j < P.d; ++j) {
      const double c = double(P.centre[j]);
      for (int m = 0; m < M; ++m) s[m] += p[j] * (double(x[m][j]) - c);
    }
  } else {
    for (int j = 0; j < P.d; ++j)
      for (int m = 0; m < M; ++m) s[m] += p[j] * double(x[m][j]);
  }
  for (int m = 0; m < M; ++m) {
    const int64_t i = idx[m];
    if (P.metric == ExactMetric::Cosine)
      out[m] = P.norm[i] == 0 ? 0.0 : s[m] / P.norm[i];
    else
      out[m] = P.bias.empty() ? s[m] : s[m] + P.bias[i];
  }
}

#ifdef __AVX512F__
// 8 rows of 8 floats (r[m] = item m, dims j..j+7) to 8 columns (r[u] = dim j+u, items 0..7).
inline void transpose8(__m256 r[8]) {
  const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
  const __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
  const __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
  const __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
  const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
  const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
  const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
  const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  r[0] = _mm256_permute2f128_ps(u0, u4, 0x20), r[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
  r[2] = _mm256_permute2f128_ps(u2, u6, 0x20), r[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
  r[4] = _mm256_permute2f128_ps(u0, u4, 0x31), r[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
  r[6] = _mm256_permute2f128_ps(u2, u6, 0x31), r[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

// exact_scores for 8 G items, one float64 chain per zmm lane (lane m = item m of its group
// of 8): per dimension j in increasing order, s = s + p_j x_j (euclidean: p_j (x_j - c_j)),
// each one IEEE operation per lane, unfused, from +0 — exact_score's operations in its
// order, so the same bits. The float32 rows are read 8 dimensions at a time and transposed
// (the float -> double conversion is exact); the G groups' chains are interleaved so the
// additions' latency overlaps. Tail dimensions (d % 8) are loaded masked and only the real
// ones are added.
template <int G>
void exact_scores_avx512(const ExactPrepared& P, const float* items, const int64_t* idx, const double* p,
                         double* out) {
  const int d = P.d;
  const bool eu = P.metric == ExactMetric::Euclidean;
  const float* x[8 * G];
  for (int m = 0; m < 8 * G; ++m) x[m] = items + idx[m] * d;
  __m512d s[G];
  for (int g = 0; g < G; ++g) s[g] = _mm512_setzero_pd();
  for (int j = 0; j < d; j += 8) {
    const int rem = std::min(8, d - j);
    const __mmask8 mask = __mmask8((1u << rem) - 1);
    __m256 r[G][8];
    for (int g = 0; g < G; ++g) {
      for (int m = 0; m < 8; ++m) r[g][m] = _mm256_maskz_loadu_ps(mask, x[8 * g + m] + j);
      transpose8(r[g]);
    }
    for (int u = 0; u < rem; ++u) {
      const __m512d pj = _mm512_set1_pd(p[j + u]);
      const __m512d cj = _mm512_set1_pd(eu ? double(P.centre[j + u]) : 0.0);
      for (int g = 0; g < G; ++g) {
        __m512d v = _mm512_maskz_cvtps_pd(0xFF, r[g][u]);
        if (eu) v = _mm512_sub_pd(v, cj);
        s[g] = _mm512_add_pd(s[g], _mm512_mul_pd(pj, v));
      }
    }
  }
  for (int g = 0; g < G; ++g) _mm512_storeu_pd(out + 8 * g, s[g]);
  for (int m = 0; m < 8 * G; ++m) {
    const int64_t i = idx[m];
    if (P.metric == ExactMetric::Cosine)
      out[m] = P.norm[i] == 0 ? 0.0 : out[m] / P.norm[i];
    else
      out[m] = P.bias.empty() ? out[m] : out[m] + P.bias[i];
  }
}
#endif

// An item kept by the screen, with its upper bound.
struct Kept {
  int64_t idx;
  double upper;
};

// A query's screened candidates awaiting rescoring, in ascending item order.
struct Pending {
  int count = 0;
  int64_t idx[64];
  double upper[64];
};

// Rescores and offers the pending candidates of one query exactly as the per-item loop
// would (in item order, each re-tested against the current threshold first, counted in
// `rescored` only when it passes), up to sixteen at a time: the next ones that pass the test now
// (up to sixteen) are scored together (AVX-512: one zmm chain per 8, exact_scores_avx512), then
// each is re-tested as it is offered (a later one can fail after an earlier one raised the
// threshold; its score is then discarded, unused). A candidate is counted iff it passes the
// test against the threshold current when it is offered, whatever the batch size, so the
// counts are those of the per-item loop.
void flush(const ExactPrepared& P, const float* items, const double* p, Best& B, Pending& W, int64_t& rescored) {
  constexpr int kBatch = 16;
  int a = 0;
  while (a < W.count) {
    const double T = B.threshold();
    int sel[kBatch], m = 0;
    for (; a < W.count && m < kBatch; ++a)
      if (!(W.upper[a] < T)) sel[m++] = a;
    if (m == 0) break;
    int64_t idx[kBatch];
    double sc[kBatch];
    for (int u = 0; u < kBatch; ++u) idx[u] = W.idx[sel[u < m ? u : 0]];
    if (m == 1)
      sc[0] = exact_score(P, items, idx[0], p);
#ifdef __AVX512F__
    else if (m <= 8)
      exact_scores_avx512<1>(P, items, idx, p, sc);
    else
      exact_scores_avx512<2>(P, items, idx, p, sc);
#else
    else if (m <= 4)
      exact_scores<4>(P, items, idx, p, sc);
    else if (m <= 8)
      exact_scores<8>(P, items, idx, p, sc);
    else
      exact_scores<8>(P, items, idx, p, sc), exact_scores<8>(P, items, idx + 8, p, sc + 8);
#endif
    for (int u = 0; u < m; ++u) {
      if (W.upper[sel[u]] < B.threshold()) continue;
      ++rescored;
      B.offer(sc[u], int32_t(idx[u]));
    }
  }
  W.count = 0;
}

// Screen::Int16 and Screen::Int8 share everything but the tile kernel and its layout.
void search_group(const ExactRequest& R, const ScreenPath& path, const ScreenPath8& path8, int64_t first,
                  int64_t count) {
  const ExactPrepared& P = *R.prep;
  const int d = P.d;
  const bool int8 = R.screen == Screen::Int8;
  // Steps of the tile loop: dimension pairs (int16) or quads (int8), one int32 each.
  const int pairs = int8 ? P.dpad / 4 : P.dpad / 2;
  std::vector<QueryPrep> qs(count);
  std::vector<Best> best(count, Best(R.k));
  std::vector<int64_t> rescored(count, 0);
  prepare_queries(R, first, count, qs);
  // Slack for the rounding of everything the bound is computed from, and for the gap
  // between the float64 score and the real one (d 2^-53 |p||y|): generous, it only
  // costs survivors.
  const double rel = 1e-9 + d * std::ldexp(1.0, -50);
  // Query pairs, per tile of 8 queries: qp[tile][p][r] (tail rows zero).
  const int64_t qtiles = (count + kScreenRows - 1) / kScreenRows;
  std::vector<int32_t> qp(size_t(qtiles) * pairs * kScreenRows, 0);
  std::vector<QueryScreen> qsc(count);
  // Per query, the lane test's float32 constants (lane_bounds).
  std::vector<float> qc32(size_t(count) * 4);
  std::vector<uint8_t> qok(size_t(count), 0);  // the query's inputs pass lane_input_ok
  std::vector<uint8_t> qtile_ok(size_t(qtiles), 1);  // every query of the tile of 8 does
  // Per tile of 8 queries, lane r = query g0 + r (zero past count): resid, qn, pn, 1/t.
  std::vector<v8d> qlanes(size_t(qtiles) * 4, vsplat(0.0));
  // int8: per tile of 8 queries, 128 * sum_j b_rj (the uint8 offset of the item codes).
  std::vector<int32_t> corr(size_t(qtiles) * kScreenRows, 0);
  for (int64_t g = 0; g < count; ++g) {
    const QueryPrep& Q = qs[g];
    qsc[g] = {Q.t, Q.resid, Q.qn, Q.pn, 1 / Q.t};
    qc32[size_t(g) * 4] = float(Q.t), qc32[size_t(g) * 4 + 1] = float(Q.resid);
    qc32[size_t(g) * 4 + 2] = float(Q.qn + Q.resid), qc32[size_t(g) * 4 + 3] = float(rel * Q.pn);
    qok[size_t(g)] = lane_input_ok(Q.t) && lane_input_ok(Q.resid) && lane_input_ok(Q.qn + Q.resid) &&
                     lane_input_ok(rel * Q.pn);
    if (!qok[size_t(g)]) qtile_ok[size_t(g / kScreenRows)] = 0;
    v8d* ql = &qlanes[size_t(g / kScreenRows) * 4];
    ql[0][g % kScreenRows] = Q.resid, ql[1][g % kScreenRows] = Q.qn, ql[2][g % kScreenRows] = Q.pn;
    ql[3][g % kScreenRows] = 1 / Q.t;
    int32_t* dst = &qp[size_t(g / kScreenRows) * pairs * kScreenRows + g % kScreenRows];
    if (int8) {
      int32_t sum = 0;
      for (int p = 0; p < pairs; ++p) {
        uint32_t w = 0;
        for (int u = 0; u < 4; ++u) {
          sum += Q.b[4 * p + u];
          w |= uint32_t(uint8_t(int8_t(Q.b[4 * p + u]))) << (8 * u);
        }
        dst[p * kScreenRows] = int32_t(w);
      }
      corr[size_t(g)] = 128 * sum;
    } else {
      for (int p = 0; p < pairs; ++p)
        dst[p * kScreenRows] = int32_t(uint32_t(uint16_t(Q.b[2 * p])) | (uint32_t(uint16_t(Q.b[2 * p + 1])) << 16));
    }
  }
  alignas(64) int32_t A[kScreenRows * kScreenWidth];
  alignas(64) double up[kScreenWidth];
  // Pass 1 (the screen): per query, the k largest lower bounds of the kept items (their
  // k-th is the running threshold) and every kept item with its upper bound, in item order.
  std::vector<LowerK> lower(count, LowerK(R.k));
  std::vector<std::vector<Kept>> cands(count);
  alignas(64) double lo8[kScreenWidth];
  const size_t block_codes = size_t(P.dpad) * kScreenWidth;
  for (int64_t lo = 0; lo < P.n; lo += kItemBlock) {
    const int64_t hi = std::min(P.n, lo + kItemBlock);
    for (int64_t qt = 0; qt < qtiles; ++qt) {
      const int64_t g0 = qt * kScreenRows;
      const int rows = int(std::min<int64_t>(kScreenRows, count - g0));
      const int32_t* qtile = &qp[size_t(qt) * pairs * kScreenRows];
      const int32_t* qcorr = &corr[size_t(qt) * kScreenRows];
      for (int64_t base = lo; base < hi; base += kScreenWidth) {
        if (int8)
          path8.tile(qtile, pairs, &P.codes8[size_t(base / kScreenWidth) * block_codes], qcorr, A);
        else
          path.tile(qtile, pairs, &P.codes[size_t(base / kScreenWidth) * block_codes], A);
        const int valid = int(std::min<int64_t>(kScreenWidth, hi - base));
        const uint32_t lanes = valid == 32 ? 0xFFFFFFFFu : (1u << valid) - 1;
        const double* tm = &P.tile_max[size_t(base / kScreenWidth) * kTileMax];
        // The integer pre-test's tau and the float pre-test's emax for the 8 rows at once.
        alignas(64) double emaxs[kScreenRows];
        alignas(32) int32_t taus[kScreenRows];
        alignas(32) float thr32[kScreenRows];
        alignas(64) double mags[kScreenRows];
        const float* l32 = P.lane32.empty() ? nullptr : &P.lane32[size_t(base / kScreenWidth) * kLane32 * kScreenWidth];
        if (P.metric != ExactMetric::Cosine) {
          const v8d* ql = &qlanes[size_t(qt) * 4];
          v8d Tv = vsplat(-std::numeric_limits<double>::infinity());
          for (int r = 0; r < rows; ++r) Tv[r] = lower[g0 + r].threshold();
          // upper8's err, computed from the tile's largest |s a|, |e|, |y|.
          v8d emax = tm[0] * ql[0] + tm[1] * ql[1] + tm[1] * ql[0];
          emax = emax * (1 + 1e-9) + rel * tm[2] * ql[2] + 1e-300;
          std::memcpy(emaxs, &emax, sizeof emax);
          lane_thresholds(Tv, emax, tm[0], tm[4], ql[1], thr32, mags);
          // Rows past `rows` have T = -inf, so NaN already; rows whose query or tile fails
          // lane_input_ok get NaN (the fallback).
          const bool tile_ok = P.lane32_ok[size_t(base / kScreenWidth)] != 0;
          if (!tile_ok || !qtile_ok[size_t(qt)])
            for (int r = 0; r < rows; ++r)
              if (!tile_ok || !qok[size_t(g0 + r)]) thr32[r] = std::numeric_limits<float>::quiet_NaN();
          // The integer pre-test only where the lane test does not apply (T = -inf, NaN, ...):
          // measured, the lane test alone is faster than both (it rejects ~2x more rows).
          bool need_tau = false;
          for (int r = 0; r < rows; ++r) need_tau |= thr32[r] != thr32[r];
          if (need_tau) {
            const v8i tau = integer_thresholds(Tv, emax, tm[3], tm[4], tm[5], ql[3]);
            std::memcpy(taus, &tau, sizeof tau);
          }
        }
        for (int r = 0; r < rows; ++r) {
          LowerK& L = lower[g0 + r];
          const double T = L.threshold();
          const QueryScreen& Q = qsc[g0 + r];
          uint32_t any = 0xFFFFFFFFu;  // lanes upper8 may keep
          if (P.metric != ExactMetric::Cosine) {
            const double emax = emaxs[r];
            if (thr32[r] == thr32[r]) {
              // The lane test (rigour: lane_bounds): lanes it rejects
              // upper8 rejects; the kept ones get float32-derived upper and lower bounds.
              alignas(64) float U32[kScreenWidth], L32[kScreenWidth];
              uint32_t keep =
                  lane_bounds(l32, A + r * kScreenWidth, &qc32[size_t(g0 + r) * 4], thr32[r], U32, L32) & lanes;
              if (!keep) continue;
              const double m = mags[r] * std::ldexp(1.0, -17);
              std::vector<Kept>& C = cands[g0 + r];
              while (keep) {
                const int t = __builtin_ctz(keep);
                keep &= keep - 1;
                C.push_back({base + t, double(U32[t]) + m});
                L.offer(double(L32[t]) - m);
              }
              continue;
            } else {
              // Integer pre-test first (rigour: integer_thresholds): every lane's A below
              // tau means every lane's upper_max8 below T.
              if (taus[r] != kNoThreshold && !any_at_least(A + r * kScreenWidth, taus[r])) continue;
              any = 0;
              for (int h = 0; h < kScreenWidth; h += 8)
                any |= keep_bits(upper_max8(P, base + h, A + r * kScreenWidth + h, Q, emax, tm[3], tm[4]), T) << h;
            }
            any &= lanes;
            if (!any) continue;
          }
          uint32_t keep = 0;
          EstErr8 ee[kScreenWidth / 8];
          for (int h = 0; h < kScreenWidth; h += 8) {
            if (!((any >> h) & 0xFF)) continue;
            ee[h / 8] = est_err8(P, base + h, A + r * kScreenWidth + h, qsc[g0 + r], rel);
            const v8d u = upper8(P, base + h, ee[h / 8]);
            std::memcpy(up + h, &u, sizeof u);
            keep |= keep_bits(u, T) << h;
          }
          keep &= lanes & any;
          if (!keep) continue;
          for (int h = 0; h < kScreenWidth; h += 8) {
            if (!((keep >> h) & 0xFF)) continue;
            const v8d l = lower8(P, base + h, ee[h / 8]);
            std::memcpy(lo8 + h, &l, sizeof l);
          }
          std::vector<Kept>& C = cands[g0 + r];
          while (keep) {
            const int t = __builtin_ctz(keep);
            keep &= keep - 1;
            C.push_back({base + t, up[t]});
            L.offer(lo8[t]);
          }
        }
      }
    }
  }
  // Pass 2: the final k-th largest lower bound T0 is at most the k-th best exact score, so
  // every item scoring at least that has upper >= T0 and was kept; those below T0 cannot
  // reach the top k or tie its k-th score. The rest are rescored in item order (the result
  // is the top k of any offered set holding every item that scores >= the k-th, ties and
  // tie counts included: Best keeps its invariants whatever else is offered).
  Pending W;
  for (int64_t g = 0; g < count; ++g) {
    const double T0 = lower[g].threshold();
    const double* p = qs[g].p.data();
    W.count = 0;
    for (const Kept& c : cands[g]) {
      if (c.upper < T0) continue;
      W.idx[W.count] = c.idx;
      W.upper[W.count++] = c.upper;
      // Its float32 row is read at the next flush: fetch it meanwhile.
      const char* row = reinterpret_cast<const char*>(R.items + c.idx * d);
      for (int64_t b = 0; b < int64_t(d) * 4; b += 64) __builtin_prefetch(row + b);
      if (W.count >= 16) flush(P, R.items, p, best[g], W, rescored[g]);
    }
    flush(P, R.items, p, best[g], W, rescored[g]);
  }
  write_group(R, first, count, best, rescored);
}

}  // namespace

void prepare_exact(const float* items, int64_t n, int d, ExactMetric metric, const double* bias, bool screen,
                   ExactPrepared& P) {
  prepare_exact(items, n, d, metric, bias, screen ? Screen::Int16 : Screen::None, P);
}

void prepare_exact(const float* items, int64_t n, int d, ExactMetric metric, const double* bias, Screen screen,
                   ExactPrepared& P, const float* centre) {
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
    if (centre) {
      P.centre.assign(centre, centre + d);
    } else {
      std::vector<double> sum(d, 0.0);
      for (int64_t i = 0; i < n; ++i)
        for (int j = 0; j < d; ++j) sum[j] += double(items[i * d + j]);
      P.centre.resize(d);
      for (int j = 0; j < d; ++j) P.centre[j] = float(sum[j] / double(n));
    }
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
  P.screen = screen;
  if (screen == Screen::None) return;
  const bool int8 = screen == Screen::Int8;
  if (int8) {
    // Items |a| <= 127 stored as a + 128 in [1, 255]; queries |b| <= qbound with
    // d * 255 * qbound < 2^31, so every partial sum of (a + 128) b fits in int32.
    if (double(d) * 255 > 2147483647.0) throw std::invalid_argument("int8 screen: d too large");
    P.bound = 127;
    P.qbound = int(std::min(127.0, std::floor(2147483647.0 / (255.0 * d))));
    P.dpad = (d + 3) / 4 * 4;
  } else {
    P.bound = P.qbound = int(std::min(32767.0, std::floor(std::sqrt(2147483647.0 / d))));
    P.dpad = (d + 31) / 32 * 32;
  }
  P.npad = (n + kScreenWidth - 1) / kScreenWidth * kScreenWidth;
  const int pairs = P.dpad / 2;
  if (int8)
    P.codes8.assign(size_t(P.npad) * P.dpad, uint8_t(128));
  else
    P.codes.assign(size_t(P.npad) * P.dpad, 0);
  P.scale.assign(P.npad, 0.0);
  P.resid.assign(P.npad, 0.0);
  P.qnorm.assign(P.npad, 0.0);
  P.ynorm.assign(P.npad, 0.0);
  P.tile_max.assign(size_t(P.npad / kScreenWidth) * kTileMax, 0.0);
  if (!P.bias.empty()) P.bias.resize(P.npad, 0.0);
  if (!P.norm.empty()) P.norm.resize(P.npad, 0.0);
  if (metric != ExactMetric::Cosine) {
    P.lane32.assign(size_t(P.npad / kScreenWidth) * kLane32 * kScreenWidth, 0.0f);
    P.lane32_ok.assign(size_t(P.npad / kScreenWidth), 1);
  }
  std::vector<double> y(d);
  std::vector<int16_t> a(P.dpad, 0);
  for (int64_t i = 0; i < n; ++i) {
    for (int j = 0; j < d; ++j)
      y[j] = metric == ExactMetric::Euclidean ? double(items[i * d + j]) - double(P.centre[j]) : double(items[i * d + j]);
    quantise(y.data(), d, P.bound, a.data(), P.scale[i], P.resid[i], P.qnorm[i], P.ynorm[i]);
    // Scatter the row into its block, dimension pair by pair (screen.h).
    double* tm = &P.tile_max[size_t(i / kScreenWidth) * kTileMax];
    const double b = P.bias.empty() || metric == ExactMetric::Cosine ? 0.0 : P.bias[i];
    if (i % kScreenWidth == 0) {
      tm[0] = P.qnorm[i], tm[1] = P.resid[i], tm[2] = P.ynorm[i], tm[3] = b, tm[4] = std::fabs(b), tm[5] = P.scale[i];
    } else {
      tm[0] = nan_max(tm[0], P.qnorm[i]), tm[1] = nan_max(tm[1], P.resid[i]), tm[2] = nan_max(tm[2], P.ynorm[i]);
      tm[3] = nan_max(tm[3], b), tm[4] = nan_max(tm[4], std::fabs(b)), tm[5] = nan_max(tm[5], P.scale[i]);
    }
    if (i % kScreenWidth == kScreenWidth - 1 || i == n - 1) tm[5] = 1 / tm[5];  // the tile's last row
    const int t = int(i % kScreenWidth);
    if (!P.lane32.empty()) {
      float* l32 = &P.lane32[size_t(i / kScreenWidth) * kLane32 * kScreenWidth + t];
      l32[0] = float(P.scale[i]), l32[kScreenWidth] = float(P.qnorm[i]), l32[2 * kScreenWidth] = float(P.resid[i]);
      l32[3 * kScreenWidth] = float(P.ynorm[i]), l32[4 * kScreenWidth] = float(b);
      if (!(lane_input_ok(P.scale[i]) && lane_input_ok(P.qnorm[i]) && lane_input_ok(P.resid[i]) &&
            lane_input_ok(P.ynorm[i]) && lane_input_ok(b)))
        P.lane32_ok[size_t(i / kScreenWidth)] = 0;
    }
    if (int8) {
      uint8_t* block8 = &P.codes8[size_t(i / kScreenWidth) * P.dpad * kScreenWidth];
      for (int j = 0; j < d; ++j) block8[((j / 4) * kScreenWidth + t) * 4 + (j & 3)] = uint8_t(a[j] + 128);
      continue;
    }
    int16_t* block = &P.codes[size_t(i / kScreenWidth) * pairs * 2 * kScreenWidth];
    for (int p = 0; p < pairs; ++p) {
      block[(p * kScreenWidth + t) * 2] = a[2 * p];
      block[(p * kScreenWidth + t) * 2 + 1] = a[2 * p + 1];
    }
  }
}

std::vector<const char*> exact_screen_paths(Screen screen) {
  std::vector<const char*> names;
  if (screen == Screen::Int8)
    for (int i = 0; i < screen8_path_count(); ++i) names.push_back(screen8_path(i).name);
  else
    for (int i = 0; i < screen_path_count(); ++i) names.push_back(screen_path(i).name);
  return names;
}

void exact_topk(const ExactRequest& R) {
  if (R.q == 0) return;
  // Each query is searched whole by one thread, in ascending item order: the result
  // cannot depend on the thread count.
  if (R.screen != Screen::None && R.screen != R.prep->screen)
    throw std::invalid_argument("the matrix was prepared for another screen");
  const bool int8 = R.screen == Screen::Int8;
  const ScreenPath& path = choose_screen_path(int8 ? nullptr : R.screen_path);
  const ScreenPath8& path8 = choose_screen8_path(int8 ? R.screen_path : nullptr);
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
        const int64_t count = std::min<int64_t>(kQueryGroup, R.q - first);
        if (R.screen != Screen::None)
          search_group(R, path, path8, first, count);
        else
          search_group_brute(R, first, count);
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
