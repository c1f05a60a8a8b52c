// The seed's barriers and levers as picks (plan_suggestions.h), from the compiled-in file.
#include "passerelle/core/plan_suggestions.h"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "passerelle/core/model.h"
#include "plan_suggestions_data.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core {
namespace {

// The file is part of the build: a malformed one is a build defect, caught by core_needs_test
// (which checks every entry), so parsing here does not throw on it but keeps what it can read.
std::vector<PlanSuggestion> Parse() {
  std::vector<PlanSuggestion> out;
  const auto doc = nlohmann::json::parse(PlanSuggestionsJson(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("suggestions") || !doc["suggestions"].is_array()) return out;
  auto str = [](const nlohmann::json& o, const char* k) {
    return o.is_object() && o.contains(k) && o[k].is_string() ? o[k].get<std::string>() : std::string();
  };
  for (const auto& s : doc["suggestions"]) {
    PlanSuggestion p;
    p.key = str(s, "key");
    p.domain = str(s, "domain");
    p.kind = str(s, "kind");
    p.seed = str(s, "seed");
    p.pole = str(s, "pole");
    if (s.is_object() && s.contains("text")) {
      p.fr = str(s["text"], "fr");
      p.nl = str(s["text"], "nl");
      p.en = str(s["text"], "en");
    }
    if (!p.key.empty()) out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

const std::string& PlanSuggestion::Text(std::string_view language) const {
  if (language == "nl" && !nl.empty()) return nl;
  if (language == "en" && !en.empty()) return en;
  return fr;
}

const std::vector<PlanSuggestion>& PlanSuggestions() {
  static const std::vector<PlanSuggestion> kAll = Parse();
  return kAll;
}

std::span<const std::string_view> PlanSuggestionKeySpan() {
  static const std::vector<std::string_view> kKeys = [] {
    std::vector<std::string_view> keys;
    for (const auto& s : PlanSuggestions()) keys.emplace_back(s.key);
    return keys;
  }();
  return kKeys;
}

const PlanSuggestion* FindPlanSuggestion(std::string_view key) {
  for (const auto& s : PlanSuggestions())
    if (s.key == key) return &s;
  return nullptr;
}

std::vector<const PlanSuggestion*> PlanSuggestionsFor(std::string_view domain, std::string_view kind) {
  std::vector<const PlanSuggestion*> out;
  for (const auto& s : PlanSuggestions())
    if ((domain.empty() || s.domain == domain) && (kind.empty() || s.kind == kind)) out.push_back(&s);
  return out;
}

Result<std::vector<SuggestionCount>> RecurringSuggestions(const Vault& v, std::string_view kind) {
  sql::Stmt q(internal::Db(v),
              "SELECT DISTINCT m.element, p.id, p.dossier_id FROM set_member m "
              "JOIN plan_item p ON p.id = m.entity_id JOIN dossier d ON d.id = p.dossier_id "
              "WHERE m.field = 'suggestions' AND m.removed = 0 AND coalesce(p.deleted, '0') = '0' "
              "AND coalesce(d.deleted, '0') = '0'");
  std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> seen;  // key -> dossiers, items
  while (q.Step()) {
    const std::string key = q.Text(0);
    const PlanSuggestion* s = FindPlanSuggestion(key);
    if (s == nullptr || (!kind.empty() && s->kind != kind)) continue;
    seen[key].first.insert(q.Text(2));
    seen[key].second.insert(q.Text(1));
  }
  if (!q.status().ok()) return q.status();
  std::vector<SuggestionCount> out;
  for (const auto& [key, sets] : seen) out.push_back({key, sets.first.size(), sets.second.size()});
  std::stable_sort(out.begin(), out.end(), [](const SuggestionCount& a, const SuggestionCount& b) {
    if (a.dossiers != b.dossiers) return a.dossiers > b.dossiers;
    return a.plan_items > b.plan_items;
  });
  return out;
}

}  // namespace passerelle::core
