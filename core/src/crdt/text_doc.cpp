// TextDoc: local edits (which produce the ops to ship) and the public entry points. Merging is
// in text_merge.cpp, the state codec in text_state_codec.cpp, deltas in text_ops_since.cpp.
#include <algorithm>
#include <limits>

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

std::vector<TextOp> TextDoc::ReplaceAll(std::string_view new_utf8) {
  std::u32string wanted, current;
  internal::DecodeUtf8(new_utf8, wanted);
  internal::DecodeUtf8(Text(), current);
  size_t prefix = 0;
  while (prefix < wanted.size() && prefix < current.size() && wanted[prefix] == current[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < wanted.size() - prefix && suffix < current.size() - prefix &&
         wanted[wanted.size() - 1 - suffix] == current[current.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<TextOp> ops;
  if (current.size() - prefix - suffix > 0) ops.push_back(Delete(prefix, current.size() - prefix - suffix));
  const std::u32string_view added = std::u32string_view(wanted).substr(prefix, wanted.size() - prefix - suffix);
  if (!added.empty()) ops.push_back(state_->LocalInsert(prefix, added));
  return ops;
}

Status TextDoc::Apply(const TextOp& remote) { return state_->Apply(remote); }

std::string TextDoc::Text() const {
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

size_t TextDoc::Length() const { return static_cast<size_t>(state_->list.visible()); }

TextVersion TextDoc::Version() const {
  TextVersion v;
  for (size_t i = 0; i < state_->replica_ids.size(); ++i) {
    if (state_->next[i] > 0) v[state_->replica_ids[i]] = state_->next[i];
  }
  return v;
}

size_t TextDoc::PendingCount() const { return state_->waiting.size(); }

}  // namespace passerelle::crdt
