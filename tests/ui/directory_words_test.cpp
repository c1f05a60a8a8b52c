// Issue 13 defect 7: a directory entry's source in words a person understands (never an internal
// file name such as "seed 001"), in every language; a coordinator's own note kept as written.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "../support/temp_dir.h"
#include "directory_words.h"
#include "load_i18n.h"

using namespace passerelle;
using namespace passerelle::ui;

TEST_CASE("sources name the documents, not the seed files") {
  I18n t = testing::LoadI18n();
  for (const char* lang : {"fr", "nl", "en"}) {
    CAPTURE(lang);
    REQUIRE(t.SetLanguage(lang));
    for (const char* source : {"seed 000", "seed 001", "seed 003", "seeds 000, 001", "seeds 000, 003", "seeds 002, 003"}) {
      CAPTURE(source);
      std::string words = SourceInWords(source, t);
      CHECK(words.find("seed") == std::string::npos);
      CHECK(words.find("00") == std::string::npos);
      CHECK(words.size() > 20);
    }
    CHECK(SourceInWords("seeds 000, 003", t).find(t.T("directory_words.document_003")) != std::string::npos);
    CHECK(t.missing().empty());
  }
  REQUIRE(t.SetLanguage("en"));
  CHECK(SourceInWords("seed 001", t) == "Taken from the R.A.J. network’s presentation.");
  CHECK(SourceInWords("seeds 000, 003", t) ==
        "Taken from a criminology article on the follow-up of returnees in Belgium and the collaboration protocol on "
        "preventing violent radicalisation.");
  REQUIRE(t.SetLanguage("fr"));
  CHECK(SourceInWords("seed 001", t) == "Tiré de la présentation du réseau R.A.J.");  // one final "."
  REQUIRE(t.SetLanguage("en"));
  // A coordinator's check, appended after ";", is kept as written.
  CHECK(SourceInWords("seed 001; vérifié par téléphone 2027-01-15", t) ==
        "Taken from the R.A.J. network’s presentation. vérifié par téléphone 2027-01-15");
  // Any other form (a coordinator's own words) is shown as written.
  CHECK(SourceInWords("Site du CPAS, consulté le 2027-02-01", t) == "Site du CPAS, consulté le 2027-02-01");
  CHECK(SourceInWords("seed 999", t) == "seed 999");  // a document this version does not know
}

TEST_CASE("a field's own mention of a seed file names the document") {
  I18n t = testing::LoadI18n();
  REQUIRE(t.SetLanguage("fr"));
  CHECK(SeedMentionsInWords("Engorgement des AIS signalé (seed 001).", t) ==
        "Engorgement des AIS signalé (selon la présentation du réseau R.A.J.).");
  REQUIRE(t.SetLanguage("en"));
  CHECK(SeedMentionsInWords("Long waits (seeds 000, 003); see (seed 999) and (see below).", t) ==
        "Long waits (according to a criminology article on the follow-up of returnees in Belgium and the collaboration "
        "protocol on preventing violent radicalisation); see (seed 999) and (see below).");
  CHECK(SeedMentionsInWords("", t).empty());
  CHECK(SeedMentionsInWords("(seed", t) == "(seed");
  // No text field of the shipped file names a seed file once shown.
  auto services = nlohmann::json::parse(
      passerelle::testing::ReadAll(std::string(PASSERELLE_SOURCE_DIR) + "/assets/directory/services.json"));
  for (const auto& e : services["entries"])
    for (const char* field : {"description_fr", "description_nl", "access_conditions", "waiting_list", "opening_hours"})
      if (e[field].is_string()) {
        CAPTURE(e["id"]);
        CHECK(SeedMentionsInWords(e[field], t).find("seed") == std::string::npos);
      }
}

TEST_CASE("every shipped entry's source reads as words") {
  I18n t = testing::LoadI18n();
  REQUIRE(t.SetLanguage("fr"));
  auto services = nlohmann::json::parse(
      passerelle::testing::ReadAll(std::string(PASSERELLE_SOURCE_DIR) + "/assets/directory/services.json"));
  REQUIRE(services["entries"].size() > 10);
  for (const auto& e : services["entries"]) {
    std::string source = e["source"];
    CAPTURE(source);
    CHECK(SourceInWords(source, t).rfind("Tiré de ", 0) == 0);
  }
}
