#include "text_store.h"

#include "passerelle/core/model.h"

namespace passerelle::core {

std::string TextLoadSql(std::string_view entity_id, std::string_view field) {
  const EntitySpec* entity = SpecForId(entity_id);
  const FieldSpec* spec = entity ? entity->Find(field) : nullptr;
  if (spec == nullptr || spec->merge != FieldMerge::kText) return {};
  // The column is read in the same statement, so the two always come from one snapshot.
  return "SELECT s.state, (SELECT " + std::string(spec->name) + " FROM " + std::string(entity->name) +
         " WHERE id = ?1) FROM text_state s WHERE s.entity_id = ?1 AND s.field = ?2";
}

Result<std::optional<crdt::TextDoc>> LoadTextDoc(sql::Stmt& q, std::string_view entity_id, std::string_view field,
                                                 crdt::ReplicaId local) {
  q.Bind(1, entity_id).Bind(2, field);
  std::optional<crdt::TextDoc> doc;
  if (q.Step()) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(q.raw(), 1));
    const std::string_view visible(text ? text : "", text ? static_cast<size_t>(sqlite3_column_bytes(q.raw(), 1)) : 0);
    auto decoded = crdt::TextDoc::DecodeState(q.Blob(0), local, visible);
    if (!decoded.ok()) {
      q.Reset();
      return decoded.status();
    }
    doc.emplace(std::move(decoded).value());
  }
  Status st = q.status();
  q.Reset();
  PASSERELLE_RETURN_IF_ERROR(st);
  return doc;
}

}  // namespace passerelle::core
