// The service directory: vocabulary, validation (every error code, the invalid fixtures of
// tests/data/directory), imports that leave the vault unchanged on any error, versioning,
// export, annotations across updates, and referrals from a plan item.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <set>

#include "passerelle/core/case_files.h"
#include "passerelle/core/directory.h"
#include "../support/temp_dir.h"
#include "vault_internal.h"  // the raw connection, for white-box checks

using namespace passerelle;
using namespace passerelle::core;
namespace dir = passerelle::core::directory;
using nlohmann::json;
using passerelle::testing::ReadAll;
using passerelle::testing::TempDir;

namespace {

const std::string kSource = PASSERELLE_SOURCE_DIR;
const std::string kServices = kSource + "/assets/directory/services.json";
const std::string kFixtures = kSource + "/tests/data/directory/";

const dir::Vocabulary& Vocab() {
  static const dir::Vocabulary v = [] {
    auto r = dir::LoadVocabulary(kSource + "/assets/directory/vocabulary.json");
    REQUIRE(r.ok());
    return r.value();
  }();
  return v;
}

struct VaultFixture {
  TempDir tmp;
  std::unique_ptr<Vault> vault;
  VaultFixture() {
    VaultOptions o;
    o.kdf = KdfParams::LowCostForTests();
    o.worker = "Ana";
    o.service = "CAPREV";
    auto v = Vault::Create(tmp.File("t.vault"), platform::SecureBuffer::FromString("pw"), o);
    REQUIRE(v.ok());
    vault = std::move(v).value();
  }
  dir::ImportReport Import(const std::string& text, bool dry_run = false) {
    auto r = dir::Import(*vault, text, Vocab(), dry_run);
    REQUIRE(r.ok());
    return r.value();
  }
  // Everything an import may change, as one comparable string.
  std::string State() {
    auto version = dir::InstalledVersion(*vault);
    REQUIRE(version.ok());
    auto exported = dir::Export(*vault);
    auto notes = dir::Annotations(*vault);
    REQUIRE(notes.ok());
    std::string s = std::to_string(version->version) + "|" + version->published + "|" + version->imported_at + "|" +
                    (exported.ok() ? *exported : exported.status().message());
    for (const auto& n : *notes) s += "|" + n.id + n.entry_id + n.text + (n.withdrawn ? "w" : "");
    return s;
  }
};

// A small valid file: the first (valid) entry of a fixture, to mutate one rule at a time.
json BaseDoc() {
  json doc = json::parse(ReadAll(kFixtures + "bad_unknown_theme.json"));
  json entry = doc["entries"][0];
  doc["entries"] = json::array({entry});
  return doc;
}

std::multiset<std::string> ErrorCodes(const dir::Validation& v) {
  std::multiset<std::string> out;
  for (const auto& i : v.issues)
    if (i.error) out.insert(i.code);
  return out;
}

struct Expected {
  int64_t index;
  std::string id, field, code;
  bool operator<(const Expected& o) const { return std::tie(index, id, field, code) < std::tie(o.index, o.id, o.field, o.code); }
  bool operator==(const Expected& o) const { return !(*this < o) && !(o < *this); }
};

}  // namespace

TEST_CASE("the bundled vocabulary has the documented lists") {
  const auto& v = Vocab();
  CHECK(v.sectors.size() == 3);
  CHECK(v.themes.size() == 16);
  CHECK(v.regions.size() == 3);
  CHECK(v.languages.size() == 4);
  CHECK(v.publics.size() == 10);
  CHECK(v.kinds.size() == 3);
  const auto* housing = v.Find("themes", "housing");
  REQUIRE(housing != nullptr);
  CHECK(housing->sector == "social");
  CHECK(housing->labels.nl == "Huisvesting");
  CHECK(std::find(housing->synonyms_nl.begin(), housing->synonyms_nl.end(), "SVK") != housing->synonyms_nl.end());
  CHECK_FALSE(dir::ParseVocabulary("{\"format\": 1}").ok());
  CHECK(dir::ParseVocabulary("{\"format\": 2}").status().code() == Code::kUnsupported);
  CHECK_FALSE(dir::ParseVocabulary("not json").ok());
}

