// Directory search over the bundled services.json, table-driven, in French, Dutch and English:
// accent-insensitive words, prefixes as typed, cross-language synonyms through the vocabulary,
// filters, ranking (name before description) and the "matched" explanation.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "passerelle/core/directory.h"
#include "../support/temp_dir.h"

using namespace passerelle;
using namespace passerelle::core;
namespace dir = passerelle::core::directory;
using passerelle::testing::ReadAll;
using passerelle::testing::TempDir;

namespace {

const std::string kSource = PASSERELLE_SOURCE_DIR;

struct Directory {
  TempDir tmp;
  std::unique_ptr<Vault> vault;
  Directory() {
    VaultOptions o;
    o.kdf = KdfParams::LowCostForTests();
    o.worker = "Ana";
    auto v = Vault::Create(tmp.File("s.vault"), platform::SecureBuffer::FromString("pw"), o);
    REQUIRE(v.ok());
    vault = std::move(v).value();
    auto vocab = dir::LoadVocabulary(kSource + "/assets/directory/vocabulary.json");
    REQUIRE(vocab.ok());
    auto r = dir::Import(*vault, ReadAll(kSource + "/assets/directory/services.json"), *vocab, false);
    REQUIRE(r.ok());
    REQUIRE(r->outcome == dir::ImportOutcome::kImported);
  }
  dir::SearchResults Find(const std::string& q, dir::Filters f = {}) {
    f.limit = 0;
    auto r = dir::Search(*vault, q, f);
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    return r.value();
  }
};

std::vector<std::string> Ids(const dir::SearchResults& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id);
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

dir::Filters F(std::vector<std::string> themes = {}, std::vector<std::string> regions = {},
               std::vector<std::string> languages = {}, std::string commune = "",
               dir::PrisonFilter prison = dir::PrisonFilter::kAny) {
  dir::Filters f;
  f.themes = std::move(themes);
  f.regions = std::move(regions);
  f.languages = std::move(languages);
  f.commune = std::move(commune);
  f.inside_prison = prison;
  return f;
}

struct Row {
  const char* lang;   // the language the worker types in
  const char* query;
  dir::Filters filters;
  const char* first;                 // expected best hit ("" = not checked)
  std::vector<std::string> include;  // must all be among the hits
  std::vector<std::string> exclude;  // must not be among the hits
  const char* every_hit_theme;       // every hit has this theme ("" = not checked)
  // Description matches (rank class 2) aside, the hits of a theme word all have the theme.
};

}  // namespace

