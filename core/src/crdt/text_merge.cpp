// Merging ops into a TextDoc: placing inserted runs (FugueMax), deleting by id, and buffering
// ops that arrive before what they depend on. See docs/sync-text.md.
#include <algorithm>
#include <limits>

#include "text_doc_state.h"
#include "text_utf8.h"

namespace passerelle::crdt {

using internal::Loc;
using internal::Order;
using internal::Ref;
using internal::Span;

std::optional<uint64_t> CounterSpan(const TextOp& op) {
  if (op.kind == TextOp::Kind::kDelete) return op.deleted.empty() ? 0 : 1;
  uint64_t cps = 0;
  if (!internal::CountUtf8(op.text, &cps)) return std::nullopt;
  return cps;
}

void TextDoc::State::Integrate(uint32_t replica, uint64_t counter, Ref left, Ref right, uint32_t length) {
  // Orders of the characters involved, taken before anything moves.
  auto order_of = [&](Ref r, Order if_none) {
    if (r.none()) return if_none;
    auto at = list.Find(r);
    return at ? list.OrderOf(*at) : if_none;
  };
  Loc start{0, 0, 0};
  Order left_order = internal::kBeforeAll;
  if (!left.none()) {
    const Loc l = *list.Find(left);
    left_order = list.OrderOf(l);
    start = l.offset + 1 < list.At(l).length ? Loc{l.leaf, l.span, l.offset + 1}
                                              : list.NextSpan({l.leaf, l.span, 0});
  }
  const Order right_order = order_of(right, internal::kAfterAll);
  const ReplicaId my_id = replica_ids[replica];

  // Walk the runs between our origins. A run's first character decides (the others have the
  // previous character as origin-left, so they are nested and skipped): stop before a run
  // anchored further left; among runs anchored on the same left origin, go after those that
  // end at or beyond our right origin when their replica id is smaller (the tie-break), and
  // remember the spot before a run that ends sooner, since we only belong after it if we also
  // pass everything nested under it (that is FugueMax's "scanning" state).
  Loc i = start, dest = start;
  bool scanning = false;
  while (true) {
    if (!scanning) dest = i;
    if (list.IsEnd(i)) break;
    const Order here = list.OrderOf(i);
    if (here == right_order) break;
    const Span& other = list.At(i);
    const Order other_left =
        i.offset > 0 ? Order{here.major, here.minor - 1} : order_of(other.left(), internal::kBeforeAll);
    if (other_left < left_order) break;
    if (other_left == left_order) {
      const Order other_right = order_of(other.right(), internal::kAfterAll);
      if (other_right < right_order) {
        scanning = true;
      } else if (other_right == right_order) {
        if (my_id < replica_ids[other.replica]) break;
        scanning = false;
      } else {
        scanning = false;
      }
    }
    if (right_order.major == here.major && right_order.minor > here.minor) {
      // Our right origin sits inside this run (only malformed histories get here).
      i.offset = static_cast<uint32_t>(right_order.minor);
      if (!scanning) dest = i;
      break;
    }
    i = list.NextSpan({i.leaf, i.span, 0});
  }

  Span s;
  s.counter = counter;
  s.replica = replica;
  s.set_left(left);
  s.set_right(right);
  s.length = length;
  s.text = static_cast<uint32_t>(chars.size() - length);
  list.Place(dest, s);
  text.reset();
}

void TextDoc::State::DeleteRange(uint32_t replica, uint64_t counter, uint64_t length) {
  const uint64_t end = counter + length;
  for (uint64_t x = counter; x < end;) {
    const Loc l = *list.Find({replica, x});
    const uint64_t take = std::min<uint64_t>(list.At(l).length - l.offset, end - x);
    list.DeleteWithin(l, static_cast<uint32_t>(take));
    text.reset();
    x += take;
  }
}

void TextDoc::State::RecordDelete(uint32_t replica, uint64_t counter,
                                  const std::vector<DeleteTarget>& targets) {
  deletes.push_back({counter, replica, static_cast<uint32_t>(delete_targets.size()),
                     static_cast<uint32_t>(targets.size())});
  delete_targets.insert(delete_targets.end(), targets.begin(), targets.end());
}

bool TextDoc::State::Known(CharId id) const {
  auto r = IndexOf(id.replica);
  return r && id.counter < next[*r];
}

Status TextDoc::State::TryInsert(const TextOp& op, Outcome* outcome, CharId* missing) {
  // Counted first and decoded only once the op applies, straight into `chars`: no code points
  // built for an op that waits or is a duplicate, and no temporary buffer (issue 14).
  uint64_t n = 0;
  if (!internal::CountUtf8(op.text, &n)) return Corrupt("A text insertion is not valid UTF-8.");
  const uint64_t c = op.id.counter;
  if (c + n < c) return Corrupt("A text insertion's character ids overflow.");
  for (const auto& origin : {op.origin_left, op.origin_right}) {
    if (origin && origin->replica == op.id.replica && origin->counter >= c && origin->counter < c + n) {
      return Corrupt("A text insertion is anchored on its own characters.");
    }
  }
  if (op.origin_left && op.origin_left == op.origin_right) {
    return Corrupt("A text insertion has the same character on both sides.");
  }
  const auto r = IndexOf(op.id.replica);
  const uint64_t have = r ? next[*r] : 0;
  if (c + n <= have) return *outcome = Outcome::kDuplicate, Status::Ok();
  if (c > have) return *outcome = Outcome::kWaiting, *missing = {op.id.replica, c - 1}, Status::Ok();
  // A copy that overlaps what we already have (ops can be re-cut by OpsSince elsewhere): keep
  // the new tail, anchored like the run it continues.
  const uint64_t skip = have - c;
  const std::optional<CharId> left = skip > 0 ? CharId{op.id.replica, have - 1} : op.origin_left;
  Ref refs[2];
  const std::optional<CharId> origins[2] = {left, op.origin_right};
  for (int k = 0; k < 2; ++k) {
    if (!origins[k]) continue;
    if (!Known(*origins[k])) return *outcome = Outcome::kWaiting, *missing = *origins[k], Status::Ok();
    refs[k] = {*IndexOf(origins[k]->replica), origins[k]->counter};
    if (!list.Find(refs[k])) return Corrupt("A text insertion is anchored on a deletion, not a character.");
  }
  if (chars.size() + (n - skip) > std::numeric_limits<uint32_t>::max()) {
    return InvalidInput("The note's history is too long to add this text.");
  }
  const uint32_t replica = Intern(op.id.replica);
  const size_t at = chars.size();
  internal::DecodeUtf8(op.text, chars);  // valid: counted above
  if (skip > 0) chars.erase(at, static_cast<size_t>(skip));
  Integrate(replica, have, refs[0], refs[1], static_cast<uint32_t>(n - skip));
  next[replica] = c + n;
  *outcome = Outcome::kApplied;
  return Status::Ok();
}

Status TextDoc::State::TryDelete(const TextOp& op, Outcome* outcome, CharId* missing) {
  const uint64_t c = op.id.counter;
  if (c == std::numeric_limits<uint64_t>::max()) return Corrupt("A text deletion's id overflows.");
  for (const CharRange& range : op.deleted) {
    if (range.length == 0 || range.counter + range.length < range.counter) {
      return Corrupt("A text deletion names an empty or overflowing range.");
    }
  }
  const auto r = IndexOf(op.id.replica);
  const uint64_t have = r ? next[*r] : 0;
  if (c < have) return *outcome = Outcome::kDuplicate, Status::Ok();
  if (c > have) return *outcome = Outcome::kWaiting, *missing = {op.id.replica, c - 1}, Status::Ok();
  std::vector<DeleteTarget> targets;
  targets.reserve(op.deleted.size());
  for (const CharRange& range : op.deleted) {
    const CharId last{range.replica, range.counter + range.length - 1};
    if (!Known(last)) return *outcome = Outcome::kWaiting, *missing = last, Status::Ok();
    const uint32_t tr = *IndexOf(range.replica);
    for (uint64_t x = range.counter; x < range.counter + range.length;) {
      auto at = list.Find({tr, x});
      if (!at) return Corrupt("A text deletion names a deletion, not a character.");
      x += list.At(*at).length - at->offset;
    }
    targets.push_back({range.counter, range.length, tr});
  }
  const uint32_t replica = Intern(op.id.replica);
  for (const DeleteTarget& t : targets) DeleteRange(t.replica, t.counter, t.length);
  RecordDelete(replica, c, targets);
  next[replica] = c + 1;
  *outcome = Outcome::kApplied;
  return Status::Ok();
}

Status TextDoc::State::TryApply(const TextOp& op, Outcome* outcome, CharId* missing) {
  if (op.IsNoop()) return *outcome = Outcome::kDuplicate, Status::Ok();
  switch (op.kind) {
    case TextOp::Kind::kInsert:
      return TryInsert(op, outcome, missing);
    case TextOp::Kind::kDelete:
      return TryDelete(op, outcome, missing);
  }
  return Corrupt("A text op has an unknown kind.");
}

void TextDoc::State::Buffer(TextOp op, CharId missing) {
  const auto span = CounterSpan(op);
  auto key = std::make_tuple(static_cast<uint8_t>(op.kind), op.id.replica, op.id.counter, span.value_or(0));
  if (!waiting_keys.insert(key).second) return;
  waiting.emplace(std::make_pair(missing.replica, missing.counter), std::move(op));
}

void TextDoc::State::Wake(ReplicaId replica, std::vector<TextOp>& ready) {
  const auto r = IndexOf(replica);
  if (!r) return;
  auto first = waiting.lower_bound({replica, 0});
  auto last = waiting.lower_bound({replica, next[*r]});
  for (auto it = first; it != last; ++it) {
    const TextOp& op = it->second;
    waiting_keys.erase(std::make_tuple(static_cast<uint8_t>(op.kind), op.id.replica, op.id.counter,
                                       CounterSpan(op).value_or(0)));
    ready.push_back(std::move(it->second));
  }
  waiting.erase(first, last);
}

Status TextDoc::State::Apply(const TextOp& op) {
  Outcome outcome = Outcome::kDuplicate;
  CharId missing;
  PASSERELLE_RETURN_IF_ERROR(TryApply(op, &outcome, &missing));
  if (outcome == Outcome::kWaiting) Buffer(op, missing);
  if (outcome != Outcome::kApplied) return Status::Ok();
  std::vector<TextOp> ready;
  Wake(op.id.replica, ready);
  while (!ready.empty()) {
    TextOp woken = std::move(ready.back());
    ready.pop_back();
    // A buffered op that turns out malformed once its dependencies are here has no caller left
    // to tell: it is dropped (the header says so).
    if (!TryApply(woken, &outcome, &missing).ok()) {
      if (woken.kind == TextOp::Kind::kInsert) dropped.push_back(std::move(woken));
      continue;
    }
    if (outcome == Outcome::kWaiting) {
      Buffer(std::move(woken), missing);
    } else if (outcome == Outcome::kApplied) {
      Wake(woken.id.replica, ready);
    }
  }
  return Status::Ok();
}

}  // namespace passerelle::crdt
