// See text_sequence.h.
#include "text_sequence.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <iterator>
#include <tuple>

namespace passerelle::crdt::internal {

SpanList::SpanList() { leaves_.push_back(std::make_unique<Leaf>()); }

void SpanList::ReserveReplicas(size_t n) {
  if (where_.size() < n) where_.resize(n);
  if (ends_.size() < n) ends_.resize(n);
}

Loc SpanList::NextSpan(Loc l) const {
  if (l.span + 1 < leaves_[l.leaf]->count || l.leaf + 1 == leaves_.size()) {
    return {l.leaf, l.span + 1, 0};
  }
  return {l.leaf + 1, 0, 0};
}

std::optional<Loc> SpanList::Find(Ref r) const {
  if (r.replica >= where_.size()) return std::nullopt;
  const auto& m = where_[r.replica];
  auto it = m.upper_bound(r.counter);
  if (it == m.begin()) return std::nullopt;
  const Leaf* leaf = std::prev(it)->second;
  for (uint32_t i = 0; i < leaf->count; ++i) {
    const Span& s = leaf->spans[i];
    if (s.Contains(r)) return Loc{leaf->ordinal, i, static_cast<uint32_t>(r.counter - s.counter)};
  }
  return std::nullopt;
}

Ref SpanList::CharBefore(Loc l) const {
  if (l.offset > 0) return At(l).At(l.offset - 1);
  if (l.span > 0) return leaves_[l.leaf]->spans[l.span - 1].Last();
  for (uint32_t i = l.leaf; i-- > 0;) {
    if (leaves_[i]->count > 0) return leaves_[i]->spans[leaves_[i]->count - 1].Last();
  }
  return {};
}

Ref SpanList::CharAt(Loc l) const {
  if (l.span == leaves_[l.leaf]->count) {
    if (l.leaf + 1 == leaves_.size()) return {};
    l = {l.leaf + 1, 0, 0};
  }
  return At(l).At(l.offset);
}

Loc SpanList::FindVisible(uint64_t pos) {
  if (pos >= visible_) return End();
  uint32_t i = cursor_leaf_;  // leaves are never removed, so it is always a valid leaf
  uint64_t start = cursor_start_;
  while (pos < start) start -= leaves_[--i]->visible;
  while (pos >= start + leaves_[i]->visible) start += leaves_[i++]->visible;
  cursor_leaf_ = i;
  cursor_start_ = start;
  const Leaf& leaf = *leaves_[i];
  uint64_t rest = pos - start;
  if (rest >= leaf.visible / 2) {
    // Nearer the leaf's end: count back from there (half the spans looked at, on average).
    uint64_t after = leaf.visible - rest;  // visible characters from `pos` to the leaf's end
    for (uint32_t k = leaf.count; k-- > 0;) {
      const Span& s = leaf.spans[k];
      if (s.deleted) continue;
      if (after <= s.length) return {i, k, static_cast<uint32_t>(s.length - after)};
      after -= s.length;
    }
  }
  for (uint32_t k = 0; k < leaf.count; ++k) {
    const Span& s = leaf.spans[k];
    if (s.deleted) continue;
    if (rest < s.length) return {i, k, static_cast<uint32_t>(rest)};
    rest -= s.length;
  }
  assert(false && "leaf visible count out of step with its spans");
  return End();
}

void SpanList::AddVisible(Leaf& leaf, int64_t delta) {
  leaf.visible += static_cast<uint64_t>(delta);
  visible_ += static_cast<uint64_t>(delta);
  if (leaf.ordinal < cursor_leaf_) cursor_start_ += static_cast<uint64_t>(delta);
}

Loc SpanList::MakeRoom(Loc l, uint32_t extra) {
  if (leaves_[l.leaf]->count + extra <= kLeafCapacity) return l;
  SplitLeaf(l.leaf);
  const uint32_t kept = leaves_[l.leaf]->count;
  if (l.span >= kept) l = {l.leaf + 1, l.span - kept, l.offset};
  return l;
}

Loc SpanList::Split(Loc l) {
  if (l.offset == 0) return l;
  Span& s = At(l);
  Span right = s;
  right.counter += l.offset;
  right.text += l.offset;
  right.length -= l.offset;
  right.set_left(s.At(l.offset - 1));
  s.length = l.offset;
  if (!s.deleted) AddVisible(*leaves_[l.leaf], -static_cast<int64_t>(right.length));
  return Insert({l.leaf, l.span + 1, 0}, right, leaves_[l.leaf].get());
}

Loc SpanList::Insert(Loc at, const Span& s, const Leaf* indexed_in) {
  if (leaves_[at.leaf]->count == kLeafCapacity) {
    SplitLeaf(at.leaf);
    const uint32_t kept = leaves_[at.leaf]->count;
    if (at.span > kept) at = {at.leaf + 1, at.span - kept, 0};
  }
  Leaf& leaf = *leaves_[at.leaf];
  std::memmove(&leaf.spans[at.span + 1], &leaf.spans[at.span], (leaf.count - at.span) * sizeof(Span));
  leaf.spans[at.span] = s;
  ++leaf.count;
  if (!s.deleted) AddVisible(leaf, s.length);
  if (&leaf != indexed_in) AssignIndex(s, &leaf);
  return {at.leaf, at.span, 0};
}

void SpanList::Grow(Loc l, uint32_t n) {
  Leaf& leaf = *leaves_[l.leaf];
  Span& s = leaf.spans[l.span];
  Span added = s;
  added.counter = s.end();
  added.length = n;
  s.length += n;
  if (!s.deleted) AddVisible(leaf, n);
  AssignIndex(added, &leaf);
}

void SpanList::Place(Loc at, const Span& s) {
  at = Split(at);
  if (at.span > 0) {
    const Loc prev{at.leaf, at.span - 1, 0};
    const Span& p = At(prev);
    if (!p.deleted && Continues(p, s) && p.text + p.length == s.text) return Grow(prev, s.length);
  }
  Insert(at, s);
}

Loc SpanList::DeleteWithin(Loc l, uint32_t take) {
  if (At(l).deleted) return l;
  l = Split(MakeRoom(l, 2));
  if (take < At(l).length) Split({l.leaf, l.span, take});
  Span& s = At(l);
  s.deleted = true;
  AddVisible(*leaves_[l.leaf], -static_cast<int64_t>(s.length));
  MergeWithNext(l);
  if (l.span > 0 && MergeWithNext({l.leaf, l.span - 1, 0})) --l.span;
  return l;
}

bool SpanList::MergeWithNext(Loc l) {
  Leaf& leaf = *leaves_[l.leaf];
  if (l.span + 1 >= leaf.count) return false;
  Span& a = leaf.spans[l.span];
  const Span& b = leaf.spans[l.span + 1];
  if (a.deleted != b.deleted || !Continues(a, b) || a.text + a.length != b.text) return false;
  a.length += b.length;
  std::memmove(&leaf.spans[l.span + 1], &leaf.spans[l.span + 2], (leaf.count - l.span - 2) * sizeof(Span));
  --leaf.count;
  return true;
}

void SpanList::SplitLeaf(uint32_t i) {
  Leaf& old = *leaves_[i];
  auto fresh = std::make_unique<Leaf>();
  const uint32_t keep = old.count / 2;
  fresh->count = old.count - keep;
  std::memcpy(fresh->spans, &old.spans[keep], fresh->count * sizeof(Span));
  old.count = keep;
  for (uint32_t k = 0; k < fresh->count; ++k) {
    if (!fresh->spans[k].deleted) fresh->visible += fresh->spans[k].length;
  }
  old.visible -= fresh->visible;
  Leaf* moved = fresh.get();
  leaves_.insert(leaves_.begin() + i + 1, std::move(fresh));
  for (size_t k = i + 1; k < leaves_.size(); ++k) leaves_[k]->ordinal = static_cast<uint32_t>(k);
  if (cursor_leaf_ > i) ++cursor_leaf_;
  for (uint32_t k = 0; k < moved->count; ++k) AssignIndex(moved->spans[k], moved);
}

void SpanList::AssignIndex(const Span& s, Leaf* leaf) {
  auto& m = where_[s.replica];
  const uint64_t c = s.counter, e = s.end();
  uint64_t& known_end = ends_[s.replica];
  const bool newest = e >= known_end;
  known_end = std::max(known_end, e);
  // Typing: the newest counters of a replica, landing in the leaf its last run went to.
  if (!m.empty() && m.rbegin()->second == leaf && m.rbegin()->first <= c) return;
  auto it = m.upper_bound(c);
  if (it != m.begin() && std::prev(it)->second == leaf && (it == m.end() || it->first >= e)) return;
  Leaf* after = nullptr;
  if (auto ie = m.upper_bound(e); ie != m.begin()) after = std::prev(ie)->second;
  auto next = m.erase(m.lower_bound(c), m.lower_bound(e));  // first key >= e
  if (next == m.begin() || std::prev(next)->second != leaf) m.emplace_hint(next, c, leaf);
  const bool has_e = next != m.end() && next->first == e;
  if (!has_e && !newest && after != nullptr && after != leaf) {
    m.emplace_hint(next, e, after);
  } else if (has_e && next->second == leaf) {
    m.erase(next);
  }
}

void SpanList::AppendLoaded(const Span& s) {
  if (leaves_.back()->count == kLoadFill) {
    leaves_.push_back(std::make_unique<Leaf>());
    leaves_.back()->ordinal = static_cast<uint32_t>(leaves_.size() - 1);
  }
  Leaf& leaf = *leaves_.back();
  leaf.spans[leaf.count++] = s;
  if (!s.deleted) {
    leaf.visible += s.length;
    visible_ += s.length;
  }
}

void SpanList::IndexLoaded(uint32_t replica, uint64_t counter, size_t run) {
  Leaf* leaf = leaves_[run / kLoadFill].get();
  auto& m = where_[replica];
  if (m.empty() || std::prev(m.end())->second != leaf) m.emplace_hint(m.end(), counter, leaf);
  ends_[replica] = std::max(ends_[replica], leaf->spans[run % kLoadFill].end());
}

void SpanList::FinishLoad() {
  cursor_leaf_ = 0;
  cursor_start_ = 0;
}

}  // namespace passerelle::crdt::internal