TEST_CASE("the bundled services.json validates with no error and no warning") {
  auto v = dir::Validate(ReadAll(kServices), Vocab());
  for (const auto& i : v.issues) INFO(dir::FormatIssue(i));
  CHECK(v.issues.empty());
  REQUIRE(v.file.entries.size() == 67);
  std::map<std::string, int> kinds;
  for (const auto& e : v.file.entries) ++kinds[e.kind];
  CHECK(kinds["service"] == 32);
  CHECK(kinds["project"] == 15);
  CHECK(kinds["service_type"] == 20);
  // Provenance: only the R.A.J. has an address, phone or e-mail (seed 001); nothing is verified.
  for (const auto& e : v.file.entries) {
    CAPTURE(e.id);
    CHECK_FALSE(e.verified);
    if (e.id != "raj-reseau") CHECK((e.phone.empty() && e.email.empty() && e.address.empty()));
  }
}

TEST_CASE("each invalid fixture reports exactly its documented errors") {
  const std::map<std::string, std::vector<Expected>> cases = {
      {"bad_unknown_theme.json",
       {{1, "test-theme-is-a-synonym", "themes", "unknown_theme"}, {2, "test-theme-hyphen", "themes", "unknown_theme"}}},
      {"bad_duplicate_id.json", {{2, "test-duplicate", "id", "duplicate_id"}}},
      {"bad_email_phone_url.json",
       {{0, "test-bad-email", "email", "bad_email"},
        {1, "test-bad-phone-and-website", "phone", "bad_phone"},
        {1, "test-bad-phone-and-website", "website", "bad_url"},
        {2, "test-bad-phone-and-link", "phone", "bad_phone"},
        {2, "test-bad-phone-and-link", "links", "bad_url"}}},
      {"bad_missing_name.json",
       {{1, "test-no-name-key", "name", "missing_field"}, {2, "test-blank-name", "name", "empty_name"}}},
  };
  for (const auto& [file, expected] : cases) {
    CAPTURE(file);
    auto v = dir::Validate(ReadAll(kFixtures + file), Vocab());
    std::vector<Expected> got;
    for (const auto& i : v.issues) {
      INFO(dir::FormatIssue(i));
      CHECK(i.error);
      got.push_back({i.index, i.id, i.field, i.code});
    }
    std::sort(got.begin(), got.end());
    auto want = expected;
    std::sort(want.begin(), want.end());
    CHECK(got == want);
    CHECK(v.file.entries.empty());  // nothing half-valid comes out
  }
}

