// The CLI's JSON output of case-file records, and the one way it turns JSON into text. Stored
// text may hold bytes that are not UTF-8 (written before input was validated, or by an older
// version on another device): JsonText replaces them with U+FFFD instead of throwing, so no
// listing can abort on what the vault holds. Fuzzed by tests/fuzz/json_output_fuzz.cpp.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "passerelle/core/case_files.h"

namespace passerelle::cli {

// Compact JSON text; never throws on invalid UTF-8 (see above). An empty string value of an
// object becomes null: absent is null, in every output (docs/cli.md, "JSON").
std::string JsonText(const nlohmann::json& value);
std::string JsonText(const nlohmann::ordered_json& value);

nlohmann::json ToJson(const core::Person& p);
nlohmann::json ToJson(const core::Dossier& d);
nlohmann::json ToJson(const core::DossierSummary& s);
nlohmann::json ToJson(const core::Note& n);
nlohmann::json ToJson(const core::Visit& v);
nlohmann::json ToJson(const core::PlanItem& p);
nlohmann::json ToJson(const core::Consent& c);
nlohmann::json ToJson(const core::Referral& r);
nlohmann::json ToJson(const core::FieldVersion& h);
// A dossier with everything `dossier show --json` prints.
nlohmann::json ToJson(const core::DossierDetail& d);

template <typename T>
nlohmann::json ToJsonList(const std::vector<T>& items) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& i : items) arr.push_back(ToJson(i));
  return arr;
}

}  // namespace passerelle::cli
