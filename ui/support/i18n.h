// The field app's words: every string a worker sees comes from assets/i18n/{fr,nl,en}.json
// (nested JSON objects, flattened to dotted keys such as "visit.outcome_label"), including the
// labels of the core's closed vocabularies ("vocab.life_domain.housing") and the month names used
// to format dates the way each language writes them. The language can be switched at runtime.
// A key missing from the current language falls back to English, then to the key itself (so a
// gap is visible on screen and caught by tests/ui/i18n_test.cpp, never a crash).
// Thread-safety: immutable after Load except SetLanguage; use from the UI thread.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "passerelle/platform/status.h"

namespace passerelle::ui {

using StringTable = std::map<std::string, std::string, std::less<>>;

// Parses one translation file's text; fails with kInvalidInput naming the problem.
Result<StringTable> ParseStringTable(std::string_view json_text);

class I18n {
 public:
  static constexpr std::string_view kLanguages[] = {"fr", "nl", "en"};

  // Loads fr.json, nl.json and en.json from `dir`. Fails if any is missing or malformed.
  static Result<I18n> Load(const std::string& dir);
  // For tests: tables given directly.
  static I18n FromTables(std::map<std::string, StringTable, std::less<>> tables, std::string language);

  // Switches the current language; false (and no change) for a language not loaded.
  bool SetLanguage(std::string_view language);
  const std::string& language() const { return language_; }

  // The text for `key`; the pointer stays valid as long as this I18n.
  const char* T(const char* key) const;
  bool Has(std::string_view key) const;
  // T(key) with "{name}" placeholders replaced.
  std::string Format(const char* key, std::initializer_list<std::pair<std::string_view, std::string>> args) const;
  // "key.zero" when n == 0 and that key exists, "key.one" when n == 1, else "key.other"; {n} replaced.
  std::string Plural(const std::string& key, int64_t n) const;
  // Label of a closed-vocabulary id: T("vocab.<vocabulary>.<id>"); an unknown id shows as itself.
  const char* Vocab(std::string_view vocabulary, std::string_view id) const;
  // "2026-11-04" -> "4 novembre 2026" / "4 november 2026" / "4 November 2026"; "" stays "".
  std::string DateLong(std::string_view iso) const;
  // "2026-11-04" -> "04/11/2026" (fr, nl-BE) / "04/11/2026" (en-GB).
  std::string DateShort(std::string_view iso) const;

  const StringTable& table(std::string_view language) const;
  // Keys asked for that no language has (tests draw every screen and require this to be empty).
  std::vector<std::string> missing() const;

 private:
  const char* Lookup(std::string_view key) const;  // nullptr if absent everywhere

  std::map<std::string, StringTable, std::less<>> tables_;
  std::string language_ = "fr";
  // Keys asked for but absent, kept so T() can return a stable pointer to the key text.
  mutable std::map<std::string, std::string, std::less<>> missing_;
};

}  // namespace passerelle::ui
