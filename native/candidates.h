// Per-query candidate lists for the fused top-k selection.
//
// Every thread keeps, for every query of the current chunk, an unsorted list of
// (score, index) pairs with room for k + slack entries. The scan appends lanes whose
// score beats the query's threshold; when the list is full it is cut back to its best
// k (nth_element) and the threshold becomes the k-th best score. Appending is O(1)
// and a cut costs O(k + slack) every `slack` appends, which stays cheap for k in the
// hundreds where a binary heap's log k pointer chasing per insert would not.
//
// Exactness: a thread visits each query's items in ascending index order, so a new
// item that merely ties the threshold always loses to the kept item with that score
// (lower index): the strict "score > threshold" test is the exact tie rule.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace avgcon {

struct Candidate {
  float score;
  int32_t index;
};

// Total order "a ranks before b": higher score first, equal scores by lower index;
// NaN ranks after every number (it never occurs with validated inputs, but must not
// break the strict weak ordering nth_element and sort rely on).
inline bool ranks_before(const Candidate& a, const Candidate& b) {
  const bool a_nan = a.score != a.score, b_nan = b.score != b.score;
  if (a_nan || b_nan) return a_nan == b_nan ? a.index < b.index : b_nan;
  if (a.score != b.score) return a.score > b.score;
  return a.index < b.index;
}

class CandidateLists {
 public:
  CandidateLists(int64_t queries, int k, int slack)
      : k_(k), capacity_(k + slack),
        entries_(static_cast<size_t>(queries) * capacity_),
        counts_(static_cast<size_t>(queries), 0),
        // NaN means "accept everything": the scans test !(score <= threshold).
        thresholds_(static_cast<size_t>(queries), __builtin_nanf("")) {}

  // Thresholds the scan compares against, one per query (NaN until k are known).
  const float* thresholds() const { return thresholds_.data(); }

  // Offers the lanes set in `mask` of `scores` (lane i is item first_index + i).
  inline void offer(int64_t query, const float* scores, int32_t first_index, uint64_t mask) {
    while (mask) {
      const int lane = __builtin_ctzll(mask);
      mask &= mask - 1;
      const float score = scores[lane];
      // Re-test: a cut earlier in this loop may have raised the threshold.
      if (score <= thresholds_[query]) continue;
      Candidate* list = &entries_[static_cast<size_t>(query) * capacity_];
      int& count = counts_[query];
      list[count++] = Candidate{score, first_index + lane};
      if (count == capacity_) cut(query);
    }
  }

  // The kept candidates of one query (unsorted, at most k + slack).
  const Candidate* list(int64_t query) const { return &entries_[static_cast<size_t>(query) * capacity_]; }
  int count(int64_t query) const { return counts_[query]; }

 private:
  void cut(int64_t query) {
    Candidate* list = &entries_[static_cast<size_t>(query) * capacity_];
    std::nth_element(list, list + (k_ - 1), list + counts_[query], ranks_before);
    counts_[query] = k_;
    thresholds_[query] = list[k_ - 1].score;
  }

  int k_;
  int capacity_;
  std::vector<Candidate> entries_;
  std::vector<int> counts_;
  std::vector<float> thresholds_;
};

}  // namespace avgcon
