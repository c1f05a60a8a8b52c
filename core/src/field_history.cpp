// Field history (case_files.h): registers from their logged values, text fields rebuilt from
// the text CRDT's operations.
#include <algorithm>

#include "log_value.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/crdt/text.h"
#include "passerelle/core/model.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core {
namespace {

// The field's history chain (merger.h), newest op first; UNION, not UNION ALL, so even a damaged
// chain that loops ends. `kind` picks register values (1) or text edits (4).
constexpr const char* kChain =
    "WITH RECURSIVE head AS (SELECT c.* FROM field_clock c "
    "  WHERE c.entity_ref = (SELECT ref FROM ref_entity WHERE id = ?) "
    "  AND c.field_ref = (SELECT ref FROM ref_field WHERE name = ?)), "
    "chain(r, n) AS (SELECT last_replica_ref, last_counter FROM head "
    "  UNION SELECT o.prev_replica_ref, o.prev_counter FROM oplog o JOIN chain ON o.replica_ref = chain.r "
    "  AND o.counter = chain.n WHERE o.prev_counter IS NOT NULL) ";

Result<std::vector<FieldVersion>> RegisterHistory(const Vault& v, const std::string& id, const std::string& field) {
  sql::Stmt q(internal::Db(v),
              std::string(kChain) +
                  "SELECT o.value, o.hlc, r.replica, "
                  "coalesce(o.replica_ref = (SELECT replica_ref FROM head) AND o.counter = (SELECT counter FROM head), 0) "
                  "FROM chain JOIN oplog o ON o.replica_ref = chain.r AND o.counter = chain.n "
                  "JOIN ref_replica r ON r.ref = o.replica_ref WHERE o.kind = 1 ORDER BY o.hlc, r.replica");
  q.Bind(1, id).Bind(2, field);
  std::vector<FieldVersion> out;
  while (q.Step()) {
    FieldVersion fv;
    fv.cleared = q.IsNull(0);
    fv.value = q.Text(0);
    fv.hlc = q.U64(1);
    fv.replica = q.U64(2);
    fv.current = q.Int(3) != 0;
    out.push_back(std::move(fv));
  }
  if (!q.status().ok()) return q.status();
  return out;
}

struct LoggedTextOp {
  crdt::TextOp edit;
  HlcTimestamp hlc;
  ReplicaId replica;
  uint64_t counter;
};

// One save is one Apply of a TextReplace: at most a deletion then an insertion, logged by the same
// replica with consecutive op counters and consecutive HLC ticks. Those two show as one version;
// the text between them (old text minus the replaced part) was never on anyone's screen.
bool SameSave(const LoggedTextOp& a, const LoggedTextOp& b) {
  return a.edit.kind == crdt::TextOp::Kind::kDelete && b.edit.kind == crdt::TextOp::Kind::kInsert &&
         a.replica == b.replica && b.counter == a.counter + 1 && b.hlc == a.hlc + 1;
}

// Replays the field's text ops in HLC order (which respects causality: a device stamps an edit
// after every edit it has seen) into a fresh document, reading the visible text after each save.
Result<std::vector<FieldVersion>> TextHistory(const Vault& v, const std::string& id, const std::string& field) {
  sql::Stmt q(internal::Db(v), std::string(kChain) +
                              "SELECT o.value, o.hlc, r.replica, o.counter "
                              "FROM chain JOIN oplog o ON o.replica_ref = chain.r AND o.counter = chain.n "
                              "JOIN ref_replica r ON r.ref = o.replica_ref WHERE o.kind = 4 "
                              "ORDER BY o.hlc, r.replica, o.counter");
  q.Bind(1, id).Bind(2, field);
  std::vector<LoggedTextOp> ops;
  LoggedValueReader texts(internal::Db(v));  // insertions' characters come from the note's state
  while (q.Step()) {
    PASSERELLE_ASSIGN_OR_RETURN(std::string value, texts.Value(OpKind::kText, q.Blob(0), id, field));
    PASSERELLE_ASSIGN_OR_RETURN(
        auto edit, crdt::DecodeTextOp(std::span(reinterpret_cast<const uint8_t*>(value.data()), value.size())));
    ops.push_back({std::move(edit), q.U64(1), q.U64(2), q.U64(3)});
  }
  if (!q.status().ok()) return q.status();
  crdt::TextDoc doc(v.replica());
  std::vector<FieldVersion> out;
  for (size_t i = 0; i < ops.size(); ++i) {
    PASSERELLE_RETURN_IF_ERROR(doc.Apply(ops[i].edit));
    if (i + 1 < ops.size() && SameSave(ops[i], ops[i + 1])) continue;
    FieldVersion fv;
    fv.value = doc.Text();
    if (!out.empty() && out.back().value == fv.value) continue;  // an edit that changed nothing visible
    fv.cleared = fv.value.empty();
    fv.hlc = ops[i].hlc;
    fv.replica = ops[i].replica;
    out.push_back(std::move(fv));
  }
  if (!out.empty()) out.back().current = true;
  return out;
}

}  // namespace

Result<std::vector<FieldVersion>> FieldHistory(const Vault& v, const std::string& id, const std::string& field) {
  const EntitySpec* spec = SpecForId(id);
  if (spec == nullptr) return InvalidInput(QuotedForMessage(id) + " is not a valid record id.");
  const FieldSpec* f = spec->Find(field);
  if (f == nullptr && field != kDeletedField)
    return InvalidInput("A " + std::string(spec->name) + " has no field " + QuotedForMessage(field) + ".");
  if (f != nullptr && f->merge == FieldMerge::kSet)
    return InvalidInput("The " + field + " of a " + std::string(spec->name) +
                        " is a list: its history is not kept value by value.");
  sql::Stmt exists(internal::Db(v), "SELECT 1 FROM " + std::string(spec->name) + " WHERE id = ?");
  exists.Bind(1, id);
  const bool found = exists.Step();
  if (!exists.status().ok()) return exists.status();
  if (!found) return NotFound("There is no " + std::string(spec->name) + " " + id + ".");
  if (f != nullptr && f->merge == FieldMerge::kText) return TextHistory(v, id, field);
  return RegisterHistory(v, id, field);
}

Status RestoreNoteBody(Vault& v, const std::string& note_id, size_t version) {
  const EntitySpec* spec = SpecForId(note_id);
  if (spec == nullptr || spec->type != EntityType::kNote)
    return InvalidInput(QuotedForMessage(note_id) + " is not a note id.");
  PASSERELLE_ASSIGN_OR_RETURN(auto versions, FieldHistory(v, note_id, "body"));
  if (version == 0 || version > versions.size())
    return NotFound("The note " + note_id + " has " + std::to_string(versions.size()) +
                    " saved versions; there is no version " + std::to_string(version) + ".");
  return SaveNoteBody(v, note_id, versions[version - 1].value);
}

}  // namespace passerelle::core
