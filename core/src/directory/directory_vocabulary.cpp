// The closed vocabulary (assets/directory/vocabulary.json, docs/directory-data.md §1). It ships
// with the app, so a malformed file is a packaging bug: parsing stops at the first problem and
// says where it is.
#include <cstdlib>
#include <set>

#include "directory_internal.h"
#include "passerelle/platform/file.h"

namespace passerelle::core::directory {

using nlohmann::json;

namespace {

constexpr const char* kLists[] = {"sectors", "themes", "regions", "languages", "publics", "kinds"};

Status Bad(const std::string& where, const std::string& what) {
  return InvalidInput("The directory vocabulary is malformed at " + where + ": " + what + ".");
}

Result<Labels> ReadLabels(const json& j, const std::string& where) {
  if (!j.is_object()) return Bad(where, "\"labels\" must be an object");
  Labels l;
  for (auto [key, out] : {std::pair{"fr", &l.fr}, std::pair{"nl", &l.nl}, std::pair{"en", &l.en}}) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string() || internal::IsBlank(it->get_ref<const std::string&>()))
      return Bad(where, std::string("the \"") + key + "\" label is missing or empty");
    *out = it->get<std::string>();
  }
  return l;
}

Status ReadSynonyms(const json& j, const std::string& where, VocabItem& item) {
  if (!j.is_object()) return Bad(where, "\"synonyms\" must be an object");
  for (auto [key, out] : {std::pair{"fr", &item.synonyms_fr}, std::pair{"nl", &item.synonyms_nl},
                          std::pair{"en", &item.synonyms_en}}) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) return Bad(where, std::string("the \"") + key + "\" synonyms are missing");
    for (const auto& s : *it) {
      if (!s.is_string() || internal::IsBlank(s.get_ref<const std::string&>()))
        return Bad(where, "every synonym must be a non-empty string");
      out->push_back(s.get<std::string>());
    }
  }
  return Status::Ok();
}

std::vector<VocabItem>& MutableList(Vocabulary& v, std::string_view list) {
  if (list == "sectors") return v.sectors;
  if (list == "themes") return v.themes;
  if (list == "regions") return v.regions;
  if (list == "languages") return v.languages;
  if (list == "publics") return v.publics;
  return v.kinds;
}

bool ValidId(const std::string& id) {
  if (id.empty()) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

const std::vector<VocabItem>* Vocabulary::List(std::string_view list) const {
  if (list == "sectors") return &sectors;
  if (list == "themes") return &themes;
  if (list == "regions") return &regions;
  if (list == "languages") return &languages;
  if (list == "publics") return &publics;
  if (list == "kinds") return &kinds;
  return nullptr;
}

const VocabItem* Vocabulary::Find(std::string_view list, std::string_view id) const {
  const auto* items = List(list);
  if (items == nullptr) return nullptr;
  for (const auto& item : *items)
    if (item.id == id) return &item;
  return nullptr;
}

Result<Vocabulary> ParseVocabulary(std::string_view json_text) {
  json doc = json::parse(json_text.begin(), json_text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return Bad("the top level", "the text is not a JSON object");
  Vocabulary v;
  auto format = doc.find("format");
  if (format == doc.end() || !format->is_number_integer() || format->get<int64_t>() != 1)
    return Status::Error(Code::kUnsupported, "The directory vocabulary has an unknown format; update the app.");
  v.format = 1;
  auto version = doc.find("version");
  if (version == doc.end() || !version->is_number_integer() || version->get<int64_t>() < 1)
    return Bad("\"version\"", "it must be an integer of at least 1");
  v.version = version->get<int64_t>();
  for (const char* name : kLists) {
    auto list = doc.find(name);
    if (list == doc.end() || !list->is_array()) return Bad(std::string("\"") + name + "\"", "the list is missing");
    auto& items = MutableList(v, name);
    std::set<std::string> ids, tokens;
    for (size_t i = 0; i < list->size(); ++i) {
      const json& j = (*list)[i];
      std::string where = std::string(name) + "[" + std::to_string(i) + "]";
      if (!j.is_object()) return Bad(where, "each item must be an object");
      auto id = j.find("id");
      if (id == j.end() || !id->is_string() || !ValidId(id->get_ref<const std::string&>()))
        return Bad(where, "the id must be lowercase ASCII letters, digits and _");
      VocabItem item;
      item.id = id->get<std::string>();
      // Facet tokens drop the underscores, so two ids differing only by them would collide.
      if (!ids.insert(item.id).second || !tokens.insert(internal::FacetToken(name, item.id)).second)
        return Bad(where, "the id \"" + item.id + "\" is used twice");
      auto labels = j.find("labels");
      if (labels == j.end()) return Bad(where, "the labels are missing");
      PASSERELLE_ASSIGN_OR_RETURN(item.labels, ReadLabels(*labels, where));
      if (std::string(name) == "themes") {
        auto sector = j.find("sector");
        if (sector == j.end() || !sector->is_string() || !v.Find("sectors", sector->get_ref<const std::string&>()))
          return Bad(where, "the theme's sector must be one of the sector ids");
        item.sector = sector->get<std::string>();
        auto synonyms = j.find("synonyms");
        if (synonyms == j.end()) return Bad(where, "the synonyms are missing");
        PASSERELLE_RETURN_IF_ERROR(ReadSynonyms(*synonyms, where, item));
      }
      items.push_back(std::move(item));
    }
  }
  return v;
}

Result<Vocabulary> LoadVocabulary(const std::string& path) {
  auto bytes = platform::ReadFile(path);
  if (!bytes.ok()) {
    if (bytes.status().code() == Code::kNotFound)
      return NotFound("The directory vocabulary " + path + " is missing; set PASSERELLE_ASSETS to the assets folder.");
    return bytes.status();
  }
  return ParseVocabulary(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
}

std::string AssetsDir(std::string_view compiled_default) {
  const char* env = std::getenv("PASSERELLE_ASSETS");
  if (env != nullptr && *env != '\0') return env;
  return std::string(compiled_default);
}

std::string BundledVocabularyPath(const std::string& assets_dir) { return assets_dir + "/directory/vocabulary.json"; }
std::string BundledServicesPath(const std::string& assets_dir) { return assets_dir + "/directory/services.json"; }

}  // namespace passerelle::core::directory
