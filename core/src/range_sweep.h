// Set arithmetic for the outbox (sync_store.cpp) over sorted, disjoint counter ranges
// (crdt::Knowledge::Ranges), in sweeps that build nothing: at a service's five years the peer's
// acknowledgement and the secret notes' ops have ~1,500 ranges each (one per run of private
// edits), and "what the peer lacks" is usually a few. These sweeps are most of what a status
// costs beyond its page reads, so they are written to do little per range: a fixed array of
// heads, no allocation, and one comparison per head per step.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <vector>

#include "passerelle/core/crdt/knowledge.h"

namespace passerelle::core::range_sweep {

using Ranges = crdt::Knowledge::Ranges;
// Ranges per origin replica: what Knowledge::ranges() is, and what the stored blobs decode to
// (sync_index::DecodeRangeLists) without building a Knowledge range by range.
using RangeLists = std::map<crdt::ReplicaId, Ranges>;

inline const Ranges* RangesOf(const RangeLists& k, crdt::ReplicaId replica) {
  auto it = k.find(replica);
  return it == k.end() ? nullptr : &it->second;
}
inline const Ranges* RangesOf(const crdt::Knowledge& k, crdt::ReplicaId replica) { return RangesOf(k.ranges(), replica); }

inline bool Contains(const RangeLists& k, crdt::ReplicaId replica, uint64_t counter) {
  const Ranges* rs = RangesOf(k, replica);
  if (rs == nullptr) return false;
  auto pos = std::lower_bound(rs->begin(), rs->end(), counter, [](const crdt::CounterRange& r, uint64_t c) { return r.last < c; });
  return pos != rs->end() && pos->first <= counter;
}

// One sorted, disjoint list walked as the minus side of Subtract.
class ListWalk {
 public:
  explicit ListWalk(const Ranges& l) : at_(l.data()), end_(l.data() + l.size()) {}
  bool done() const { return at_ == end_; }
  const crdt::CounterRange& range() const { return *at_; }
  void Next() { ++at_; }

 private:
  const crdt::CounterRange* at_;
  const crdt::CounterRange* end_;
};

// The union of up to three sorted, disjoint lists, walked in order as disjoint ranges without
// building it.
class UnionWalk {
 public:
  explicit UnionWalk(std::initializer_list<const Ranges*> lists) {
    for (const Ranges* l : lists)
      if (l != nullptr && !l->empty() && n_ < heads_.size()) heads_[n_++] = {l->data(), l->data() + l->size()};
    Advance();
  }
  bool done() const { return !has_; }
  const crdt::CounterRange& range() const { return current_; }
  void Next() { Advance(); }

 private:
  struct Head {
    const crdt::CounterRange* at;
    const crdt::CounterRange* end;
  };
  // The lowest head (n_ > 0: exhausted heads are dropped as they run out).
  Head* Lowest() {
    Head* low = &heads_[0];
    for (size_t i = 1; i < n_; ++i)
      if (heads_[i].at->first < low->at->first) low = &heads_[i];
    return low;
  }
  void Take(Head* h) {
    if (++h->at == h->end) *h = heads_[--n_];
  }
  // The next range: the lowest head, extended while another head overlaps or touches it (a single
  // list's ranges never touch, so one head left is one range per step).
  void Advance() {
    has_ = n_ > 0;
    if (!has_) return;
    Head* low = Lowest();
    current_ = *low->at;
    Take(low);
    while (n_ > 1) {
      low = Lowest();
      if (low->at->first > current_.last + 1) return;
      current_.last = std::max(current_.last, low->at->last);
      Take(low);
    }
    // One list left: its ranges may still overlap the range built from the others.
    while (n_ == 1 && heads_[0].at->first <= current_.last + 1) {
      current_.last = std::max(current_.last, heads_[0].at->last);
      Take(&heads_[0]);
    }
  }
  std::array<Head, 3> heads_{};
  size_t n_ = 0;
  crdt::CounterRange current_;
  bool has_ = false;
};

// `from` minus what `minus` walks (a ListWalk or a UnionWalk: both sorted and disjoint), in one
// sweep: how many counters remain, and (if `into`) the remaining ranges added to it.
template <class Walk>
uint64_t SubtractWalk(crdt::ReplicaId replica, const Ranges& from, Walk& minus, crdt::Knowledge* into) {
  uint64_t n = 0;
  auto emit = [&](uint64_t first, uint64_t last) {
    n += last - first + 1;
    if (into) into->AddRange(replica, {first, last});
  };
  for (const auto& r : from) {
    uint64_t at = r.first;
    while (!minus.done() && minus.range().last < at) minus.Next();
    // `minus` stays on the last range that may overlap the next `from` range too.
    for (;;) {
      if (minus.done() || minus.range().first > r.last) {
        emit(at, r.last);
        break;
      }
      if (minus.range().first > at) emit(at, minus.range().first - 1);
      if (minus.range().last >= r.last) break;
      at = minus.range().last + 1;
      minus.Next();
    }
  }
  return n;
}

// `from` minus the union of `minus` (null or empty lists ignored): a single list, the usual case
// (the peer's acknowledgement alone, or the secret ranges for a device never met), is walked
// directly, the union only when two or more lists have ranges.
inline uint64_t Subtract(crdt::ReplicaId replica, const Ranges& from, std::initializer_list<const Ranges*> minus,
                         crdt::Knowledge* into) {
  const Ranges* only = nullptr;
  int lists = 0;
  for (const Ranges* l : minus)
    if (l != nullptr && !l->empty()) {
      only = l;
      ++lists;
    }
  if (lists > 1) {
    UnionWalk walk(minus);
    return SubtractWalk(replica, from, walk, into);
  }
  if (lists == 1) {
    ListWalk walk(*only);
    return SubtractWalk(replica, from, walk, into);
  }
  uint64_t n = 0;
  for (const auto& r : from) {
    n += r.size();
    if (into) into->AddRange(replica, r);
  }
  return n;
}

}  // namespace passerelle::core::range_sweep
