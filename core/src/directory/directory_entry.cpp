// Entry <-> JSON, in the key order of docs/directory-data.md §2.1, so that an exported file reads
// like the published one and diffs cleanly against it.
#include "directory_internal.h"

namespace passerelle::core::directory {

using nlohmann::json;
using nlohmann::ordered_json;

namespace internal {
namespace {

ordered_json OptString(const std::optional<std::string>& s) { return s ? ordered_json(*s) : ordered_json(nullptr); }

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> StrList(const json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& s : *it)
    if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

std::optional<std::string> OptStr(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

ordered_json EntryJson(const Entry& e) {
  ordered_json j = ordered_json::object();
  j["id"] = e.id;
  j["kind"] = e.kind;
  j["organisation"] = e.organisation;
  j["name"] = e.name;
  j["name_nl"] = e.name_nl;
  j["aliases"] = e.aliases;
  j["sector"] = e.sector;
  j["themes"] = e.themes;
  j["description_fr"] = e.description_fr;
  j["description_nl"] = e.description_nl;
  j["address"] = e.address;
  j["postcode"] = e.postcode;
  j["commune"] = e.commune;
  j["region"] = e.region;
  j["phone"] = e.phone;
  j["email"] = e.email;
  j["website"] = e.website;
  j["links"] = e.links;
  j["languages"] = e.languages;
  j["public"] = e.publics;
  j["access_conditions"] = e.access_conditions;
  j["inside_prison"] = e.inside_prison ? ordered_json(*e.inside_prison) : ordered_json(nullptr);
  j["waiting_list"] = OptString(e.waiting_list);
  j["opening_hours"] = OptString(e.opening_hours);
  j["verified"] = e.verified;
  j["last_verified"] = OptString(e.last_verified);
  j["source"] = e.source;
  return j;
}

bool EntryFromJson(const json& j, Entry* out) {
  if (!j.is_object()) return false;
  Entry e;
  e.id = Str(j, "id");
  e.kind = Str(j, "kind");
  e.organisation = Str(j, "organisation");
  e.name = Str(j, "name");
  e.name_nl = Str(j, "name_nl");
  e.aliases = StrList(j, "aliases");
  e.sector = StrList(j, "sector");
  e.themes = StrList(j, "themes");
  e.description_fr = Str(j, "description_fr");
  e.description_nl = Str(j, "description_nl");
  e.address = Str(j, "address");
  e.postcode = Str(j, "postcode");
  e.commune = Str(j, "commune");
  e.region = StrList(j, "region");
  e.phone = Str(j, "phone");
  e.email = Str(j, "email");
  e.website = Str(j, "website");
  e.links = StrList(j, "links");
  e.languages = StrList(j, "languages");
  e.publics = StrList(j, "public");
  e.access_conditions = Str(j, "access_conditions");
  auto prison = j.find("inside_prison");
  if (prison != j.end() && prison->is_boolean()) e.inside_prison = prison->get<bool>();
  e.waiting_list = OptStr(j, "waiting_list");
  e.opening_hours = OptStr(j, "opening_hours");
  auto verified = j.find("verified");
  e.verified = verified != j.end() && verified->is_boolean() && verified->get<bool>();
  e.last_verified = OptStr(j, "last_verified");
  e.source = Str(j, "source");
  *out = std::move(e);
  return true;
}

}  // namespace internal

std::string ToJson(const DirectoryFile& file) {
  ordered_json j = ordered_json::object();
  j["format"] = file.format;
  j["version"] = file.version;
  j["published"] = file.published;
  ordered_json entries = ordered_json::array();
  for (const auto& e : file.entries) entries.push_back(internal::EntryJson(e));
  j["entries"] = std::move(entries);
  // UTF-8 as is (the file is for people to edit); invalid bytes cannot reach here, but replace
  // rather than throw if they ever did.
  return j.dump(2, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace) + "\n";
}

std::string ToJson(const Entry& entry) {
  return internal::EntryJson(entry).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace passerelle::core::directory
