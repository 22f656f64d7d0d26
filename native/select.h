// Selection of the k largest of n distinct 64-bit keys, without data-dependent branches
// in the partition loop. std::nth_element's partition mispredicts on every other key
// of our (random) candidate lists; cutting the lists with it took a third of the time
// of a k = 300 search at N = 50,000.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>

namespace avgcon {

namespace detail {

// Pivot for the k-th largest of a[0..n): the key of matching rank in a small sorted
// sample, so that the first partition already lands near k.
inline uint64_t sample_pivot(const uint64_t* a, int n, int k) {
  constexpr int kSamples = 15;
  uint64_t sample[kSamples];
  for (int i = 0; i < kSamples; ++i) sample[i] = a[int64_t(n) * (2 * i + 1) / (2 * kSamples)];
  std::sort(sample, sample + kSamples, std::greater<uint64_t>());
  return sample[std::min(kSamples - 1, int(int64_t(k) * kSamples / n))];
}

}  // namespace detail

// Reorders a[0..n) so that a[0..k) are its k largest keys (in no order) and a[k - 1]
// is the k-th largest. Keys must be distinct; `scratch` must hold n keys.
inline void select_largest(uint64_t* a, int n, int k, uint64_t* scratch) {
  int lo = 0, hi = n;  // the k-th largest lies in a[lo..hi)
  while (hi - lo > 24) {
    const uint64_t pivot = detail::sample_pivot(a + lo, hi - lo, k - lo);
    // Split into keys above the pivot (front of a) and below it (scratch), branch-free.
    int above = lo, below = 0;
    for (int i = lo; i < hi; ++i) {
      const uint64_t x = a[i];
      a[above] = x;
      scratch[below] = x;
      above += x > pivot;
      below += x < pivot;
    }
    a[above] = pivot;
    std::copy(scratch, scratch + below, a + above + 1);
    if (k - 1 == above) return;
    if (k - 1 < above) hi = above;
    else lo = above + 1;
  }
  std::sort(a + lo, a + hi, std::greater<uint64_t>());
}

// Sorts a[0..n) into descending order; `scratch` must hold n keys. For the final top-k
// lists: an LSD radix sort by bytes (passes whose byte is the same in every key are
// skipped), since std::sort's comparisons mispredict on random keys (k = 300: 7.8 us
// a list against ~4 us for 52 random bits, less for real keys). Small n: std::sort.
inline void sort_descending(uint64_t* a, int n, uint64_t* scratch) {
  if (n < 64) {
    std::sort(a, a + n, std::greater<uint64_t>());
    return;
  }
  uint32_t count[8][256] = {};
  for (int i = 0; i < n; ++i) {
    const uint64_t x = ~a[i];  // ascending order of ~key is descending order of key
    for (int b = 0; b < 8; ++b) ++count[b][(x >> (8 * b)) & 0xFF];
  }
  uint64_t *src = a, *dst = scratch;
  for (int b = 0; b < 8; ++b) {
    uint32_t* c = count[b];
    if (c[(~src[0] >> (8 * b)) & 0xFF] == uint32_t(n)) continue;  // one byte value: nothing moves
    uint32_t sum = 0;
    for (int v = 0; v < 256; ++v) {
      const uint32_t t = c[v];
      c[v] = sum;
      sum += t;
    }
    for (int i = 0; i < n; ++i) {
      const uint64_t x = src[i];
      dst[c[(~x >> (8 * b)) & 0xFF]++] = x;
    }
    std::swap(src, dst);
  }
  if (src != a) std::copy(src, src + n, a);
}

}  // namespace avgcon
