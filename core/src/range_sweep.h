// Set arithmetic for the outbox (sync_store.cpp) over sorted, disjoint counter ranges
// (crdt::Knowledge::Ranges), in sweeps that build nothing: at a service's five years the peer's
// acknowledgement and the secret notes' ops have ~1,500 ranges each (one per run of private
// edits), and "what the peer lacks" is usually a few.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "passerelle/core/crdt/knowledge.h"

namespace passerelle::core::range_sweep {

using Ranges = crdt::Knowledge::Ranges;

inline const Ranges* RangesOf(const crdt::Knowledge& k, crdt::ReplicaId replica) {
  auto it = k.ranges().find(replica);
  return it == k.ranges().end() ? nullptr : &it->second;
}

// The union of a few sorted, disjoint lists, walked in order as disjoint ranges without building
// it (the lists have ~1,500 ranges at a service's five years: no allocation per outbox).
class UnionWalk {
 public:
  explicit UnionWalk(std::initializer_list<const Ranges*> lists) {
    for (const Ranges* l : lists)
      if (l != nullptr && !l->empty()) heads_.push_back({l->data(), l->data() + l->size()});
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
  // The next range: the lowest head, extended while another head overlaps or touches it.
  void Advance() {
    has_ = false;
    for (;;) {
      Head* low = nullptr;
      for (auto& h : heads_)
        if (h.at != h.end && (low == nullptr || h.at->first < low->at->first)) low = &h;
      if (low == nullptr) return;
      if (has_ && low->at->first > current_.last + 1) return;
      if (!has_) current_ = *low->at;
      else current_.last = std::max(current_.last, low->at->last);
      has_ = true;
      ++low->at;
    }
  }
  std::vector<Head> heads_;
  crdt::CounterRange current_;
  bool has_ = false;
};

// `from` minus the union `minus` walks (both sorted and disjoint), in one sweep: how many counters
// remain, and (if `into`) the remaining ranges added to it.
inline uint64_t Subtract(crdt::ReplicaId replica, const Ranges& from, UnionWalk minus, crdt::Knowledge* into) {
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

}  // namespace passerelle::core::range_sweep
