// Merger::ExtendUnshared: autosave coalescing (merger.h; docs/vault.md, "Autosave history").
#include "log_value.h"
#include "merger.h"

namespace passerelle::core {
namespace {

size_t CodePoints(std::string_view utf8) {  // of valid UTF-8 (a decoded text op's text)
  size_t n = 0;
  for (char c : utf8) n += (static_cast<uint8_t>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

Result<bool> Merger::ExtendUnshared(const std::string& entity_id, const std::string& field, uint64_t counter,
                                    const crdt::TextOp& edit) {
  if (edit.kind != crdt::TextOp::Kind::kInsert || edit.text.empty()) return false;
  PASSERELLE_ASSIGN_OR_RETURN(int64_t replica_ref, refs_.Replica(local_));
  PASSERELLE_ASSIGN_OR_RETURN(BatchEntity * e, Load(entity_id));
  PASSERELLE_ASSIGN_OR_RETURN(FieldState * f, Field(*e, field));
  // It must still be the op logged last on this field here (nothing typed or merged after it).
  if (!f->head || f->head->replica_ref != replica_ref || f->head->counter != counter) return false;
  auto& q = Hot(own_op_get_, "SELECT kind, value FROM oplog WHERE replica_ref = ? AND counter = ?");
  q.Bind(1, replica_ref).BindU64(2, counter);
  if (!q.Step()) {
    PASSERELLE_RETURN_IF_ERROR(q.status());
    return false;
  }
  if (q.Int(0) != static_cast<int64_t>(OpKind::kText) || q.IsNull(1)) {
    q.Reset();
    return false;
  }
  // The previous insertion's characters are in this batch's document (ReplaceAll just placed the
  // new ones after them).
  PASSERELLE_ASSIGN_OR_RETURN(crdt::TextDoc * doc, Text(entity_id, field));
  auto stored = LoggedValue(OpKind::kText, q.Blob(1),
                            [doc](crdt::CharId first, uint64_t count) { return doc->TextOf(first, count); });
  q.Reset();
  PASSERELLE_RETURN_IF_ERROR(stored.status());
  PASSERELLE_ASSIGN_OR_RETURN(
      crdt::TextOp prev,
      crdt::DecodeTextOp(std::span(reinterpret_cast<const uint8_t*>(stored->data()), stored->size())));
  if (prev.kind != crdt::TextOp::Kind::kInsert || prev.text.size() + edit.text.size() > kCoalesceMaxBytes) return false;
  const uint64_t length = CodePoints(prev.text);
  const crdt::CharId last{prev.id.replica, prev.id.counter + length - 1};
  if (edit.id.replica != prev.id.replica || edit.id.counter != prev.id.counter + length || edit.origin_left != last ||
      edit.origin_right != prev.origin_right)
    return false;
  prev.text += edit.text;
  const auto merged = crdt::EncodeTextOp(prev);
  std::vector<uint8_t> buf;
  auto& u = Hot(own_op_put_, "UPDATE oplog SET value = ? WHERE replica_ref = ? AND counter = ?");
  u.BindBlobRef(1, StoredLogValue(OpKind::kText,
                                  std::string_view(reinterpret_cast<const char*>(merged.data()), merged.size()), &buf));
  u.Bind(2, replica_ref).BindU64(3, counter);
  PASSERELLE_RETURN_IF_ERROR(u.Run());
  return true;
}

}  // namespace passerelle::core
