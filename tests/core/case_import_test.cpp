// The case-file import (core/case_import.h, docs/import.md) applies the same per-record rules as
// every other path: a table of bad values, each refused by the domain call (AddPerson, AddVisit...)
// and by the import with the same sentence, at the value's JSON path, nothing written; a good
// document is written one case file per transaction and a second import skips it.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../support/temp_dir.h"
#include "../support/vault_fixture.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/case_import.h"
#include "passerelle/core/dump.h"

using namespace passerelle;
using namespace passerelle::core;
using nlohmann::json;

namespace {

constexpr int64_t k2026_12_04 = 1796385600000;  // noon UTC

struct Fixture {
  testing::TempDir dir;
  platform::FakeClock clock{k2026_12_04};
  std::unique_ptr<Vault> vault;
  std::string dossier;
  Fixture() {
    auto v = Vault::Create(dir.File("v"), platform::SecureBuffer::FromString("pw"), testing::FastVaultOptions(&clock));
    REQUIRE(v.ok());
    vault = std::move(v).value();
    auto ids = AddPersonWithDossier(*vault, {{"name", "Existing"}}, {});
    REQUIRE(ids.ok());
    dossier = ids->second;
  }
  std::string State() {
    auto d = CanonicalDump(*vault);
    REQUIRE(d.ok());
    return *d + "|" + std::to_string(testing::OpLogSize(*vault));
  }
};

json Doc(json case_file) {
  return {{"format", "passerelle-case-files"}, {"version", 1}, {"case_files", json::array({std::move(case_file)})}};
}

struct Row {
  const char* kind;   // person, visit, note, plan_items, consents
  const char* field;
  const char* value;
};

}  // namespace

TEST_CASE("the import refuses what the domain calls refuse, with the same sentence, at the value's path") {
  const Row rows[] = {
      {"person", "birth_date", "2026-02-30"}, {"person", "birth_date", "30/13/1990"}, {"person", "language", "xx"},
      {"person", "status", "free"},           {"person", "name", "bell\x07"},        {"person", "name", "Jos\xc3"},
      {"visits", "date", "2026-02-30"},       {"visits", "kind", "phone"},           {"visits", "outcome", "late"},
      {"notes", "scope", "public"},           {"notes", "body", "tab\x01"},          {"plan_items", "domain", "moon"},
      {"plan_items", "status", "done"},       {"plan_items", "due_date", "31.04.2027"},
      {"consents", "scope", "everything"},    {"consents", "given_on", "2026-13-01"},
  };
  for (const Row& row : rows) {
    const std::string where = std::string(row.kind) + "." + row.field;
    CAPTURE(where);
    Fixture fx;
    const std::string kind = row.kind;
    // The domain call, with the other required fields valid.
    Status direct;
    if (kind == "person") {
      FieldValues f{{"name", "Valid"}};
      f[row.field] = row.value;
      direct = AddPerson(*fx.vault, f).status();
    } else if (kind == "visits") {
      direct = AddVisit(*fx.vault, {{"dossier_id", fx.dossier}, {row.field, row.value}}, {}).status();
    } else if (kind == "notes") {
      FieldValues f{{"dossier_id", fx.dossier}, {"body", "Valid"}};
      f[row.field] = row.value;
      direct = AddNote(*fx.vault, f).status();
    } else if (kind == "plan_items") {
      FieldValues f{{"dossier_id", fx.dossier}, {"domain", "housing"}, {"goal", "G"}};
      f[row.field] = row.value;
      direct = AddPlanItem(*fx.vault, f).status();
    } else {
      FieldValues f{{"dossier_id", fx.dossier}, {"partner", "CAW"}, {"scope", "referral"}};
      f[row.field] = row.value;
      direct = AddConsent(*fx.vault, f).status();
    }
    REQUIRE_FALSE(direct.ok());
    // The same value in an import file.
    json cf = {{"external_id", "X-1"}, {"person", {{"name", "Valid"}}}};
    std::string path = "$.case_files[0].";
    const std::string value = row.value;
    if (kind == "person") {
      path += "person.";
    } else {
      json record = kind == "notes" ? json{{"body", "Valid"}} : kind == "plan_items" ? json{{"domain", "housing"}, {"goal", "G"}}
                  : kind == "consents" ? json{{"partner", "CAW"}, {"scope", "referral"}} : json::object();
      cf[kind] = json::array({record});
      path += kind + "[0].";
    }
    path += row.field;
    // Raw bytes (invalid UTF-8) cannot go through the JSON library: the document is built as text.
    std::string doc;
    const std::string marker = "\"@@VALUE@@\"";
    if (kind == "person")
      cf["person"][row.field] = "@@VALUE@@";
    else
      cf[kind][0][row.field] = "@@VALUE@@";
    doc = Doc(cf).dump();
    REQUIRE_MESSAGE(doc.find(marker) != std::string::npos, doc);
    std::string escaped;
    for (unsigned char c : value) {
      if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        escaped += buf;
      } else {
        escaped += static_cast<char>(c);
      }
    }
    doc.replace(doc.find(marker), marker.size(), "\"" + escaped + "\"");
    const std::string before = fx.State();
    std::vector<ImportProblem> problems;
    auto r = ImportCaseFiles(*fx.vault, doc, {}, &problems);
    CHECK(r.status().code() == Code::kInvalidInput);
    CHECK(fx.State() == before);
    if (value.find('\xc3') != std::string::npos) {  // not UTF-8: the whole document is refused by the parser
      REQUIRE(problems.size() == 1);
      CHECK(problems[0].path == "$");
      continue;
    }
    bool found = false;
    for (const auto& p : problems)
      if (p.path == path) {
        found = true;
        CHECK(p.message == direct.message());
      }
    CHECK_MESSAGE(found, path);
  }
}

