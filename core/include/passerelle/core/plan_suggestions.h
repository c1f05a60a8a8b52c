// The barriers and levers the field names (seed 001, per pole, its "freins" and "recommandations"),
// offered per life domain as picks for a plan item (issue 15 part 7). The data is
// assets/plan_suggestions.json, compiled into the core, so every front end and every device offers
// and accepts the same keys (model.h PlanSuggestionKeys). A plan item stores the keys it picked in
// its "suggestions" set; free-text barriers and levers stay. RecurringSuggestions counts them
// across case files, so the service can see which barriers recur.
// Thread-safety: the list is built once and read-only afterwards; the counts read the vault as the Vault.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "passerelle/core/vault.h"

namespace passerelle::core {

struct PlanSuggestion {
  std::string key;     // stable: "housing.barrier.emergency_bed"
  std::string domain;  // a LifeDomains() id
  std::string kind;    // "barrier" or "lever"
  std::string seed;    // "001"
  std::string pole;    // where in the seed: "social: logement"
  std::string fr, nl, en;
  // The text in `language` ("fr", "nl", "en"); French for any other.
  const std::string& Text(std::string_view language) const;
};

// Every suggestion, in the file's order (by domain, barriers then levers).
const std::vector<PlanSuggestion>& PlanSuggestions();
// nullptr when `key` is not a suggestion.
const PlanSuggestion* FindPlanSuggestion(std::string_view key);
// The suggestions of one life domain ("" for all), of one kind ("" for both).
std::vector<const PlanSuggestion*> PlanSuggestionsFor(std::string_view domain, std::string_view kind = {});

// How often one suggestion was picked: in how many live case files, on how many live plan items.
struct SuggestionCount {
  std::string key;
  size_t dossiers = 0;
  size_t plan_items = 0;
};
// Every picked suggestion of `kind` ("barrier", "lever", or "" for both), most dossiers first,
// then by key. Counts only live plan items of live dossiers.
Result<std::vector<SuggestionCount>> RecurringSuggestions(const Vault& v, std::string_view kind = "barrier");

}  // namespace passerelle::core
