// Validation of a services.json text: every rule of docs/directory-data.md §3, every problem
// reported (up to kMaxErrors), with the entry index, id and field. Pure: no I/O, no vault, so
// the fuzz target can drive it with arbitrary bytes.
//
// Streaming: the parser hands each entry over as soon as it is read, the entry is checked and
// dropped, so memory holds one entry's JSON at a time plus the Entry structs of a valid file
// (docs/directory-data.md §3, "Size bounds"). Every check is linear in the entry's size.
#include <algorithm>
#include <regex>
#include <set>

#include "directory_internal.h"
#include "passerelle/core/model.h"
#include "passerelle/platform/utf8.h"

namespace passerelle::core::directory {

using nlohmann::json;

namespace {

enum class Type { kString, kStringList, kBool, kBoolOrNull, kStringOrNull };

struct KeySpec {
  const char* key;
  Type type;
};

// Every entry key, in the documented order; all are required (docs/directory-data.md §2.1).
constexpr KeySpec kEntryKeys[] = {
    {"id", Type::kString},           {"kind", Type::kString},          {"organisation", Type::kString},
    {"name", Type::kString},         {"name_nl", Type::kString},       {"aliases", Type::kStringList},
    {"sector", Type::kStringList},   {"themes", Type::kStringList},    {"description_fr", Type::kString},
    {"description_nl", Type::kString}, {"address", Type::kString},     {"postcode", Type::kString},
    {"commune", Type::kString},      {"region", Type::kStringList},    {"phone", Type::kString},
    {"email", Type::kString},        {"website", Type::kString},       {"links", Type::kStringList},
    {"languages", Type::kStringList}, {"public", Type::kStringList},   {"access_conditions", Type::kString},
    {"inside_prison", Type::kBoolOrNull}, {"waiting_list", Type::kStringOrNull},
    {"opening_hours", Type::kStringOrNull}, {"verified", Type::kBool}, {"last_verified", Type::kStringOrNull},
    {"source", Type::kString}};

constexpr const char* kTopKeys[] = {"format", "version", "published", "entries"};
constexpr size_t kMaxDescription = 300;
// Size bounds (docs/directory-data.md §3): far above any real value, low enough that a damaged or
// hostile file cannot make the import slow or large.
constexpr size_t kMaxFileBytes = 64u << 20;  // 64 MiB: about 60,000 typical entries
constexpr size_t kMaxLineCodePoints = 500;   // one-line texts: names, address, source...
constexpr size_t kMaxUrlBytes = 128u << 10;  // website and links: generated links can be long
constexpr size_t kMaxFreeTextBytes = 8192;   // access_conditions, waiting_list, opening_hours
constexpr size_t kMaxListItems = 100;        // any array of strings
constexpr size_t kMaxErrors = 1000;          // then the file is hopeless: stop listing

const char* TypeName(Type t) {
  switch (t) {
    case Type::kString: return "a string";
    case Type::kStringList: return "an array of strings";
    case Type::kBool: return "true or false";
    case Type::kBoolOrNull: return "true, false or null";
    case Type::kStringOrNull: return "a string or null";
  }
  return "";
}

bool HasType(const json& j, Type t) {
  switch (t) {
    case Type::kString: return j.is_string();
    case Type::kBool: return j.is_boolean();
    case Type::kBoolOrNull: return j.is_boolean() || j.is_null();
    case Type::kStringOrNull: return j.is_string() || j.is_null();
    case Type::kStringList:
      if (!j.is_array()) return false;
      for (const auto& item : j)
        if (!item.is_string()) return false;
      return true;
  }
  return false;
}

// std::regex (libstdc++) recurses per character, so every input is length-capped before it is
// matched; the caps are far above any real value. A regex failure of any kind counts as no match.
bool Matches(const std::string& s, const std::regex& re, size_t max_len) {
  if (s.size() > max_len) return false;
  try {
    return std::regex_match(s, re);
  } catch (...) {
    return false;
  }
}

bool ValidId(const std::string& s) {
  static const std::regex re("^[a-z0-9]+(?:-[a-z0-9]+)*$");
  return Matches(s, re, 64);
}
bool ValidPostcode(const std::string& s) {
  static const std::regex re("^[1-9][0-9]{3}$");
  return Matches(s, re, 4);
}
bool ValidPhone(const std::string& s) {
  static const std::regex re(R"(^(?:\+32 ?|0)[1-9](?:[ ./-]?[0-9]){7,8}$)");
  return Matches(s, re, 32);
}
bool ValidEmail(const std::string& s) {
  static const std::regex re(R"(^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$)");
  return Matches(s, re, 254);
}
// The documented pattern is ^https?://HOST(?::PORT)?(?:[/?#]\S*)?$. The host part cannot contain
// / ? or #, so the string is split there: the regex checks the bounded head, a loop the tail
// (\S on bytes is "not ASCII whitespace"), which keeps long URLs away from the recursive matcher.
bool ValidUrl(const std::string& s) {
  static const std::regex head_re(R"(^https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::[0-9]{1,5})?$)");
  size_t scheme = s.find("://");
  size_t cut = scheme == std::string::npos ? std::string::npos : s.find_first_of("/?#", scheme + 3);
  if (!Matches(s.substr(0, cut), head_re, 300)) return false;
  if (cut == std::string::npos) return true;
  for (size_t i = cut; i < s.size(); ++i)
    if (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) return false;
  return true;
}

bool ValidDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// A value for a message: at most 60 code points, control characters shown as '?', cut only
// between code points, so an issue is one printable line of valid UTF-8 whatever the file held.
std::string Shown(const std::string& s) {
  constexpr size_t kShown = 60;
  std::string shown;
  size_t count = 0, i = 0;
  while (i < s.size() && count < kShown) {
    const auto d = platform::utf8::DecodeNext(s, i);
    const bool control = d.cp < 0x20 || d.cp == 0x7F || (d.cp >= 0x80 && d.cp < 0xA0);
    if (!d.valid || control)
      shown += d.cp == '\n' || d.cp == '\r' || d.cp == '\t' ? ' ' : '?';
    else
      platform::utf8::AppendUtf8(shown, d.cp);
    ++count;
  }
  if (i < s.size()) shown += "...";
  return shown;
}
// Built by appending: GCC 12 -O2 reports a false -Wrestrict on "\"" + std::string&&.
std::string Quoted(const std::string& s) {
  std::string out = "\"";
  out += Shown(s);
  out += '"';
  return out;
}

// The id to show in issues: the entry's own id when it has the documented shape, else nothing
// (the index still says which entry it is), so no issue line carries bytes from a bad id.
std::string ShownId(const std::string& id) { return ValidId(id) ? id : std::string(); }

class Checker {
 public:
  Checker(const Vocabulary& vocab, Validation& out) : vocab_(vocab), out_(out) {}

