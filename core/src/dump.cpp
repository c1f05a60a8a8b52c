#include "passerelle/core/dump.h"

#include <nlohmann/json.hpp>

#include "dump_encoding.h"
#include "passerelle/core/model.h"
#include "passerelle/core/visibility.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core {

Result<std::string> CanonicalDump(const Vault& v, const DumpOptions& options) {
  nlohmann::json out = nlohmann::json::object();
  out["format"] = 1;
  for (const auto& spec : AllEntities()) {
    nlohmann::json list = nlohmann::json::array();
    std::string cols = "id, deleted";
    std::vector<std::string> names;
    for (const auto& f : spec.fields)
      if (f.merge != FieldMerge::kSet) {
        cols += ", " + std::string(f.name);
        names.emplace_back(f.name);
      }
    sql::Stmt q(internal::Db(v), "SELECT " + cols + " FROM " + std::string(spec.name) + " ORDER BY id");
    while (q.Step()) {
      nlohmann::json rec = nlohmann::json::object();
      std::string id = q.Text(0);
      rec["id"] = id;
      rec["deleted"] = q.Text(1) == "1";
      for (size_t i = 0; i < names.size(); ++i) {
        int col = static_cast<int>(i) + 2;
        rec[names[i]] = q.IsNull(col) ? nlohmann::json(nullptr) : nlohmann::json(q.Text(col));
      }
      if (options.shared_only && spec.type == EntityType::kNote &&
          !MayHold(ParseNoteScope(rec["scope"].is_string() ? rec["scope"].get<std::string>() : ""), Holder::kTeam))
        continue;
      for (const auto& f : spec.fields) {
        if (f.merge != FieldMerge::kSet) continue;
        sql::Stmt s(internal::Db(v),
                    "SELECT DISTINCT element FROM set_member WHERE entity_id = ? AND field = ? AND removed = 0 "
                    "ORDER BY element");
        s.Bind(1, id).Bind(2, std::string(f.name));
        nlohmann::json elems = nlohmann::json::array();
        while (s.Step()) elems.push_back(s.Text(0));
        if (!s.status().ok()) return s.status();
        rec[std::string(f.name)] = elems;
      }
      list.push_back(std::move(rec));
    }
    if (!q.status().ok()) return q.status();
    out[std::string(spec.name)] = std::move(list);
  }
  return CanonicalDumpText(out);
}

}  // namespace passerelle::core