TEST_CASE("search: French, Dutch and English queries find the right seed entries") {
  Directory d;
  const Row rows[] = {
      // French, with and without accents
      {"fr", "sante mentale", {}, "type-centre-sante-mentale", {"rezone"}, {}, ""},
      {"fr", "Santé mentale", {}, "type-centre-sante-mentale", {"rezone"}, {}, ""},
      {"fr", "reinsertion", {}, "raj-etat-des-lieux", {"raj-reseau"}, {}, ""},
      {"fr", "loge", {}, "type-logement-transit", {"raj-axe-logement", "housing-first-belgium", "type-ais", "type-maison-accueil"}, {}, ""},
      {"fr", "logement", {}, "", {"brusshelp", "rizome", "homeless-vincula"}, {"fedito-bxl"}, ""},
      {"fr", "dettes", {}, "type-mediation-dettes", {"rizome", "type-cpas"}, {}, "debts"},
      {"fr", "assuetudes", {}, "", {"modus-vivendi", "fedito-bxl", "macadam", "type-sevrage-cure"}, {}, "addiction"},
      {"fr", "maison de justice", {}, "type-maison-de-justice", {}, {}, ""},
      {"fr", "CPAS", {}, "type-cpas", {}, {}, ""},
      {"fr", "radicalisation", {}, "", {"caprev", "crea", "safer-verviers"}, {}, ""},
      {"fr", "toit", {}, "", {"housing-first-belgium", "type-maison-accueil"}, {}, "housing"},
      {"fr", "formation", {}, "bruxelles-formation", {"asbl-apres", "cite-des-metiers"}, {}, ""},
      // Dutch: the entries are labelled in French; the vocabulary bridges the languages
      {"nl", "huisvesting", {}, "", {"housing-first-belgium", "brusshelp", "type-ais", "type-maison-accueil"}, {"fedito-bxl"}, ""},
      {"nl", "schulden", {}, "", {"type-mediation-dettes", "rizome", "type-cpas"}, {}, "debts"},
      {"nl", "schuldhulpverlening", {}, "", {"type-mediation-dettes"}, {}, "debts"},
      {"nl", "OCMW", {}, "type-cpas", {}, {}, ""},
      {"nl", "SVK", {}, "", {"type-ais"}, {}, ""},
      {"nl", "verslaving", {}, "", {"fedito-bxl", "modus-vivendi", "macadam"}, {}, "addiction"},
      {"nl", "geestelijke gezondheid", {}, "", {"type-centre-sante-mentale", "rezone"}, {}, "mental_health"},
      {"nl", "opleiding", {}, "", {"bruxelles-formation", "asbl-apres"}, {}, ""},
      {"nl", "justitiehuis", {}, "type-maison-de-justice", {}, {}, ""},
      {"nl", "radicalisering", {}, "", {"caw-limburg-team-extremisme", "team-expert-radicalisation", "caprev"}, {}, ""},
      // English
      {"en", "housing", {}, "housing-first-belgium", {"type-ais"}, {}, "housing"},
      {"en", "debt", {}, "", {"type-mediation-dettes"}, {}, "debts"},
      // Filters, with and without words
      {"fr", "", F({"addiction"}, {"wallonia"}), "macadam", {"macadam"}, {"fedito-bxl", "modus-vivendi"}, "addiction"},
      {"fr", "", F({"Logement"}), "", {"housing-first-belgium"}, {"fedito-bxl"}, "housing"},
      {"nl", "", F({"Huisvesting"}), "", {"housing-first-belgium"}, {}, "housing"},
      {"fr", "", F({}, {}, {"nl"}), "", {"caw-limburg-team-extremisme", "team-expert-radicalisation"}, {"caprev", "raj-reseau"}, ""},
      {"fr", "", F({}, {}, {}, "liege"), "referent-radicalisme-liege", {}, {"referent-radicalisme-namur"}, ""},
      {"fr", "", F({}, {}, {}, "Verviers"), "safer-verviers", {}, {}, ""},
      {"nl", "extremisme", F({}, {"flanders"}), "caw-limburg-team-extremisme", {"team-expert-radicalisation"}, {"caprev", "crea"}, ""},
      {"fr", "drogues", F({}, {}, {}, "", dir::PrisonFilter::kYes), "macadam", {}, {"fedito-bxl", "modus-vivendi"}, ""},
  };
  for (const auto& row : rows) {
    std::string lang = row.lang, query = row.query;
    CAPTURE(lang);
    CAPTURE(query);
    auto r = d.Find(row.query, row.filters);
    auto ids = Ids(r);
    std::string got;
    for (const auto& id : ids) got += id + " ";
    CAPTURE(got);
    REQUIRE_FALSE(ids.empty());
    if (*row.first) CHECK(ids[0] == row.first);
    for (const auto& id : row.include) CHECK_MESSAGE(Has(ids, id), id);
    for (const auto& id : row.exclude) CHECK_MESSAGE(!Has(ids, id), id);
    if (*row.every_hit_theme)
      for (const auto& h : r.hits) CHECK_MESSAGE(Has(h.themes, row.every_hit_theme), h.id);
    if (row.filters.inside_prison == dir::PrisonFilter::kYes)
      for (const auto& h : r.hits) CHECK(h.inside_prison == std::optional<bool>(true));
    for (const auto& wanted : row.filters.languages)
      for (const auto& h : r.hits) CHECK(Has(h.languages, wanted));
  }
}

TEST_CASE("search: theme words in any language reach the themed entries before description matches") {
  Directory d;
  for (const char* q : {"logement", "huisvesting", "housing", "onderdak", "hebergement"}) {
    auto r = d.Find(q);
    std::string query = q;
    CAPTURE(query);
    REQUIRE(r.hits.size() >= 8);
    bool description_seen = false;
    for (const auto& h : r.hits) {
      CAPTURE(h.id);
      if (h.best_field < 2) CHECK(Has(h.themes, "housing"));  // matched by name or by the theme
      if (h.best_field == 2) description_seen = true;
      else CHECK_FALSE(description_seen);  // classes never go back up
    }
  }
}