  void Run(std::string_view text) {
    if (text.size() > kMaxFileBytes) {
      Error("file_too_large", -1, "", "", "The file is larger than " + std::to_string(kMaxFileBytes >> 20) +
                                              " MiB; a directory file is expected to be far smaller.");
      return;
    }
    // Each item of the top-level "entries" array is checked as soon as it is read, then dropped
    // from the tree (the callback returns false): memory stays one entry deep.
    std::string top_key;
    bool in_entries = false;
    int64_t index = 0;
    std::set<std::string> ids;
    auto on_event = [&](int depth, json::parse_event_t event, json& parsed) -> bool {
      using E = json::parse_event_t;
      if (depth == 1 && event == E::key) {
        top_key = parsed.is_string() ? parsed.get<std::string>() : std::string();
        return true;
      }
      if (depth == 1 && event == E::array_start) in_entries = top_key == "entries";
      if (depth == 1 && event == E::array_end) in_entries = false;
      if (!in_entries || depth != 2) return true;
      if (event != E::object_end && event != E::array_end && event != E::value) return true;
      if (!Stopped()) CheckEntry(parsed, index, ids);
      ++index;
      return false;
    };
    json doc = json::parse(text.begin(), text.end(), on_event, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) {
      out_.issues.clear();
      out_.file.entries.clear();
      Error("bad_json", -1, "", "", "The file is not valid UTF-8 JSON with an object at the top level.");
      return;
    }
    RunTopLevel(doc);
    // Issues in file order: the file's own first, then each entry's.
    std::stable_sort(out_.issues.begin(), out_.issues.end(),
                     [](const Issue& a, const Issue& b) { return a.index < b.index; });
  }

