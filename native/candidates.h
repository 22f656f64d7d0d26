// Per-query candidate lists for the fused top-k selection.
//
// Every thread keeps, for every query of the current chunk, an unsorted list with
// room for k + slack candidates. The scan appends lanes whose score beats the query's
// threshold; when the list is full it is cut back to its best k (select.h) and the
// threshold becomes the k-th best score. With slack ~ k a cut costs O(1) per append,
// which keeps k in the hundreds cheap where a heap's log k pointer chasing would not.
//
// A candidate is one 64-bit key: the score's bits made monotone in the high half and
// the complemented index in the low half, so "larger key" is exactly "ranks first"
// (higher score, then lower index) and every comparison is one integer compare.
//
// Exactness: a thread meets each query's items in ascending index order, so a new item
// that only ties the threshold always loses to the kept item with that score (lower
// index): the strict "score > threshold" test is the exact tie rule.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

#include "select.h"

namespace avgcon {

using Candidate = uint64_t;

// Monotone map of float scores to unsigned integers; NaN (never produced from
// validated inputs) maps below -inf so the order stays total. +0 and -0 coincide.
inline uint32_t score_key(float score) {
  if (score != score) return 0;
  score += 0.0f;  // -0 -> +0: equal scores must get equal keys
  uint32_t bits;
  std::memcpy(&bits, &score, sizeof bits);
  return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
}

inline float key_score(Candidate key) {
  const uint32_t high = uint32_t(key >> 32);
  if (high == 0) return __builtin_nanf("");
  const uint32_t bits = (high & 0x80000000u) ? high & 0x7FFFFFFFu : ~high;
  float score;
  std::memcpy(&score, &bits, sizeof score);
  return score;
}

inline Candidate make_candidate(float score, int32_t index) {
  return Candidate(score_key(score)) << 32 | uint32_t(~uint32_t(index));
}

inline int32_t candidate_index(Candidate key) { return int32_t(~uint32_t(key)); }

class CandidateLists {
 public:
  // Room past k + slack for one whole tile row appended at once (kMaxAppend lanes)
  // plus a full vector store beyond it.
  static constexpr int kMaxAppend = 64;
  static constexpr int kStoreOverrun = 8;

  // Entries allocated per query.
  static int64_t capacity_for(int k, int slack) { return int64_t(k) + slack + kMaxAppend + kStoreOverrun; }

  CandidateLists(int64_t queries, int k, int slack)
      : k_(k), limit_(k + slack), capacity_(int(capacity_for(k, slack))),
        entries_(size_t(queries) * capacity_), scratch_(capacity_),
        counts_(size_t(queries), 0),
        // NaN means "accept everything": the scans test !(score <= threshold).
        thresholds_(size_t(queries), __builtin_nanf("")) {}

  // Thresholds the scan compares against, one per query (NaN until k are known).
  const float* thresholds() const { return thresholds_.data(); }

  // Offers the lanes set in `mask` of `scores` (lane i is item first_index + i).
  inline void offer(int64_t query, const float* scores, int32_t first_index, uint64_t mask) {
    Candidate* list = &entries_[size_t(query) * capacity_];
    int count = counts_[query];
    while (mask) {
      const int lane = __builtin_ctzll(mask);
      mask &= mask - 1;
      // Re-test: a cut earlier in this loop may have raised the threshold.
      if (scores[lane] <= thresholds_[query]) continue;
      list[count++] = make_candidate(scores[lane], first_index + lane);
      if (count >= limit_) count = cut(query, list, count);
    }
    counts_[query] = count;
  }

  // Vector paths append up to kMaxAppend candidates themselves at append_at(query)
  // (they may write kStoreOverrun entries past them), then call appended().
  Candidate* append_at(int64_t query) { return &entries_[size_t(query) * capacity_] + counts_[query]; }
  void appended(int64_t query, int added) {
    int& count = counts_[query];
    count += added;
    if (count >= limit_) count = cut(query, &entries_[size_t(query) * capacity_], count);
  }

  // The kept candidates of one query (unsorted, fewer than k + slack).
  const Candidate* list(int64_t query) const { return &entries_[size_t(query) * capacity_]; }
  int count(int64_t query) const { return counts_[query]; }

 private:
  int cut(int64_t query, Candidate* list, int count) {
    select_largest(list, count, k_, scratch_.data());
    thresholds_[query] = key_score(list[k_ - 1]);
    return k_;
  }

  int k_;
  int limit_;     // a list is cut when it reaches k + slack
  int capacity_;
  std::vector<Candidate> entries_;
  std::vector<Candidate> scratch_;  // for select_largest
  std::vector<int> counts_;
  std::vector<float> thresholds_;
};

}  // namespace avgcon