TEST_CASE("search: prefixes as the worker types, accents and case ignored") {
  Directory d;
  for (const std::string word : {"logement", "huisvesting"}) {
    for (size_t n = 1; n <= word.size(); ++n) {
      auto ids = Ids(d.Find(word.substr(0, n)));
      CAPTURE(word.substr(0, n));
      CHECK(Has(ids, "type-logement-transit"));
    }
  }
  CHECK(Ids(d.Find("LOGEMENT")) == Ids(d.Find("logement")));
  CHECK(Ids(d.Find("Réinsertion")) == Ids(d.Find("reinsertion")));
  CHECK(Ids(d.Find("sante mentale")) == Ids(d.Find("SANTÉ   mentale")));
  // "de" as the last word may be the start of "dettes"; before another word it is ignored.
  CHECK(Has(Ids(d.Find("maison de")), "type-maison-de-justice"));
  CHECK(Ids(d.Find("maison de justice"))[0] == "type-maison-de-justice");
  CHECK(d.Find("zzzqqq").hits.empty());
}

TEST_CASE("search: name matches come before description matches, and results say why they matched") {
  Directory d;
  for (const char* q : {"formation", "logement", "prison", "justice", "huisvesting", "sante", "extremisme", "bruxelles"}) {
    auto r = d.Find(q);
    CAPTURE(q);
    // One word: the rank class of each hit never improves further down the list.
    for (size_t i = 1; i < r.hits.size(); ++i) CHECK(r.hits[i - 1].best_field <= r.hits[i].best_field);
    for (const auto& h : r.hits) CHECK_FALSE(h.matched.empty());
  }
  auto mental = d.Find("sante mentale");
  REQUIRE_FALSE(mental.hits.empty());
  CHECK(mental.hits[0].matched[0].field == "name");
  CHECK(mental.hits[0].matched[0].terms == std::vector<std::string>{"sante", "mentale"});

  auto housing = d.Find("huisvesting");
  auto brusshelp = std::find_if(housing.hits.begin(), housing.hits.end(), [](const dir::Hit& h) { return h.id == "brusshelp"; });
  REQUIRE(brusshelp != housing.hits.end());
  bool theme = false;
  for (const auto& m : brusshelp->matched)
    theme = theme || (m.field == "theme" && m.value == "housing" && m.terms == std::vector<std::string>{"huisvesting"});
  CHECK(theme);

  auto ocmw = d.Find("ocmw");
  REQUIRE(ocmw.hits[0].id == "type-cpas");
  CHECK(ocmw.hits[0].best_field == 0);
  std::set<std::string> fields;
  for (const auto& m : ocmw.hits[0].matched) fields.insert(m.field);
  CHECK(fields.count("name_nl") == 1);

  auto brussel = d.Find("brussel");
  bool region = false;
  for (const auto& h : brussel.hits)
    for (const auto& m : h.matched) region = region || (m.field == "region" && m.value == "brussels");
  CHECK(region);
}

TEST_CASE("search: limits, odd input and errors") {
  Directory d;
  dir::Filters two;
  two.limit = 2;
  auto r = dir::Search(*d.vault, "logement", two);
  REQUIRE(r.ok());
  CHECK(r->hits.size() == 2);
  CHECK(r->more);
  CHECK(d.Find("").hits.size() == 67);  // no words, no filters: the whole directory
  for (const char* odd : {"\"", "AND OR NOT", "*", "{name} : x", "(", "NEAR(a b)", "\xff\xfe", "'", "a\"b", "\xcc\x81"})
    CHECK_MESSAGE(dir::Search(*d.vault, odd).ok(), odd);
  auto unknown = dir::Search(*d.vault, "x", F({"astrology"}));
  CHECK(unknown.status().code() == Code::kInvalidInput);
  CHECK(dir::Search(*d.vault, "", F({}, {"mars"})).status().code() == Code::kInvalidInput);
}