 private:
  void RunTopLevel(const json& doc) {
    std::vector<Issue> entry_issues;
    entry_issues.swap(out_.issues);  // top-level issues first
    for (const auto& [key, value] : doc.items()) {
      (void)value;
      if (std::find(std::begin(kTopKeys), std::end(kTopKeys), key) == std::end(kTopKeys))
        Error("unknown_field", -1, "", Shown(key), "The key " + Quoted(key) + " is not part of the format.");
    }
    auto format = doc.find("format");
    if (format == doc.end()) {
      Error("missing_field", -1, "", "format", "The key \"format\" is missing.");
    } else if (!format->is_number_integer() || format->get<int64_t>() != 1) {
      Error("bad_format", -1, "", "format", "This app reads format 1 only; the file needs a newer app.");
      out_.file.entries.clear();
      return;  // the rest cannot be interpreted: the entries' issues are dropped
    }
    out_.file.format = 1;
    auto version = doc.find("version");
    if (version == doc.end()) {
      Error("missing_field", -1, "", "version", "The key \"version\" is missing.");
    } else if (!version->is_number_integer() || version->get<int64_t>() < 1) {
      Error("bad_version", -1, "", "version", "The version must be a whole number of at least 1.");
    } else {
      out_.file.version = version->get<int64_t>();
    }
    auto published = doc.find("published");
    if (published == doc.end()) {
      Error("missing_field", -1, "", "published", "The key \"published\" is missing.");
    } else if (!published->is_string()) {
      Error("wrong_type", -1, "", "published", "The publication date must be a string.");
    } else if (!ValidDate(published->get<std::string>())) {
      Error("bad_date", -1, "", "published", "The publication date must be a real date written YYYY-MM-DD.");
    } else {
      out_.file.published = published->get<std::string>();
    }
    auto entries = doc.find("entries");
    if (entries == doc.end()) {
      Error("missing_field", -1, "", "entries", "The key \"entries\" is missing.");
    } else if (!entries->is_array()) {
      Error("wrong_type", -1, "", "entries", "\"entries\" must be an array of entries.");
    }
    for (auto& issue : entry_issues) out_.issues.push_back(std::move(issue));
    // Needs "published", which may come after the entries in the file.
    for (const auto& [i, id, date] : verified_on_)
      if (!out_.file.published.empty() && date > out_.file.published)
        Add(false, "verified_after_published", i, id, "last_verified", "The entry was verified after the file's publication date.");
  }

  bool Stopped() const { return errors_ >= kMaxErrors; }

  void Add(bool error, const char* code, int64_t index, const std::string& id, const std::string& field,
           std::string message) {
    if (Stopped()) return;
    out_.issues.push_back({error, code, index, id, field, std::move(message)});
    if (error && ++errors_ == kMaxErrors)
      out_.issues.push_back({true, "too_many_errors", index, "", "",
                             "There are " + std::to_string(kMaxErrors) + " errors; the rest of the file was not checked."});
  }

  // Encoding, control characters and size of one string of an entry.
  void CheckText(int64_t i, const std::string& id, const char* field, const std::string& value, size_t max_code_points,
                 size_t max_bytes, bool multi_line) {
    if (internal::IsBlank(value)) return;  // blank values have their own rules (empty_name...)
    std::string why;
    std::string what = "\"";
    what.append(field).append("\"");
    if (!ValidateText(what, value, multi_line, SIZE_MAX / 4, SIZE_MAX, &why)) {
      Error("bad_text", i, id, field, why);
    } else if (value.size() > max_bytes || (!multi_line && internal::CodePoints(value) > max_code_points)) {
      const std::string limit = multi_line || max_code_points == SIZE_MAX
                                    ? std::to_string(max_bytes) + " bytes"
                                    : std::to_string(max_code_points) + " characters";
      Error("text_too_long", i, id, field, what + " is longer than " + limit + ".");
    }
  }

  void CheckTexts(const json& j, int64_t i, const std::string& id, const std::set<std::string>& usable) {
    for (const auto& k : kEntryKeys) {
      if (!usable.count(k.key)) continue;
      const std::string_view key = k.key;
      const bool url = key == "website" || key == "links";
      const bool free_text = key == "access_conditions" || key == "waiting_list" || key == "opening_hours";
      const size_t max_cp = url ? SIZE_MAX : free_text ? SIZE_MAX : kMaxLineCodePoints;
      const size_t max_bytes = url ? kMaxUrlBytes : free_text ? kMaxFreeTextBytes : 4 * kMaxLineCodePoints;
      const json& v = j.at(k.key);
      if (v.is_string()) {
        CheckText(i, id, k.key, v.get_ref<const std::string&>(), max_cp, max_bytes, free_text);
      } else if (v.is_array()) {
        if (v.size() > kMaxListItems)
          Error("too_many_values", i, id, k.key,
                std::string("\"") + k.key + "\" lists more than " + std::to_string(kMaxListItems) + " values.");
        else
          for (const auto& item : v) CheckText(i, id, k.key, item.get_ref<const std::string&>(), max_cp, max_bytes, false);
      }
    }
  }
  void Error(const char* code, int64_t index, const std::string& id, const std::string& field, std::string message) {
    Add(true, code, index, id, field, std::move(message));
  }

