// The search driver: query chunks, L2-sized item panels packed on the fly, a shared
// work counter so a descheduled thread never holds the others up, and the final merge.
//
// Work unit = (item panel, slice of the chunk's query blocks). Threads take units in
// increasing order from one atomic counter, so each thread meets any given query's
// items in ascending index order: the property the strict threshold test needs.
// For large N there is one slice (units = panels, each packed once); for small N the
// queries are sliced so that both cores still get work.
#include "search.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "packing.h"

namespace avgcon {
namespace {

constexpr int64_t kPanelBytes = 448 * 1024;          // stays in L2 next to the query block
constexpr int64_t kListBudgetBytes = 128 << 20;      // candidate lists, all threads together

// Slack ~ k makes a cut O(1) per append; the floor keeps cuts rare for tiny k.
int slack_for(int k) { return std::max(k, 32); }

// Runs body(t) on `threads` threads and rethrows the first exception.
template <class Body>
void run_parallel(int threads, Body body) {
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto guarded = [&](int t) {
    try {
      body(t);
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(guarded, t);
  guarded(0);
  for (auto& th : pool) th.join();
  if (failure) std::rethrow_exception(failure);
}

struct Chunk {
  int64_t first_query;
  int64_t query_count;
};

class ChunkSearch {
 public:
  ChunkSearch(const SearchRequest& req, const KernelPath& path, Chunk chunk)
      : req_(req), path_(path), chunk_(chunk) {
    const int64_t block_bytes = int64_t(req.d) * path.width * sizeof(float);
    panel_items_ = std::max<int64_t>(1, kPanelBytes / block_bytes) * path.width;
    panels_ = (req.n + panel_items_ - 1) / panel_items_;
    query_blocks_ = (chunk.query_count + path.rows - 1) / path.rows;
    const int64_t wanted_units = 4 * int64_t(req.threads);
    slices_ = std::clamp<int64_t>((wanted_units + panels_ - 1) / panels_, 1, std::max<int64_t>(1, query_blocks_));
    threads_ = int(std::clamp<int64_t>(panels_ * slices_, 1, req.threads));
    packed_queries_.resize(query_blocks_ * path.rows * req.d);
    pack_rows(req.queries, req.q, req.d, chunk.first_query, chunk.query_count, path.rows, packed_queries_.data());
  }

  void run() {
    std::vector<std::unique_ptr<CandidateLists>> lists(threads_);
    run_parallel(threads_, [&](int t) {
      lists[t] = std::make_unique<CandidateLists>(chunk_.query_count, req_.k, slack_for(req_.k));
      scan_units(*lists[t]);
    });
    run_parallel(threads_, [&](int t) { merge(lists, t); });
  }

 private:
  void scan_units(CandidateLists& lists) {
    AlignedFloats panel(panel_items_ * req_.d), bias(panel_items_);
    int64_t packed_panel = -1;
    for (;;) {
      const int64_t unit = next_unit_.fetch_add(1, std::memory_order_relaxed);
      if (unit >= panels_ * slices_) return;
      const int64_t p = unit / slices_, s = unit % slices_;
      const int64_t first = p * panel_items_, count = std::min(panel_items_, req_.n - first);
      if (p != packed_panel) {
        path_.pack_items(req_.items, req_.n, req_.d, first, count, panel.data());
        pack_bias(req_.bias, first, count, path_.width, bias.data());
        packed_panel = p;
      }
      const ItemPanel item_panel{panel.data(), bias.data(), int32_t(first), int32_t(count)};
      const QuerySlice slice{packed_queries_.data(), chunk_.query_count, s * query_blocks_ / slices_,
                             (s + 1) * query_blocks_ / slices_};
      path_.scan(item_panel, req_.d, slice, lists);
    }
  }

  // Thread t merges every threads_-th query: the per-thread lists hold each thread's
  // exact top-k, so the best k of their union under the total order is the answer.
  void merge(const std::vector<std::unique_ptr<CandidateLists>>& lists, int t) {
    std::vector<Candidate> all, scratch;
    const int k = req_.k;
    for (int64_t query = t; query < chunk_.query_count; query += threads_) {
      all.clear();
      for (const auto& l : lists) all.insert(all.end(), l->list(query), l->list(query) + l->count(query));
      scratch.resize(all.size());
      if (int64_t(all.size()) > k) select_largest(all.data(), int(all.size()), k, scratch.data());
      sort_descending(all.data(), int(std::min<int64_t>(k, all.size())), scratch.data());
      int32_t* row = req_.out + (chunk_.first_query + query) * k;
      for (int i = 0; i < k; ++i) row[i] = candidate_index(all[i]);
    }
  }

  const SearchRequest& req_;
  const KernelPath& path_;
  Chunk chunk_;
  int64_t panel_items_, panels_, query_blocks_, slices_;
  int threads_;
  AlignedFloats packed_queries_;
  std::atomic<int64_t> next_unit_{0};
};

}  // namespace

void search_topk(const SearchRequest& req, const KernelPath& path) {
  if (req.q == 0) return;
  // Bound the candidate lists' memory: one list per query and thread.
  const int64_t per_query = int64_t(req.threads) * CandidateLists::capacity_for(req.k, slack_for(req.k)) * int64_t(sizeof(Candidate));
  const int64_t max_chunk = std::max<int64_t>(path.rows, kListBudgetBytes / per_query / path.rows * path.rows);
  // Equal chunks: a small last chunk would repack every item for a handful of queries.
  const int64_t chunks = (req.q + max_chunk - 1) / max_chunk;
  const int64_t chunk = ((req.q + chunks - 1) / chunks + path.rows - 1) / path.rows * path.rows;
  for (int64_t first = 0; first < req.q; first += chunk) {
    ChunkSearch search(req, path, Chunk{first, std::min(chunk, req.q - first)});
    search.run();
  }
}

}  // namespace avgcon
