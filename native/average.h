#pragma once
#include <napi.h>

namespace avgcon {
// averageRows(items, n, d, sets, stride, counts, rowScale | null, out): see average.cc.
Napi::Value AverageRows(const Napi::CallbackInfo& info);
}  // namespace avgcon