TEST_CASE("every validation rule has its error code") {
  using Mutate = std::function<void(json&)>;
  struct Case {
    const char* code;
    Mutate mutate;
  };
  auto e0 = [](json& d) -> json& { return d["entries"][0]; };
  const Case cases[] = {
      {"bad_format", [](json& d) { d["format"] = 2; }},
      {"bad_version", [](json& d) { d["version"] = 0; }},
      {"bad_version", [](json& d) { d["version"] = "1"; }},
      {"bad_date", [](json& d) { d["published"] = "2026-02-30"; }},
      {"bad_date", [](json& d) { d["published"] = "23/11/2026"; }},
      {"missing_field", [](json& d) { d.erase("entries"); }},
      {"missing_field", [&](json& d) { e0(d).erase("source"); }},
      {"wrong_type", [&](json& d) { e0(d)["verified"] = "yes"; }},
      {"wrong_type", [&](json& d) { e0(d)["aliases"] = json::array({1}); }},
      {"wrong_type", [](json& d) { d["entries"][0] = "not an object"; }},
      {"unknown_field", [&](json& d) { e0(d)["adress"] = ""; }},
      {"unknown_field", [](json& d) { d["comment"] = "x"; }},
      {"bad_id", [&](json& d) { e0(d)["id"] = "Bad_Id"; }},
      {"bad_id", [&](json& d) { e0(d)["id"] = std::string(65, 'a'); }},
      {"duplicate_id", [](json& d) { d["entries"].push_back(d["entries"][0]); }},
      {"unknown_kind", [&](json& d) { e0(d)["kind"] = "agency"; }},
      {"empty_name", [&](json& d) { e0(d)["name"] = " \t"; }},
      {"empty_sector", [&](json& d) { e0(d)["sector"] = json::array(); e0(d)["themes"] = json::array(); }},
      {"unknown_sector", [&](json& d) { e0(d)["sector"] = {"social", "culture"}; }},
      {"unknown_theme", [&](json& d) { e0(d)["themes"] = {"housing", "logement"}; }},
      {"theme_sector_mismatch", [&](json& d) { e0(d)["themes"] = {"housing", "mental_health"}; }},
      {"unknown_region", [&](json& d) { e0(d)["region"] = {"bruxelles"}; }},
      {"unknown_language", [&](json& d) { e0(d)["languages"] = {"french"}; }},
      {"unknown_public", [&](json& d) { e0(d)["public"] = {"kids"}; }},
      {"duplicate_value", [&](json& d) { e0(d)["languages"] = {"fr", "fr"}; }},
      {"empty_value", [&](json& d) { e0(d)["aliases"] = {" "}; }},
      {"empty_description", [&](json& d) { e0(d)["description_fr"] = ""; }},
      {"description_too_long", [&](json& d) {
         std::string s;
         for (int i = 0; i < 301; ++i) s += "é";
         e0(d)["description_fr"] = s;
       }},
      {"bad_postcode", [&](json& d) { e0(d)["postcode"] = "0190"; }},
      {"bad_phone", [&](json& d) { e0(d)["phone"] = "123.45.67"; }},
      {"bad_email", [&](json& d) { e0(d)["email"] = "info@reseauraj"; }},
      {"bad_url", [&](json& d) { e0(d)["website"] = "https://localhost"; }},
      {"service_type_has_contact", [&](json& d) { e0(d)["kind"] = "service_type"; e0(d)["commune"] = "Forest"; }},
      {"verified_without_date", [&](json& d) { e0(d)["verified"] = true; }},
      {"bad_date", [&](json& d) { e0(d)["last_verified"] = "2026-13-01"; }},
      {"empty_source", [&](json& d) { e0(d)["source"] = "  "; }},
  };
  CHECK(ErrorCodes(dir::Validate(BaseDoc().dump(), Vocab())).empty());
  for (const auto& c : cases) {
    json doc = BaseDoc();
    c.mutate(doc);
    auto v = dir::Validate(doc.dump(), Vocab());
    CAPTURE(c.code);
    CAPTURE(doc.dump());
    CHECK(ErrorCodes(v) == std::multiset<std::string>{c.code});
  }
  for (const char* text : {"", "{", "[]", "\"x\"", "{\"format\": 1,}", "\xff\xfe{}"}) {
    CAPTURE(text);
    CHECK(ErrorCodes(dir::Validate(text, Vocab())) == std::multiset<std::string>{"bad_json"});
  }
  SUBCASE("a 300-character description is fine, in characters not bytes") {
    json doc = BaseDoc();
    std::string s;
    for (int i = 0; i < 300; ++i) s += "é";
    doc["entries"][0]["description_fr"] = s;
    CHECK(dir::Validate(doc.dump(), Vocab()).ok());
  }
  SUBCASE("warnings do not block") {
    json doc = BaseDoc();
    doc["entries"][0]["description_nl"] = "";
    doc["entries"][0]["verified"] = true;
    doc["entries"][0]["last_verified"] = "2027-01-15";
    auto v = dir::Validate(doc.dump(), Vocab());
    CHECK(v.ok());
    CHECK(v.WarningCount() == 2);
    CHECK(v.file.entries.size() == 1);
    std::set<std::string> codes;
    for (const auto& i : v.issues) codes.insert(i.code);
    CHECK(codes == std::set<std::string>{"missing_translation", "verified_after_published"});
  }
  SUBCASE("empty free texts are stored as unknown") {
    json doc = BaseDoc();
    doc["entries"][0]["waiting_list"] = "";
    auto v = dir::Validate(doc.dump(), Vocab());
    REQUIRE(v.ok());
    CHECK_FALSE(v.file.entries[0].waiting_list.has_value());
  }
}

