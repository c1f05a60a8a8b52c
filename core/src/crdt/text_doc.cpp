// TextDoc: local edits (which produce the ops to ship) and the public entry points. Merging is
// in text_merge.cpp, the state codec in text_state_codec.cpp, deltas in text_ops_since.cpp.
#include <algorithm>
#include <limits>
#include <utility>

#include "text_doc_state.h"
#include "text_utf8.h"

namespace passerelle::crdt {

using internal::Loc;
using internal::Ref;
using internal::Span;

TextDoc::State::State(ReplicaId local_id) { local = Intern(local_id); }

uint32_t TextDoc::State::Intern(ReplicaId id) {
  auto [it, added] = replica_index.try_emplace(id, static_cast<uint32_t>(replica_ids.size()));
  if (added) {
    replica_ids.push_back(id);
    next.push_back(0);
    list.ReserveReplicas(replica_ids.size());
  }
  return it->second;
}

std::optional<uint32_t> TextDoc::State::IndexOf(ReplicaId id) const {
  auto it = replica_index.find(id);
  if (it == replica_index.end()) return std::nullopt;
  return it->second;
}

TextOp TextDoc::State::LocalInsert(size_t pos, std::u32string_view cps) {
  TextOp op;
  op.kind = TextOp::Kind::kInsert;
  op.id = {replica_ids[local], next[local]};
  if (cps.empty() || chars.size() + cps.size() > std::numeric_limits<uint32_t>::max()) return op;

  // The insertion point goes after any deleted characters before the next visible one, so text
  // typed after a deletion continues the run the deletion cut (and encodes as one).
  const Loc at = list.FindVisible(std::min<uint64_t>(pos, list.visible()));
  const Ref left = list.CharBefore(at), right = list.CharAt(at);
  Span s;
  s.counter = next[local];
  s.replica = local;
  s.set_left(left);
  s.set_right(right);
  s.length = static_cast<uint32_t>(cps.size());
  s.text = static_cast<uint32_t>(chars.size());
  chars.append(cps);
  list.Place(at, s);
  text.reset();
  next[local] += cps.size();

  op.origin_left = ToOptional(left);
  op.origin_right = ToOptional(right);
  internal::EncodeUtf8(cps.data(), cps.size(), op.text);
  return op;
}

TextOp TextDoc::State::LocalDelete(size_t pos, size_t len) {
  TextOp op;
  op.kind = TextOp::Kind::kDelete;
  op.id = {replica_ids[local], next[local]};
  const uint64_t visible = list.visible();
  pos = static_cast<size_t>(std::min<uint64_t>(pos, visible));
  uint64_t remaining = std::min<uint64_t>(len, visible - pos);
  if (remaining == 0) return op;

  // Targets go straight into the deletion record (this op is the newest one).
  const size_t first_target = delete_targets.size();
  Loc at = list.FindVisible(pos);
  while (true) {
    const Span& s = list.At(at);
    const Ref first = s.At(at.offset);
    const auto take = static_cast<uint32_t>(std::min<uint64_t>(s.length - at.offset, remaining));
    if (delete_targets.size() > first_target && delete_targets.back().replica == first.replica &&
        delete_targets.back().counter + delete_targets.back().length == first.counter) {
      delete_targets.back().length += take;
    } else {
      delete_targets.push_back({first.counter, take, first.replica});
    }
    at = list.DeleteWithin(at, take);
    text.reset();
    remaining -= take;
    if (remaining == 0) break;
    do at = list.NextSpan({at.leaf, at.span, 0}); while (list.At(at).deleted);
  }
  deletes.push_back({next[local], local, static_cast<uint32_t>(first_target),
                     static_cast<uint32_t>(delete_targets.size() - first_target)});
  ++next[local];
  op.deleted.reserve(delete_targets.size() - first_target);
  for (size_t t = first_target; t < delete_targets.size(); ++t) {
    op.deleted.push_back({replica_ids[delete_targets[t].replica], delete_targets[t].counter, delete_targets[t].length});
  }
  return op;
}

TextDoc::TextDoc(ReplicaId local) : state_(std::make_unique<State>(local)) {}
TextDoc::TextDoc(std::unique_ptr<State> state) : state_(std::move(state)) {}
TextDoc::~TextDoc() = default;
TextDoc::TextDoc(TextDoc&&) noexcept = default;
TextDoc& TextDoc::operator=(TextDoc&&) noexcept = default;

ReplicaId TextDoc::local_replica() const { return state_->replica_ids[state_->local]; }

TextOp TextDoc::Insert(size_t pos_codepoints, std::string_view utf8) {
  std::u32string cps;
  internal::DecodeUtf8(utf8, cps);
  return state_->LocalInsert(pos_codepoints, cps);
}

TextOp TextDoc::Delete(size_t pos_codepoints, size_t len_codepoints) {
  return state_->LocalDelete(pos_codepoints, len_codepoints);
}

// Works on UTF-8 bytes, not decoded code points (issue 14: a save of a 20,000-character note
// decoded both whole texts into UTF-32 on every autosave): the common prefix and suffix are found
// with byte comparisons, moved to a code point boundary of the current text, and only the
// replaced middle is decoded. The current text is valid UTF-8, so the bytes before the prefix's
// end (and from the suffix's start) are whole code points in the new text too; an ill-formed
// sequence can only sit in the new middle, where it becomes U+FFFD as in Insert. For valid input
// the result is the code point prefix and suffix of the old implementation, the same ops.
std::vector<TextOp> TextDoc::ReplaceAll(std::string_view new_utf8) {
  const std::string current = Text();  // copied: the edits below change the document
  auto continuation = [](char c) { return (static_cast<uint8_t>(c) & 0xC0) == 0x80; };
  const size_t common = std::min(current.size(), new_utf8.size());
  size_t prefix = 0;
  while (prefix < common && current[prefix] == new_utf8[prefix]) ++prefix;
  while (prefix > 0 && prefix < current.size() && continuation(current[prefix])) --prefix;
  size_t suffix = 0;
  while (suffix < common - prefix &&
         current[current.size() - 1 - suffix] == new_utf8[new_utf8.size() - 1 - suffix]) {
    ++suffix;
  }
  while (suffix > 0 && continuation(current[current.size() - suffix])) --suffix;
  auto code_points = [&](size_t from, size_t to) {
    size_t n = 0;
    for (size_t i = from; i < to; ++i) n += !continuation(current[i]);
    return n;
  };
  const size_t at = code_points(0, prefix);
  const size_t removed = code_points(prefix, current.size() - suffix);
  std::vector<TextOp> ops;
  if (removed > 0) ops.push_back(Delete(at, removed));
  const std::string_view middle = new_utf8.substr(prefix, new_utf8.size() - suffix - prefix);
  bool well_formed = true;
  if (!middle.empty()) {
    std::u32string added;
    well_formed = internal::DecodeUtf8(middle, added);
    ops.push_back(state_->LocalInsert(at, added));
  }
  // Kept prefix + inserted middle + kept suffix: the new text is exactly what was asked for,
  // unless ill-formed bytes became U+FFFD (or the history cap refused the insertion).
  if (well_formed && (ops.empty() || !ops.back().IsNoop() || middle.empty())) state_->text.emplace(new_utf8);
  return ops;
}

Status TextDoc::Apply(const TextOp& remote) { return state_->Apply(remote); }

std::string TextDoc::Text() const {
  if (state_->text) return *state_->text;
  std::string out;
  out.reserve(state_->list.visible());
  const auto& list = state_->list;
  for (size_t i = 0; i < list.leaf_count(); ++i) {
    const internal::Leaf& leaf = list.leaf(i);
    if (leaf.visible == 0) continue;
    for (uint32_t k = 0; k < leaf.count; ++k) {
      const Span& s = leaf.spans[k];
      if (!s.deleted) internal::EncodeUtf8(state_->chars.data() + s.text, s.length, out);
    }
  }
  return out;
}

// A run of one replica's consecutive counters may be cut into several spans (text typed inside it
// later, a deletion), not necessarily adjacent: each piece is looked up by id.
std::optional<std::string> TextDoc::TextOf(CharId first, uint64_t count) const {
  const State& st = *state_;
  std::string out;
  if (count == 0) return out;
  if (first.counter + count < first.counter) return std::nullopt;
  if (auto r = st.IndexOf(first.replica); r && first.counter + count <= st.next[*r]) {
    uint64_t at = first.counter;
    while (at < first.counter + count) {
      auto loc = st.list.Find(Ref{*r, at});
      if (!loc) return std::nullopt;  // a deletion's counter: not a character
      const Span& s = st.list.At(*loc);
      const uint64_t take = std::min<uint64_t>(s.length - loc->offset, first.counter + count - at);
      internal::EncodeUtf8(st.chars.data() + s.text + loc->offset, static_cast<size_t>(take), out);
      at += take;
    }
    return out;
  }
  for (const auto& [key, op] : st.waiting) {  // an insertion still waiting for its dependencies
    if (op.kind != TextOp::Kind::kInsert || op.id.replica != first.replica || op.id.counter > first.counter) continue;
    std::u32string cps;
    internal::DecodeUtf8(op.text, cps);
    if (first.counter - op.id.counter + count > cps.size()) continue;
    internal::EncodeUtf8(cps.data() + (first.counter - op.id.counter), static_cast<size_t>(count), out);
    return out;
  }
  return std::nullopt;
}

size_t TextDoc::Length() const { return static_cast<size_t>(state_->list.visible()); }

TextVersion TextDoc::Version() const {
  TextVersion v;
  for (size_t i = 0; i < state_->replica_ids.size(); ++i) {
    if (state_->next[i] > 0) v[state_->replica_ids[i]] = state_->next[i];
  }
  return v;
}

size_t TextDoc::PendingCount() const { return state_->waiting.size(); }

std::vector<TextOp> TextDoc::TakeDropped() { return std::exchange(state_->dropped, {}); }

}  // namespace passerelle::crdt