  // Values of a vocabulary list: each known, none twice.
  void CheckIds(const std::vector<std::string>& values, const char* list, const char* unknown_code, int64_t i,
                const std::string& id, const char* field, const char* what) {
    std::set<std::string> seen;
    for (const auto& v : values) {
      if (!vocab_.Find(list, v))
        Error(unknown_code, i, id, field, Quoted(v) + " is not a known " + what + " id (see vocabulary.json).");
      if (!seen.insert(v).second) Error("duplicate_value", i, id, field, Quoted(v) + " is listed twice.");
    }
  }

  void CheckEntry(const json& j, int64_t i, std::set<std::string>& ids) {
    if (!j.is_object()) {
      Error("wrong_type", i, "", "", "Each entry must be a JSON object.");
      return;
    }
    auto id_it = j.find("id");
    std::string id = ShownId(id_it != j.end() && id_it->is_string() ? id_it->get<std::string>() : "");
    for (const auto& [key, value] : j.items()) {
      (void)value;
      bool known = false;
      for (const auto& k : kEntryKeys) known = known || key == k.key;
      if (!known) Error("unknown_field", i, id, Shown(key), "The key " + Quoted(key) + " is not an entry field (a typo?).");
    }
    bool complete = true;
    std::set<std::string> usable;  // present with the right type
    for (const auto& k : kEntryKeys) {
      auto it = j.find(k.key);
      if (it == j.end()) {
        Error("missing_field", i, id, k.key, std::string("The key \"") + k.key + "\" is missing.");
        complete = false;
      } else if (!HasType(*it, k.type)) {
        Error("wrong_type", i, id, k.key, std::string("\"") + k.key + "\" must be " + TypeName(k.type) + ".");
        complete = false;
      } else {
        usable.insert(k.key);
      }
    }
    CheckTexts(j, i, id, usable);
    Entry e;
    internal::EntryFromJson(j, &e);  // reads only well-typed values; the checks below use `usable`
    auto has = [&](const char* key) { return usable.count(key) > 0; };

    if (has("id")) {
      if (!ValidId(e.id))
        Error("bad_id", i, id, "id", "The id must be lowercase letters and digits joined by single hyphens, at most 64 characters.");
      if (!ids.insert(e.id).second) Error("duplicate_id", i, id, "id", "Another entry already uses the id " + Quoted(e.id) + ".");
    }
    if (has("kind") && !vocab_.Find("kinds", e.kind))
      Error("unknown_kind", i, id, "kind", Quoted(e.kind) + " is not a known kind (service, project or service_type).");
    if (has("name") && internal::IsBlank(e.name)) Error("empty_name", i, id, "name", "The name is empty.");
    if (has("aliases"))
      for (const auto& a : e.aliases)
        if (internal::IsBlank(a)) Error("empty_value", i, id, "aliases", "An alias is empty.");
    if (has("sector")) {
      if (e.sector.empty()) Error("empty_sector", i, id, "sector", "The entry needs at least one sector.");
      CheckIds(e.sector, "sectors", "unknown_sector", i, id, "sector", "sector");
    }
    if (has("themes")) {
      CheckIds(e.themes, "themes", "unknown_theme", i, id, "themes", "theme");
      if (has("sector")) {
        std::set<std::string> reported;
        for (const auto& t : e.themes) {
          const VocabItem* theme = vocab_.Find("themes", t);
          if (theme && std::find(e.sector.begin(), e.sector.end(), theme->sector) == e.sector.end() &&
              reported.insert(t).second)
            Error("theme_sector_mismatch", i, id, "themes",
                  "The theme " + Quoted(t) + " belongs to the sector " + Quoted(theme->sector) + ", which is not in \"sector\".");
        }
      }
    }
    if (has("region")) CheckIds(e.region, "regions", "unknown_region", i, id, "region", "region");
    if (has("languages")) CheckIds(e.languages, "languages", "unknown_language", i, id, "languages", "language");
    if (has("public")) CheckIds(e.publics, "publics", "unknown_public", i, id, "public", "public");
    if (has("description_fr")) {
      if (internal::IsBlank(e.description_fr))
        Error("empty_description", i, id, "description_fr", "The French description is empty.");
      else if (internal::CodePoints(e.description_fr) > kMaxDescription)
        Error("description_too_long", i, id, "description_fr", "The French description is longer than 300 characters.");
    }
    if (has("description_nl")) {
      if (internal::CodePoints(e.description_nl) > kMaxDescription)
        Error("description_too_long", i, id, "description_nl", "The Dutch description is longer than 300 characters.");
      if (e.description_nl.empty())
        Add(false, "missing_translation", i, id, "description_nl", "The Dutch description is missing; the Dutch UI will show the French one.");
    }
    if (has("postcode") && !e.postcode.empty() && !ValidPostcode(e.postcode))
      Error("bad_postcode", i, id, "postcode", Quoted(e.postcode) + " is not a Belgian postcode (4 digits).");
    if (has("phone") && !e.phone.empty() && !ValidPhone(e.phone))
      Error("bad_phone", i, id, "phone", Quoted(e.phone) + " is not one Belgian phone number (+32 or 0, one separator at most between digits).");
    if (has("email") && !e.email.empty() && !ValidEmail(e.email))
      Error("bad_email", i, id, "email", Quoted(e.email) + " is not an e-mail address.");
    if (has("website") && !e.website.empty() && !ValidUrl(e.website))
      Error("bad_url", i, id, "website", Quoted(e.website) + " is not an http:// or https:// address.");
    if (has("links"))
      for (const auto& l : e.links)
        if (!ValidUrl(l)) Error("bad_url", i, id, "links", Quoted(l) + " is not an http:// or https:// address.");
    if (has("kind") && e.kind == "service_type") {
      for (const char* key : {"address", "postcode", "commune", "phone", "email", "website"}) {
        auto it = j.find(key);
        if (has(key) && !it->get_ref<const std::string&>().empty())
          Error("service_type_has_contact", i, id, key,
                std::string("A service type describes a kind of service, so its \"") + key + "\" must stay empty.");
      }
    }
    if (has("last_verified") && e.last_verified && !ValidDate(*e.last_verified))
      Error("bad_date", i, id, "last_verified", "The verification date must be a real date written YYYY-MM-DD.");
    if (has("verified") && e.verified && has("last_verified") && !e.last_verified)
      Error("verified_without_date", i, id, "last_verified", "A verified entry needs the date of its verification.");
    if (has("source") && internal::IsBlank(e.source))
      Error("empty_source", i, id, "source", "The source is empty: say where the information comes from.");
    if (has("last_verified") && e.last_verified && ValidDate(*e.last_verified))
      verified_on_.emplace_back(i, id, *e.last_verified);

    // "" means unknown for these free texts, stored as null (docs/directory-data.md §2.1).
    if (e.waiting_list && e.waiting_list->empty()) e.waiting_list.reset();
    if (e.opening_hours && e.opening_hours->empty()) e.opening_hours.reset();
    // Once the file has an error it will not be imported: keep no more entries in memory.
    if (complete && errors_ == 0) out_.file.entries.push_back(std::move(e));
  }

  const Vocabulary& vocab_;
  Validation& out_;
  size_t errors_ = 0;
  std::vector<std::tuple<int64_t, std::string, std::string>> verified_on_;  // for the warning after parsing
};

}  // namespace

bool Validation::ok() const { return ErrorCount() == 0; }

size_t Validation::ErrorCount() const {
  size_t n = 0;
  for (const auto& i : issues) n += i.error ? 1 : 0;
  return n;
}

size_t Validation::WarningCount() const { return issues.size() - ErrorCount(); }

std::string FormatIssue(const Issue& issue) {
  std::string out;
  if (issue.index >= 0) {
    out += "entries[" + std::to_string(issue.index) + "]";
    if (!issue.id.empty()) out += " (id=" + issue.id + ")";
    out += " ";
  }
  if (!issue.field.empty()) out += issue.field + ": ";
  out += issue.code + " \u2013 " + (issue.error ? "" : "warning: ") + issue.message;
  return out;
}

Validation Validate(std::string_view json_text, const Vocabulary& vocab) {
  Validation out;
  Checker(vocab, out).Run(json_text);
  if (!out.ok()) out.file.entries.clear();  // nothing half-valid leaves this function
  return out;
}

}  // namespace passerelle::core::directory
