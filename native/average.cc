// Averages of many item sets, for the estimator: the JavaScript loop was the critical
// path at small N (W3), where the search itself is cheap. Same arithmetic as
// src/estimate/metric.ts averageAt (double accumulation in item order, one division,
// one rounding to float32; -ffp-contract=off), so the averages are bit-identical.
#include "average.h"

#include <algorithm>
#include <string>
#include <vector>

namespace avgcon {

namespace {

template <typename T>
T typed_arg(const Napi::CallbackInfo& info, size_t i, napi_typedarray_type type, const char* name) {
  if (!info[i].IsTypedArray() || info[i].As<Napi::TypedArray>().TypedArrayType() != type)
    throw Napi::TypeError::New(info.Env(), std::string("average: ") + name + " has the wrong type");
  return info[i].As<T>();
}

int64_t count_arg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  const double v = info[i].IsNumber() ? info[i].As<Napi::Number>().DoubleValue() : -1.0;
  if (!(v >= 0 && v <= 9.0e15) || v != double(int64_t(v)))
    throw Napi::RangeError::New(info.Env(), std::string("average: ") + name + " out of range");
  return int64_t(v);
}

}  // namespace

// averageRows(items, n, d, sets, stride, counts, rowScale | null, out): row r of `out`
// (length rows*d) is the mean of the raw rows sets[r*stride .. r*stride+counts[r]),
// raw row i being rowScale[i] * items[i] when rowScale is given.
Napi::Value AverageRows(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 8) throw Napi::TypeError::New(env, "average: averageRows expects 8 arguments");
  auto items = typed_arg<Napi::Float32Array>(info, 0, napi_float32_array, "items");
  const int64_t n = count_arg(info, 1, "n"), d = count_arg(info, 2, "d");
  auto sets = typed_arg<Napi::Int32Array>(info, 3, napi_int32_array, "sets");
  const int64_t stride = count_arg(info, 4, "stride");
  auto counts = typed_arg<Napi::Int32Array>(info, 5, napi_int32_array, "counts");
  const bool scaled = !info[6].IsNull() && !info[6].IsUndefined();
  Napi::Float32Array scale = scaled ? typed_arg<Napi::Float32Array>(info, 6, napi_float32_array, "rowScale") : Napi::Float32Array();
  auto out = typed_arg<Napi::Float32Array>(info, 7, napi_float32_array, "out");
  // Optional 9th argument: write the sum instead of the mean (estimate/metric.ts ranksBySum).
  const bool sum = info.Length() > 8 && info[8].ToBoolean();
  const int64_t rows = int64_t(counts.ElementLength());
  if (int64_t(items.ElementLength()) != n * d || int64_t(out.ElementLength()) < rows * d ||
      int64_t(sets.ElementLength()) < rows * stride || (scaled && int64_t(scale.ElementLength()) != n))
    throw Napi::RangeError::New(env, "average: array lengths do not match n, d, stride and counts");
  const float* x = items.Data();
  const int32_t* s = sets.Data();
  const float* sc = scaled ? scale.Data() : nullptr;
  float* o = out.Data();
  std::vector<double> acc(static_cast<size_t>(d), 0.0);
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t k = counts[size_t(r)];
    if (k < 0 || k > stride) throw Napi::RangeError::New(env, "average: a count exceeds the stride");
    std::fill(acc.begin(), acc.end(), 0.0);
    for (int64_t m = 0; m < k; ++m) {
      const int32_t i = s[r * stride + m];
      if (i < 0 || i >= n) throw Napi::RangeError::New(env, "average: item index out of range");
      const float* row = x + int64_t(i) * d;
      if (sc) {
        const double w = double(sc[i]);
        for (int64_t j = 0; j < d; ++j) acc[size_t(j)] += w * double(row[j]);
      } else {
        for (int64_t j = 0; j < d; ++j) acc[size_t(j)] += double(row[j]);
      }
    }
    const double inv = sum ? 1.0 : k == 0 ? 0.0 : 1.0 / double(k);
    for (int64_t j = 0; j < d; ++j) o[r * d + j] = float(acc[size_t(j)] * inv);
  }
  return env.Undefined();
}

}  // namespace avgcon