TEST_CASE("every string of a directory file is printable text within its bound") {
  auto e0 = [](json& d) -> json& { return d["entries"][0]; };
  using Mutate = std::function<void(json&)>;
  const std::pair<const char*, Mutate> cases[] = {
      {"bad_text", [&](json& d) { e0(d)["name"] = "Service\u0007 bell"; }},
      {"bad_text", [&](json& d) { e0(d)["organisation"] = "\u001b[2JCleared"; }},
      {"bad_text", [&](json& d) { e0(d)["address"] = "Rue\nde la Loi 16"; }},
      {"bad_text", [&](json& d) { e0(d)["aliases"] = {"OK", "bad\u0085"}; }},
      {"bad_text", [&](json& d) { e0(d)["access_conditions"] = "Sur rendez-vous\r\n"; }},
      {"text_too_long", [&](json& d) { e0(d)["name"] = std::string(501, 'n'); }},
      {"text_too_long", [&](json& d) { e0(d)["access_conditions"] = std::string(8193, 'a'); }},
      {"text_too_long", [&](json& d) { e0(d)["links"] = {"https://example.be/" + std::string(128u << 10, 'x')}; }},
      {"too_many_values", [&](json& d) {
         json aliases = json::array();
         for (int i = 0; i < 101; ++i) aliases.push_back("alias " + std::to_string(i));
         e0(d)["aliases"] = aliases;
       }},
  };
  for (const auto& [code, mutate] : cases) {
    json doc = BaseDoc();
    mutate(doc);
    auto v = dir::Validate(doc.dump(), Vocab());
    CAPTURE(code);
    CHECK(ErrorCodes(v) == std::multiset<std::string>{code});
  }
  // Free texts keep their line breaks; 500 characters on one line are fine.
  json doc = BaseDoc();
  doc["entries"][0]["access_conditions"] = "Sur rendez-vous.\nLe mardi:\tpermanence.";
  doc["entries"][0]["name"] = std::string(500, 'n');
  CHECK(dir::Validate(doc.dump(), Vocab()).ok());
}

TEST_CASE("issues never carry control characters or broken UTF-8 from the file") {
  json doc = BaseDoc();
  doc["entries"][0]["id"] = "\u001b]0;pwned\u0007";
  doc["entries"][0]["bad\u001bkey"] = "x";
  doc["entries"][0]["phone"] = std::string(59, '0') + "\u00e9\u00e9";  // cut inside the 60-character window
  doc["entries"][0]["email"] = std::string("a\0b", 3);
  doc["stray\nkey"] = 1;
  auto v = dir::Validate(doc.dump(), Vocab());
  REQUIRE_FALSE(v.ok());
  for (const auto& issue : v.issues) {
    const std::string line = dir::FormatIssue(issue);
    CAPTURE(line);
    for (unsigned char c : line) CHECK((c >= 0x20 && c != 0x7F));
    CHECK(json(line).dump(-1, ' ', false, json::error_handler_t::strict).size() > 0);  // valid UTF-8, or this throws
  }
}

TEST_CASE("a file over the size bound is refused before it is parsed") {
  std::string big = BaseDoc().dump();
  big.insert(big.size() - 1, ", \"padding\": \"" + std::string(64u << 20, 'x') + "\"");
  auto v = dir::Validate(big, Vocab());
  CHECK(ErrorCodes(v) == std::multiset<std::string>{"file_too_large"});
}

