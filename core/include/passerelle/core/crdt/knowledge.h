// Knowledge: which operations a replica holds, as ranges of op counters per origin replica — a
// version vector with holes. A plain version vector {replica -> highest counter} is not enough
// here: ops of private notes never leave their author's device, so a colleague's vault may hold
// counters 1..9 and 12..40 of a replica but never 10 and 11, and may receive 10 and 11 much later
// (when the note is shared after all). Sync computes "what the peer lacks" as set differences of
// Knowledge, which stays exact in both cases. In the common case (no holes) a replica costs one
// range. Pure value code, no I/O. Thread-safety: a plain value.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "passerelle/core/crdt/hlc.h"

namespace passerelle::crdt {

// Counters first..last, both included (first >= 1, first <= last).
struct CounterRange {
  uint64_t first = 0;
  uint64_t last = 0;
  uint64_t size() const { return last - first + 1; }
  friend bool operator==(const CounterRange&, const CounterRange&) = default;
};

class Knowledge {
 public:
  using Ranges = std::vector<CounterRange>;  // sorted, disjoint, never adjacent

  // Adds one counter / a range (0 is ignored: it is never a valid op counter).
  void Add(ReplicaId replica, uint64_t counter) { AddRange(replica, {counter, counter}); }
  void AddRange(ReplicaId replica, CounterRange range);
  // Union with `other` (knowledge only grows: a vault never forgets an op).
  void Merge(const Knowledge& other);
  bool Contains(ReplicaId replica, uint64_t counter) const;
  // What this knowledge has that `other` lacks.
  Knowledge Minus(const Knowledge& other) const;
  // Number of op ids described.
  uint64_t Count() const;
  bool empty() const { return ranges_.empty(); }
  // Highest counter per replica: the version vector this knowledge is a refinement of.
  std::map<ReplicaId, uint64_t> Maxima() const;
  const std::map<ReplicaId, Ranges>& ranges() const { return ranges_; }

  friend bool operator==(const Knowledge&, const Knowledge&) = default;

 private:
  std::map<ReplicaId, Ranges> ranges_;
};

}  // namespace passerelle::crdt
