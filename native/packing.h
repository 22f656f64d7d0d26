// Packing rows of a row-major matrix into the dimension-major blocks the kernels read.
#pragma once

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

// Copies rows [first, first + count) of the n x d matrix `src` into blocks of `width`
// rows, each stored [d][width]; lanes past row n are zero. Reads run along rows and
// the writes of one block stay inside an L1-sized window.
inline void pack_rows(const float* src, int64_t n, int d, int64_t first, int64_t count, int width,
                      float* dst) {
  const int64_t blocks = (count + width - 1) / width;
  for (int64_t b = 0; b < blocks; ++b) {
    float* block = dst + b * d * width;
    for (int i = 0; i < width; ++i) {
      const int64_t row = first + b * width + i;
      if (row < first + count && row < n) {
        const float* r = src + row * d;
        for (int j = 0; j < d; ++j) block[j * width + i] = r[j];
      } else {
        for (int j = 0; j < d; ++j) block[j * width + i] = 0.0f;
      }
    }
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