TEST_CASE("a hopeless file stops after a thousand errors") {
  json doc = BaseDoc();
  json bad = doc["entries"][0];
  bad["phone"] = "not a phone";
  doc["entries"] = json::array();
  for (int i = 0; i < 3000; ++i) {
    bad["id"] = "entry-" + std::to_string(i);
    doc["entries"].push_back(bad);
  }
  auto v = dir::Validate(doc.dump(), Vocab());
  CHECK(v.ErrorCount() == 1001);
  CHECK(v.issues.back().code == "too_many_errors");
  CHECK(v.file.entries.empty());
}

TEST_CASE("validation streams: 20,000 entries validate in one pass, in order") {
  json doc = BaseDoc();
  json entry = doc["entries"][0];
  entry["verified"] = false;
  entry["last_verified"] = nullptr;
  doc["entries"] = json::array();
  const std::string text = doc.dump();
  const size_t cut = text.find("\"entries\":[]") + 11;  // between the brackets
  // The big text is built as a string: a json tree of 20,000 entries is what the validator avoids.
  auto make = [&](int count, bool bad_last) {
    std::string body;
    for (int i = 0; i < count; ++i) {
      entry["id"] = "svc-" + std::to_string(i);
      entry["postcode"] = bad_last && i == count - 1 ? "12" : "1190";
      if (i) body += ',';  // appended apart: GCC 12 -O3 misreads "," + string (-Wrestrict)
      body += entry.dump();
    }
    return text.substr(0, cut) + body + text.substr(cut);
  };
  auto small = dir::Validate(make(2000, false), Vocab());
  CHECK(small.ok());
  REQUIRE(small.file.entries.size() == 2000);
  CHECK(small.file.entries[1999].id == "svc-1999");

  const std::string big = make(20000, true);
  const auto start = std::chrono::steady_clock::now();
  auto v = dir::Validate(big, Vocab());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MESSAGE("20,000 entries (" << big.size() / 1000 << " kB) validated in " << seconds << " s");
  CHECK(seconds < 180);  // generous: a sanitizer build on a loaded machine (Release: well under a second)
  REQUIRE(v.issues.size() == 1);  // the one error in the last entry is found, with its index
  CHECK(v.issues.front().index == 19999);
  CHECK(v.issues.front().id == "svc-19999");
  CHECK(v.issues.front().code == "bad_postcode");
  CHECK(v.file.entries.empty());
}

TEST_CASE("a malformed version is a validation error, not a version refusal") {
  VaultFixture f;
  REQUIRE(f.Import(ReadAll(kServices)).outcome == dir::ImportOutcome::kImported);
  json doc = json::parse(ReadAll(kServices));
  for (json bad : {json("2"), json(0), json(1.5), json(nullptr)}) {
    doc["version"] = bad;
    auto r = f.Import(doc.dump());
    CHECK(r.outcome == dir::ImportOutcome::kRejected);
    CHECK_FALSE(r.refused_by_version);
  }
  doc["version"] = 1;
  doc["entries"][0]["description_fr"] = "Texte modifié.";
  auto same = f.Import(doc.dump());
  CHECK(same.outcome == dir::ImportOutcome::kRejected);
  CHECK(same.refused_by_version);
}

