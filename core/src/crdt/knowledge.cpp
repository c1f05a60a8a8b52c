// Knowledge (see knowledge.h): range-set arithmetic over op counters.
#include "passerelle/core/crdt/knowledge.h"

#include <algorithm>

namespace passerelle::crdt {

void Knowledge::AddRange(ReplicaId replica, CounterRange range) {
  if (range.first == 0) range.first = 1;
  if (range.last < range.first) return;
  Ranges& rs = ranges_[replica];
  // Fast path: appending in counter order, which is how logs are read.
  if (rs.empty() || rs.back().last < range.first - 1) {
    rs.push_back(range);
    return;
  }
  if (rs.back().last + 1 >= range.first && rs.back().first <= range.first) {
    rs.back().last = std::max(rs.back().last, range.last);
    return;
  }
  // General case: find every range that overlaps or touches, replace them with their union.
  auto lo = std::lower_bound(rs.begin(), rs.end(), range.first,
                             [](const CounterRange& r, uint64_t first) { return r.last + 1 < first; });
  auto hi = lo;
  CounterRange merged = range;
  while (hi != rs.end() && hi->first <= (range.last == UINT64_MAX ? range.last : range.last + 1)) {
    merged.first = std::min(merged.first, hi->first);
    merged.last = std::max(merged.last, hi->last);
    ++hi;
  }
  lo = rs.erase(lo, hi);
  rs.insert(lo, merged);
}

void Knowledge::Merge(const Knowledge& other) {
  for (const auto& [replica, rs] : other.ranges_)
    for (const auto& r : rs) AddRange(replica, r);
}

bool Knowledge::Contains(ReplicaId replica, uint64_t counter) const {
  auto it = ranges_.find(replica);
  if (it == ranges_.end()) return false;
  const Ranges& rs = it->second;
  auto pos = std::lower_bound(rs.begin(), rs.end(), counter,
                              [](const CounterRange& r, uint64_t c) { return r.last < c; });
  return pos != rs.end() && pos->first <= counter;
}

Knowledge Knowledge::Minus(const Knowledge& other) const {
  Knowledge out;
  for (const auto& [replica, mine] : ranges_) {
    auto it = other.ranges_.find(replica);
    if (it == other.ranges_.end()) {
      out.ranges_[replica] = mine;
      continue;
    }
    const Ranges& theirs = it->second;
    size_t j = 0;
    for (const auto& r : mine) {
      uint64_t from = r.first;
      while (j < theirs.size() && theirs[j].last < from) ++j;
      size_t k = j;
      while (from <= r.last) {
        if (k == theirs.size() || theirs[k].first > r.last) {
          out.AddRange(replica, {from, r.last});
          break;
        }
        if (theirs[k].first > from) out.AddRange(replica, {from, theirs[k].first - 1});
        if (theirs[k].last >= r.last) break;
        from = theirs[k].last + 1;
        ++k;
      }
    }
  }
  return out;
}

uint64_t Knowledge::Count() const {
  uint64_t n = 0;
  for (const auto& [replica, rs] : ranges_)
    for (const auto& r : rs) n += r.size();
  return n;
}

std::map<ReplicaId, uint64_t> Knowledge::Maxima() const {
  std::map<ReplicaId, uint64_t> out;
  for (const auto& [replica, rs] : ranges_)
    if (!rs.empty()) out[replica] = rs.back().last;
  return out;
}

}  // namespace passerelle::crdt
