// Exact top-k in float64 (issue 9): the score definition of src/search/exact.ts,
// reproduced bit for bit, behind a two-stage search:
//   stage 1 screens every item with an int16 product (per-row scale) and a rigorous
//           bound on its distance to the exact score; an item survives when its upper
//           bound reaches the query's running k-th best exact score;
//   stage 2 rescores the survivors in float64 and keeps the top k.
// No Q x N matrix exists at any stage. Screen::None rescores every item (float64
// brute force), the reference the screen is tested against.
#pragma once

#include <cstdint>
#include <vector>

namespace avgcon {

enum class ExactMetric { Dot = 0, Cosine = 1, Euclidean = 2 };
enum class Screen { None = 0, Int16 = 1, Int8 = 2 };

// Everything derived from the item matrix once, cached by the caller per matrix.
struct ExactPrepared {
  int64_t n = 0;
  int d = 0;
  ExactMetric metric = ExactMetric::Dot;
  std::vector<float> centre;   // euclidean: d
  std::vector<double> bias;    // n, or empty
  std::vector<double> norm;    // cosine: n
  // Screen data (empty without a screen).
  Screen screen = Screen::None;  // which codes were built
  int bound = 0;               // |a_ij| <= bound; int16: d * bound^2 < 2^31; int8: 127
  int qbound = 0;              // |b_rj| <= qbound; int16: bound; int8: d * 255 * qbound < 2^31
  int dpad = 0;                // d rounded up to 32 (int16) or 4 (int8), zero padded
  int64_t npad = 0;            // n rounded up to kScreenWidth (32); bias/norm padded too
  std::vector<int16_t> codes;  // int16: npad x dpad, packed in blocks of 32 items (screen.h)
  std::vector<uint8_t> codes8; // int8: npad x dpad, a + 128, packed in blocks of 32 items (screen.h)
  std::vector<double> scale;   // npad: s_i: y_i ~ s_i a_i (0 past n)
  std::vector<double> resid;   // npad: |y_i - s_i a_i|
  std::vector<double> qnorm;   // npad: |s_i a_i|
  std::vector<double> ynorm;   // npad: |y_i|
  // Per block of 32 items, the largest |s a|, |e|, |y|, bias, |bias|, and 1 / (largest s), of its rows
  // (NaN if any is NaN): the screen's cheap pre-test (exact_search.cc, upper_max8).
  std::vector<double> tile_max;  // npad / 32 x 6 (exact_search.cc, kTileMax)
  // Dot and euclidean: per block of 32 items, float32 copies (nearest) of s, |s a|, |e|, |y| and
  // the bias (0 without), 5 x 32 floats: the per-lane float32 pre-test (exact_search.cc, lane_test).
  std::vector<float> lane32;     // npad / 32 x 5 x 32
  // Per block of 32: 1 when each of those values is 0 or in [2^-126, 2^60] (float32 normal and
  // far from overflow, the lane test's precondition), else 0.
  std::vector<uint8_t> lane32_ok;  // npad / 32
};

struct ExactRequest {
  const float* items;          // n x d, the matrix `prep` was built from
  const ExactPrepared* prep;
  const float* queries;        // q x d
  int64_t q;
  int k;
  int threads;
  Screen screen;
  int32_t* out;                // q x k, best first (ties: lower index)
  double* kth;                 // q: k-th score, or nullptr
  int32_t* tied_inside;        // q: items of the top k scoring exactly kth, or nullptr
  int32_t* tied_outside;       // q: items outside the top k scoring exactly kth, or nullptr
  int64_t* survivors;          // q: items rescored in stage 2, or nullptr
  const char* screen_path = nullptr;  // screen kernel (screen.h names), nullptr: the best
};

// Names of the int16 (or int8) screen's kernels in this build, best first.
std::vector<const char*> exact_screen_paths(Screen screen = Screen::Int16);

// screen: which codes to build (one copy only: int16 2 bytes, int8 1 byte per value).
// centre (euclidean, d floats, may be null): centre on it instead of these rows' column means,
// so a block of a larger matrix is scored exactly as within the whole (out-of-core, shards).
void prepare_exact(const float* items, int64_t n, int d, ExactMetric metric, const double* bias, Screen screen,
                   ExactPrepared& prep, const float* centre = nullptr);
// bool form: true = Screen::Int16.
void prepare_exact(const float* items, int64_t n, int d, ExactMetric metric, const double* bias, bool screen,
                   ExactPrepared& prep);
void exact_topk(const ExactRequest& req);

}  // namespace avgcon