TEST_CASE("phone, e-mail and URL patterns follow the data contract") {
  auto check = [](const char* field, const std::string& value) {
    json doc = BaseDoc();
    doc["entries"][0][field] = value;
    return dir::Validate(doc.dump(), Vocab()).ok();
  };
  for (const char* ok : {"+32 2 123 45 67", "+32470123456", "02/123.45.67", "02 123 45 67", "0470 12 34 56",
                         "087/12.34.56", "0800 12 345"})
    CHECK_MESSAGE(check("phone", ok), ok);
  for (const char* bad : {"02/ 123.45.67", "123.45.67", "+33 1 23 45 67 89", "0032 2 123 45 67", "+32 (0)2 123 45 67",
                          "02 123 45 67 (lun-ven)"})
    CHECK_MESSAGE(!check("phone", bad), bad);
  CHECK(check("email", "contact@example.org"));
  CHECK_FALSE(check("email", "contact(at)example.org"));
  for (const char* ok : {"https://example.org/", "http://example.org", "https://www.example.org:8080/a?b=c#d"})
    CHECK_MESSAGE(check("website", ok), ok);
  for (const char* bad : {"www.example.org", "ftp://example.org/x", "https://localhost", "https://example.org/a b"})
    CHECK_MESSAGE(!check("website", bad), bad);
  // Long values are refused without reaching the recursive regex matcher.
  CHECK_FALSE(check("website", "https://example.org/" + std::string(100000, 'a') + " "));
  CHECK(check("website", "https://example.org/" + std::string(100000, 'a')));
  CHECK_FALSE(check("email", std::string(100000, 'a') + "@example.org"));
}

TEST_CASE("a refused file leaves the installed directory unchanged") {
  VaultFixture f;
  REQUIRE(f.Import(ReadAll(kServices)).outcome == dir::ImportOutcome::kImported);
  REQUIRE(dir::Annotate(*f.vault, "rezone", "Liste d'attente de 3 mois en mai.").ok());
  const std::string before = f.State();
  for (const char* file : {"bad_unknown_theme.json", "bad_duplicate_id.json", "bad_email_phone_url.json", "bad_missing_name.json"}) {
    json doc = json::parse(ReadAll(kFixtures + file));
    doc["version"] = 2;  // newer, so only validation can refuse it
    for (bool dry_run : {false, true}) {
      auto r = f.Import(doc.dump(), dry_run);
      CAPTURE(file);
      CHECK(r.outcome == dir::ImportOutcome::kRejected);
      CHECK(r.installed_version == 1);
      CHECK(f.State() == before);
    }
  }
  auto r = f.Import("{ not json");
  CHECK(r.outcome == dir::ImportOutcome::kRejected);
  CHECK(f.State() == before);
}

TEST_CASE("versions: newer replaces, same is a no-op, same-but-different and older are refused") {
  VaultFixture f;
  CHECK(dir::InstalledVersion(*f.vault)->version == 0);
  CHECK(dir::Export(*f.vault).status().code() == Code::kNotFound);
  CHECK(dir::Search(*f.vault, "logement").status().code() == Code::kNotFound);

  const std::string v1 = ReadAll(kServices);
  auto dry = f.Import(v1, /*dry_run=*/true);
  CHECK(dry.outcome == dir::ImportOutcome::kValid);
  CHECK(dry.diff.added.size() == 67);
  CHECK(dir::InstalledVersion(*f.vault)->version == 0);

  auto first = f.Import(v1);
  CHECK(first.outcome == dir::ImportOutcome::kImported);
  CHECK(dir::InstalledVersion(*f.vault)->version == 1);
  CHECK(dir::InstalledVersion(*f.vault)->entry_count == 67);
  // Export is the published file, byte for byte (key order, indentation, UTF-8 as written).
  CHECK(*dir::Export(*f.vault) == v1);
  CHECK(f.Import(v1).outcome == dir::ImportOutcome::kAlreadyInstalled);
  CHECK(f.Import(*dir::Export(*f.vault)).outcome == dir::ImportOutcome::kAlreadyInstalled);

  json doc = json::parse(v1);
  doc["entries"][1]["description_fr"] = "Texte modifié.";
  auto same_version = f.Import(doc.dump());
  CHECK(same_version.outcome == dir::ImportOutcome::kRejected);
  REQUIRE_FALSE(same_version.issues.empty());
  CHECK(same_version.issues.back().code == "same_version_different_content");

  doc["version"] = 3;
  REQUIRE(f.Import(doc.dump()).outcome == dir::ImportOutcome::kImported);
  auto older = f.Import(v1);
  CHECK(older.outcome == dir::ImportOutcome::kRejected);
  CHECK(older.issues.back().code == "older_version");
  CHECK(dir::InstalledVersion(*f.vault)->version == 3);
}

