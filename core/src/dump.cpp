#include "passerelle/core/dump.h"

#include <map>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "consent_internal.h"
#include "dump_encoding.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/model.h"
#include "passerelle/core/visibility.h"
#include "sql.h"
#include "text_store.h"
#include "vault_internal.h"

namespace passerelle::core {

// The document is written record by record, never held whole: a five-year vault's dump is tens of
// megabytes of text, and a JSON tree of it took 320 MiB. The bytes are exactly those of
// CanonicalDumpText over the whole document (sorted keys, one-space indentation): each record is
// encoded by it on its own, then indented to its depth (a record's text has no raw line break:
// JSON escapes them), and the frame around the records is written here in the same layout.
Status CanonicalDumpTo(const Vault& v, const DumpOptions& options, const DumpSink& sink) {
  sqlite3* db = internal::Db(v);
  // A partner note whose shared_notes consent has lapsed on this device's day is held back by
  // sync exactly like a private note (docs/sync.md, "Visibility"), so the shared dump leaves it
  // out too: replicas converge on what they may hold. The lookup only reads the vault.
  std::set<std::string> lapsed;
  if (options.shared_only) {
    Vault& reader = const_cast<Vault&>(v);
    PASSERELLE_ASSIGN_OR_RETURN(lapsed, consent_internal::PartnerNotesWithoutBasis(reader, Today(reader)));
  }
  std::map<std::string, const EntitySpec*> keys;  // the top level's keys, sorted as the encoder sorts them
  keys.emplace("format", nullptr);
  for (const auto& spec : AllEntities()) keys.emplace(std::string(spec.name), &spec);
  sink("{\n");
  bool first_key = true;
  for (const auto& [key, spec] : keys) {
    sink(first_key ? " \"" : ",\n \"");
    first_key = false;
    sink(key);
    sink("\": ");
    if (spec == nullptr) {
      sink("1");
      continue;
    }
    std::string cols = "id, deleted";
    std::vector<std::string> names;
    for (const auto& f : spec->fields)
      if (f.merge != FieldMerge::kSet) {
        cols += ", " + ReadColumnSql(*spec, f);  // a note's text is assembled from its chunks
        names.emplace_back(f.name);
      }
    sql::Stmt q(db, "SELECT " + cols + " FROM " + std::string(spec->name) + " ORDER BY id");
    sql::Stmt s(db,
                "SELECT DISTINCT element FROM set_member WHERE entity_id = ? AND field = ? AND removed = 0 "
                "ORDER BY element");
    bool first = true;
    std::string text;
    while (q.Step()) {
      nlohmann::json rec = nlohmann::json::object();
      std::string id = q.Text(0);
      rec["id"] = id;
      rec["deleted"] = q.Text(1) == "1";
      for (size_t i = 0; i < names.size(); ++i) {
        int col = static_cast<int>(i) + 2;
        rec[names[i]] = q.IsNull(col) ? nlohmann::json(nullptr) : nlohmann::json(q.Text(col));
      }
      if (options.shared_only && (spec->type == EntityType::kNote || spec->type == EntityType::kAssessment) &&
          (!MayHold(ParseNoteScope(rec["scope"].is_string() ? rec["scope"].get<std::string>() : ""), Holder::kTeam) ||
           lapsed.count(id) > 0))
        continue;
      for (const auto& f : spec->fields) {
        if (f.merge != FieldMerge::kSet) continue;
        s.Reset();
        s.Bind(1, id).Bind(2, std::string(f.name));
        nlohmann::json elems = nlohmann::json::array();
        while (s.Step()) elems.push_back(s.Text(0));
        PASSERELLE_RETURN_IF_ERROR(s.status());
        s.Reset();
        rec[std::string(f.name)] = elems;
      }
      const std::string record = rec.dump(1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
      text.assign(first ? "[\n  " : ",\n  ");
      first = false;
      for (char c : record) {
        text += c;
        if (c == '\n') text += "  ";
      }
      sink(text);
    }
    PASSERELLE_RETURN_IF_ERROR(q.status());
    sink(first ? "[]" : "\n ]");
  }
  sink("\n}\n");
  return Status::Ok();
}

Result<std::string> CanonicalDump(const Vault& v, const DumpOptions& options) {
  std::string out;
  PASSERELLE_RETURN_IF_ERROR(CanonicalDumpTo(v, options, [&](std::string_view piece) { out += piece; }));
  return out;
}

}  // namespace passerelle::core
