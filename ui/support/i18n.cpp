#include "i18n.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "dates.h"
#include "passerelle/platform/file.h"

namespace passerelle::ui {
namespace {

Status Flatten(const nlohmann::json& node, const std::string& prefix, StringTable& out) {
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
    if (it->is_object()) {
      PASSERELLE_RETURN_IF_ERROR(Flatten(*it, key, out));
    } else if (it->is_string()) {
      out[key] = it->get<std::string>();
    } else {
      return InvalidInput("Translation \"" + key + "\" must be a string or an object.");
    }
  }
  return Status::Ok();
}

std::string Replace(std::string text, std::string_view name, const std::string& value) {
  // Built piecewise: GCC 12 -O3 reports a false -Wrestrict on `"{" + std::string(...)`.
  std::string token;
  token.reserve(name.size() + 2);
  token += '{';
  token += name;
  token += '}';
  for (size_t pos = text.find(token); pos != std::string::npos; pos = text.find(token, pos + value.size()))
    text.replace(pos, token.size(), value);
  return text;
}

std::string TwoDigits(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

}  // namespace

Result<StringTable> ParseStringTable(std::string_view json_text) {
  auto doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return InvalidInput("The translation file is not a JSON object.");
  StringTable table;
  PASSERELLE_RETURN_IF_ERROR(Flatten(doc, "", table));
  return table;
}

Result<I18n> I18n::Load(const std::string& dir) {
  std::map<std::string, StringTable, std::less<>> tables;
  for (auto lang : kLanguages) {
    std::string path = dir + "/" + std::string(lang) + ".json";
    auto bytes = platform::ReadFile(path);
    if (!bytes.ok()) return Status::Error(bytes.status().code(), "Cannot read " + path + ": " + bytes.status().message());
    std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    auto table = ParseStringTable(text);
    if (!table.ok()) return InvalidInput(path + ": " + table.status().message());
    tables.emplace(std::string(lang), std::move(table).value());
  }
  return FromTables(std::move(tables), "fr");
}

I18n I18n::FromTables(std::map<std::string, StringTable, std::less<>> tables, std::string language) {
  I18n out;
  out.tables_ = std::move(tables);
  if (!out.SetLanguage(language) && !out.tables_.empty()) out.language_ = out.tables_.begin()->first;
  return out;
}

bool I18n::SetLanguage(std::string_view language) {
  if (tables_.find(language) == tables_.end()) return false;
  language_ = std::string(language);
  return true;
}

const StringTable& I18n::table(std::string_view language) const {
  static const StringTable kEmpty;
  auto it = tables_.find(language);
  return it == tables_.end() ? kEmpty : it->second;
}

std::vector<std::string> I18n::missing() const {
  std::vector<std::string> out;
  for (const auto& [key, text] : missing_)
    if (key.rfind("vocab.", 0) != 0 || Lookup(key) == nullptr) out.push_back(key);
  return out;
}

const char* I18n::Lookup(std::string_view key) const {
  for (std::string_view lang : {std::string_view(language_), std::string_view("en")}) {
    const auto& t = table(lang);
    if (auto it = t.find(key); it != t.end()) return it->second.c_str();
  }
  return nullptr;
}

bool I18n::Has(std::string_view key) const { return table(language_).find(key) != table(language_).end(); }

const char* I18n::T(const char* key) const {
  if (const char* text = Lookup(key)) return text;
  auto [it, inserted] = missing_.try_emplace(key, key);
  (void)inserted;
  return it->second.c_str();
}

std::string I18n::Format(const char* key,
                         std::initializer_list<std::pair<std::string_view, std::string>> args) const {
  std::string text = T(key);
  for (const auto& [name, value] : args) text = Replace(std::move(text), name, value);
  return text;
}

std::string I18n::Plural(const std::string& key, int64_t n) const {
  // "zero" is optional ("Release today" reads better than "Release in 0 days").
  std::string full = key + (n == 0 && Lookup(key + ".zero") != nullptr ? ".zero" : n == 1 || n == -1 ? ".one" : ".other");
  return Replace(T(full.c_str()), "n", std::to_string(n));
}

const char* I18n::Vocab(std::string_view vocabulary, std::string_view id) const {
  std::string key = "vocab." + std::string(vocabulary) + "." + std::string(id);
  if (const char* text = Lookup(key)) return text;
  auto [it, inserted] = missing_.try_emplace(key, std::string(id));
  (void)inserted;
  return it->second.c_str();
}

std::string I18n::DateLong(std::string_view iso) const {
  auto day = ParseIsoDate(iso);
  if (!day) return std::string(iso);
  std::string month_key = "date.month." + std::to_string(day->month);
  std::string text = T("date.long");
  text = Replace(std::move(text), "d", std::to_string(day->day));
  text = Replace(std::move(text), "month", T(month_key.c_str()));
  return Replace(std::move(text), "y", std::to_string(day->year));
}

std::string I18n::DateShort(std::string_view iso) const {
  auto day = ParseIsoDate(iso);
  if (!day) return std::string(iso);
  std::string text = T("date.short");
  text = Replace(std::move(text), "dd", TwoDigits(day->day));
  text = Replace(std::move(text), "mm", TwoDigits(day->month));
  return Replace(std::move(text), "y", std::to_string(day->year));
}

}  // namespace passerelle::ui