TEST_CASE("annotations are kept across updates, shown as withdrawn, and re-attach when the entry returns") {
  VaultFixture f;
  const std::string v1 = ReadAll(kServices);
  REQUIRE(f.Import(v1).outcome == dir::ImportOutcome::kImported);
  CHECK(dir::Annotate(*f.vault, "no-such-entry", "x").status().code() == Code::kNotFound);
  CHECK(dir::Annotate(*f.vault, "rezone", "   ").status().code() == Code::kInvalidInput);
  auto a1 = dir::Annotate(*f.vault, "rezone", "Liste d'attente de 3 mois en mai.");
  auto a2 = dir::Annotate(*f.vault, "brusshelp", "Demander Sophie.");
  REQUIRE((a1.ok() && a2.ok()));

  json doc = json::parse(v1);
  auto& entries = doc["entries"];
  json removed;
  for (size_t i = 0; i < entries.size(); ++i)
    if (entries[i]["id"] == "rezone") {
      removed = entries[i];
      entries.erase(i);
      break;
    }
  for (auto& e : entries)
    if (e["id"] == "brusshelp") e["description_fr"] = "Description mise à jour par la coordination.";
  json added = removed;
  added["id"] = "test-nouveau-service";
  added["name"] = "Service de test ajouté";
  entries.push_back(added);
  doc["version"] = 2;
  doc["published"] = "2026-12-01";

  auto dry = f.Import(doc.dump(), /*dry_run=*/true);
  CHECK(dry.outcome == dir::ImportOutcome::kValid);
  CHECK(dry.diff.added == std::vector<std::string>{"test-nouveau-service"});
  CHECK(dry.diff.removed == std::vector<std::string>{"rezone"});
  CHECK(dry.diff.changed == std::vector<std::string>{"brusshelp"});

  REQUIRE(f.Import(doc.dump()).outcome == dir::ImportOutcome::kImported);
  CHECK(dir::Get(*f.vault, "rezone").status().code() == Code::kNotFound);
  CHECK(dir::Get(*f.vault, "brusshelp")->description_fr == "Description mise à jour par la coordination.");
  auto notes = dir::Annotations(*f.vault);
  REQUIRE(notes.ok());
  REQUIRE(notes->size() == 2);
  for (const auto& n : *notes) {
    CHECK(n.author == "Ana");
    CHECK(n.withdrawn == (n.entry_id == "rezone"));
  }
  auto hits = dir::Search(*f.vault, "Rezone");
  REQUIRE(hits.ok());
  for (const auto& h : hits->hits) CHECK(h.id != "rezone");

  // Version 3 brings the entry back: its annotation is attached again.
  doc["entries"].push_back(removed);
  doc["version"] = 3;
  REQUIRE(f.Import(doc.dump()).outcome == dir::ImportOutcome::kImported);
  auto rezone = dir::Annotations(*f.vault, "rezone");
  REQUIRE(rezone->size() == 1);
  CHECK_FALSE((*rezone)[0].withdrawn);
  CHECK((*rezone)[0].text == "Liste d'attente de 3 mois en mai.");
  CHECK(dir::DeleteAnnotation(*f.vault, (*rezone)[0].id).ok());
  CHECK(dir::DeleteAnnotation(*f.vault, (*rezone)[0].id).code() == Code::kNotFound);
}