TEST_CASE("a good document: one transaction per case file, a summary, and a re-import skips it all") {
  Fixture fx;
  json doc = {{"format", "passerelle-case-files"}, {"version", 1}, {"case_files", json::array()}};
  for (int i = 0; i < 3; ++i)
    doc["case_files"].push_back({{"external_id", "OLD-" + std::to_string(i)},
                                 {"person", {{"name", "P" + std::to_string(i)}}},
                                 {"visits", {{{"ref", "a"}, {"date", "01/02/2026"}}}},
                                 {"notes", {{{"visit", "a"}, {"body", "Texte " + std::to_string(i)}}}}});
  std::vector<ImportProblem> problems;
  auto r = ImportCaseFiles(*fx.vault, doc.dump(), {}, &problems);
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  CHECK(problems.empty());
  CHECK(r->imported == 3);
  CHECK(r->visits == 3);
  CHECK(r->notes == 3);
  auto dossiers = ListDossiers(*fx.vault);
  REQUIRE(dossiers.ok());
  CHECK(dossiers->size() == 4);
  for (const auto& c : r->case_files) {
    auto d = ShowDossier(*fx.vault, c.dossier_id);
    REQUIRE(d.ok());
    REQUIRE(d->visits.size() == 1);
    CHECK(d->visits[0].date == "2026-02-01");
    REQUIRE(d->notes.size() == 1);
    CHECK(d->notes[0].visit_id == d->visits[0].id);
    CHECK(d->notes[0].author == fx.vault->worker());
  }
  const std::string after = fx.State();
  auto again = ImportCaseFiles(*fx.vault, doc.dump(), {}, &problems);
  REQUIRE(again.ok());
  CHECK(again->imported == 0);
  CHECK(again->skipped == 3);
  CHECK(fx.State() == after);
  // A document with one bad case file among good new ones writes none of them.
  doc["case_files"].push_back({{"external_id", "OLD-9"}, {"person", {{"name", "P9"}}}});
  doc["case_files"].push_back({{"external_id", "OLD-10"}, {"person", json::object()}});
  auto bad = ImportCaseFiles(*fx.vault, doc.dump(), {}, &problems);
  CHECK(bad.status().code() == Code::kInvalidInput);
  CHECK(fx.State() == after);
}
