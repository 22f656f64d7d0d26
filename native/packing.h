// Packing rows of a row-major matrix into the dimension-major blocks the kernels read.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

namespace avgcon {

// A 64-byte aligned float buffer (aligned SIMD loads, no split cache lines).
class AlignedFloats {
 public:
  AlignedFloats() = default;
  explicit AlignedFloats(size_t count) { resize(count); }
  AlignedFloats(const AlignedFloats&) = delete;
  AlignedFloats& operator=(const AlignedFloats&) = delete;
  ~AlignedFloats() { std::free(data_); }
  void resize(size_t count) {
    std::free(data_);
    const size_t bytes = (count * sizeof(float) + 63) / 64 * 64;
    data_ = static_cast<float*>(std::aligned_alloc(64, bytes ? bytes : 64));
    if (!data_) throw std::bad_alloc();
  }
  float* data() { return data_; }
  const float* data() const { return data_; }

 private:
  float* data_ = nullptr;
};

// Writes rows row0 .. row0 + valid - 1 of the row-major n x d matrix `src` into lanes
// 0 .. valid - 1 of a dimension-major block (element (lane, j) at block[j * stride +
// lane]) and zeros into lanes valid .. lanes - 1.
inline void pack_lanes(const float* src, int d, int64_t row0, int64_t valid, int lanes, float* block, int stride) {
  for (int i = 0; i < lanes; ++i) {
    if (i < valid) {
      const float* r = src + (row0 + i) * d;
      for (int j = 0; j < d; ++j) block[int64_t(j) * stride + i] = r[j];
    } else {
      for (int j = 0; j < d; ++j) block[int64_t(j) * stride + i] = 0.0f;
    }
  }
}

// Copies rows [first, first + count) of the n x d matrix `src` into blocks of `width`
// rows, each stored [d][width]; lanes past row n are zero. Reads run along rows and
// the writes of one block stay inside an L1-sized window.
inline void pack_rows(const float* src, int64_t n, int d, int64_t first, int64_t count, int width, float* dst) {
  const int64_t end = std::min(first + count, n);
  const int64_t blocks = (count + width - 1) / width;
  for (int64_t b = 0; b < blocks; ++b) {
    const int64_t row0 = first + b * width;
    pack_lanes(src, d, row0, std::clamp<int64_t>(end - row0, 0, width), width, dst + b * d * width, width);
  }
}

// The bias of rows [first, first + count) padded with zeros to whole blocks.
inline void pack_bias(const float* bias, int64_t first, int64_t count, int width, float* dst) {
  const int64_t padded = (count + width - 1) / width * width;
  if (bias) std::memcpy(dst, bias + first, count * sizeof(float));
  else std::memset(dst, 0, count * sizeof(float));
  std::memset(dst + count, 0, (padded - count) * sizeof(float));
}

}  // namespace avgcon