TEST_CASE("an import that fails while writing leaves the old directory whole") {
  VaultFixture f;
  const std::string v1 = ReadAll(kServices);
  REQUIRE(f.Import(v1).outcome == dir::ImportOutcome::kImported);
  const std::string before = f.State();
  json doc = json::parse(v1);
  doc["version"] = 2;
  doc["entries"].erase(0);
  // Simulates a failure half-way through the replacement (disk full, crash).
  char* err = nullptr;
  REQUIRE(sqlite3_exec(passerelle::core::internal::Db(*f.vault),
                       "CREATE TEMP TRIGGER fail_midway BEFORE INSERT ON main.dir_entry WHEN NEW.id = 'type-tap' "
                       "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
                       nullptr, nullptr, &err) == SQLITE_OK);
  auto r = dir::Import(*f.vault, doc.dump(), Vocab(), false);
  CHECK_FALSE(r.ok());
  CHECK(f.State() == before);
  auto hits = dir::Search(*f.vault, "R.A.J.");
  REQUIRE(hits.ok());
  CHECK_FALSE(hits->hits.empty());
  REQUIRE(sqlite3_exec(passerelle::core::internal::Db(*f.vault), "DROP TRIGGER fail_midway", nullptr, nullptr, &err) == SQLITE_OK);
  CHECK(f.Import(doc.dump()).outcome == dir::ImportOutcome::kImported);
}

TEST_CASE("the installed directory and vocabulary survive reopening the vault") {
  VaultFixture f;
  REQUIRE(f.Import(ReadAll(kServices)).outcome == dir::ImportOutcome::kImported);
  std::string path = f.vault->path();
  f.vault.reset();
  auto v = Vault::Open(path, platform::SecureBuffer::FromString("pw"));
  REQUIRE(v.ok());
  auto entry = dir::Get(**v, "raj-reseau");
  REQUIRE(entry.ok());
  CHECK(entry->phone == "02/346.31.51");
  CHECK(entry->email == "info@reseauraj.be");
  CHECK(entry->commune == "Forest");
  CHECK_FALSE(entry->inside_prison.has_value());
  auto vocab = dir::InstalledVocabulary(**v);
  REQUIRE(vocab.ok());
  CHECK(vocab->themes.size() == 16);
  CHECK_FALSE(dir::Search(**v, "huisvesting")->hits.empty());
}

TEST_CASE("a referral from a plan item must name a service of the directory") {
  VaultFixture f;
  auto person = AddPerson(*f.vault, {{"name", "Personne test"}});
  auto dossier = AddDossier(*f.vault, {{"person_id", *person}});
  auto item = AddPlanItem(*f.vault, {{"dossier_id", *dossier}, {"domain", "housing"}, {"goal", "Trouver un logement"}});
  REQUIRE(item.ok());
  CHECK(dir::Refer(*f.vault, *item, "housing-first-belgium").status().code() == Code::kNotFound);  // empty directory
  REQUIRE(f.Import(ReadAll(kServices)).outcome == dir::ImportOutcome::kImported);
  CHECK(dir::Refer(*f.vault, *item, "no-such-service").status().code() == Code::kNotFound);
  CHECK(dir::Refer(*f.vault, *item, "").status().code() == Code::kInvalidInput);
  CHECK_FALSE(dir::Refer(*f.vault, *item, "type-ais", "maybe").ok());  // not a referral status
  CHECK(ShowDossier(*f.vault, *dossier)->referrals.empty());

  auto ref = dir::Refer(*f.vault, *item, "housing-first-belgium", "waiting_list", "Liste d'attente.");
  REQUIRE(ref.ok());
  auto detail = ShowDossier(*f.vault, *dossier);
  REQUIRE(detail->referrals.size() == 1);
  CHECK(detail->referrals[0].service_id == "housing-first-belgium");
  CHECK(detail->referrals[0].status == "waiting_list");
  CHECK(dir::Refer(*f.vault, *item, "type-ais").ok());
  auto referrals = ShowDossier(*f.vault, *dossier)->referrals;
  REQUIRE(referrals.size() == 2);
  for (const auto& r : referrals)
    if (r.service_id == "type-ais") CHECK(r.status == "suggested");  // the default
}
