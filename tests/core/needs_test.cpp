// Issue 15 parts 2, 3, 5, 7: the stage of seed 002's hierarchy of needs on plan items, the needs
// and risk assessment (history, visibility like a note, withheld from sync when private), the
// person's relatives, the seed 001 barrier and lever suggestions (the file, picks, recurring
// counts), and the v9 migration from every earlier schema version with data.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <set>

#include <nlohmann/json.hpp>

#include "passerelle/core/case_files.h"
#include "passerelle/core/dump.h"
#include "passerelle/core/model.h"
#include "passerelle/core/needs.h"
#include "passerelle/core/plan_suggestions.h"
#include "passerelle/core/vault.h"
#include "schema.h"
#include "vault_internal.h"
#include "../support/temp_dir.h"
#include "../support/vault_fixture.h"

using namespace passerelle;
using namespace passerelle::core;
using passerelle::testing::TempDir;

namespace {

constexpr int64_t kNoon = 1796385600000;  // 2026-12-04 12:00 UTC

struct Fixture {
  TempDir dir;
  platform::FakeClock clock{kNoon};
  std::unique_ptr<Vault> vault;
  std::string person, dossier;
  explicit Fixture(const char* worker = nullptr) {
    auto options = passerelle::testing::FastVaultOptions(&clock);
    if (worker) options.worker = worker;
    auto v = Vault::Create(dir.File("n.vault"), platform::SecureBuffer::FromString("correct horse"), options);
    REQUIRE(v.ok());
    vault = std::move(v).value();
    person = AddPerson(*vault, {{"name", "Karim B."}, {"status", "sentenced"}}).value();
    dossier = AddDossier(*vault, {{"person_id", person}, {"next_review", "2026-12-20"}}).value();
  }
  int64_t Ops() { return passerelle::testing::OpLogSize(*vault); }
};

int64_t Count(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  const int64_t n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return n;
}

}  // namespace

TEST_CASE("the hierarchy of needs is seed 002's, in its order, and every domain has a default stage") {
  const auto& stages = NeedsStages().values;
  REQUIRE(stages.size() == 4);
  CHECK(stages[0] == "basic_needs_trust");
  CHECK(stages[1] == "stabilisation_transition");
  CHECK(stages[2] == "identity_worldview");
  CHECK(stages[3] == "social_reintegration");
  for (auto d : LifeDomains().values) CHECK(NeedsStages().Contains(DefaultStageFor(d)));
  CHECK(DefaultStageFor("housing") == "basic_needs_trust");
  CHECK(DefaultStageFor("addiction") == "stabilisation_transition");
  CHECK(DefaultStageFor("employment") == "social_reintegration");
}

TEST_CASE("plan items are grouped by stage then domain, basic needs first, with what is open") {
  Fixture f;
  auto add = [&](const char* domain, const char* goal, const char* stage, const char* status) {
    FieldValues v{{"dossier_id", f.dossier}, {"domain", domain}, {"goal", goal}, {"status", status}};
    if (stage) v["stage"] = stage;
    auto id = AddPlanItem(*f.vault, v);
    REQUIRE_MESSAGE(id.ok(), id.status().message());
    return *id;
  };
  add("employment", "Travail", nullptr, "planned");
  add("justice", "Conditions", "identity_worldview", "achieved");
  add("debts", "Médiation", nullptr, "in_progress");
  add("housing", "Lit", nullptr, "on_hold");
  auto d = ShowDossier(*f.vault, f.dossier);
  REQUIRE(d.ok());
  for (const auto& p : d->plan) CHECK(NeedsStages().Contains(p.stage));  // recorded at creation
  auto groups = GroupByStage(d->plan);
  REQUIRE(groups.size() == 4);
  CHECK(groups[0].stage == "basic_needs_trust");
  REQUIRE(groups[0].items.size() == 2);
  CHECK(groups[0].items[0].domain == "housing");  // domain order inside a stage
  CHECK(groups[0].items[1].domain == "debts");
  CHECK(groups[0].open == 2);
  CHECK(groups[1].items.empty());
  REQUIRE(groups[2].items.size() == 1);
  CHECK(groups[2].open == 0);  // achieved
  CHECK(groups[3].items.size() == 1);
  CHECK(groups[3].open == 1);
  // An item without a stage (before v9, or from a device not yet updated) reads at its domain's.
  PlanItem old{"pla-x", f.dossier, "addiction", "g", "planned", "", "", "", "", {}, {}};
  CHECK(StageOf(old) == "stabilisation_transition");
  // A stage outside the closed list is refused and writes nothing.
  const int64_t before = f.Ops();
  CHECK(AddPlanItem(*f.vault, {{"dossier_id", f.dossier}, {"domain", "housing"}, {"goal", "g"}, {"stage", "trust"}})
            .status()
            .code() == Code::kInvalidInput);
  CHECK(UpdateRecord(*f.vault, d->plan[0].id, {{"stage", "later"}}).code() == Code::kInvalidInput);
  CHECK(f.Ops() == before);
  CHECK(UpdateRecord(*f.vault, d->plan[0].id, {{"stage", "identity_worldview"}}).ok());
}

TEST_CASE("the suggestions file: every entry sourced, translated, of a known domain and kind, keys unique") {
  const auto& all = PlanSuggestions();
  REQUIRE(all.size() >= 40);
  std::set<std::string> keys, domains;
  for (const auto& s : all) {
    CAPTURE(s.key);
    CHECK(keys.insert(s.key).second);
    CHECK(LifeDomains().Contains(s.domain));
    CHECK((s.kind == "barrier" || s.kind == "lever"));
    CHECK(s.key.rfind(s.domain + "." + s.kind + ".", 0) == 0);
    CHECK(s.seed == "001");
    CHECK(!s.pole.empty());
    CHECK(!s.fr.empty());
    CHECK(!s.nl.empty());
    CHECK(!s.en.empty());
    CHECK(PlanSuggestionKeys().Contains(s.key));
    domains.insert(s.domain);
  }
  CHECK(domains.size() == LifeDomains().values.size());  // something to pick in every life domain
  CHECK(PlanSuggestionKeys().values.size() == all.size());
  CHECK(FindPlanSuggestion("housing.barrier.emergency_bed")->Text("nl").find("noodbedden") != std::string::npos);
  CHECK(PlanSuggestionsFor("debts", "lever").size() >= 1);
}

TEST_CASE("picked suggestions are stored by key and counted across case files") {
  Fixture f;
  auto other = AddDossier(*f.vault, {{"person_id", AddPerson(*f.vault, {{"name", "Lea"}}).value()}}).value();
  auto a = AddPlanItem(*f.vault, {{"dossier_id", f.dossier}, {"domain", "housing"}, {"goal", "Lit"}},
                       {"housing.barrier.emergency_bed"});
  REQUIRE(a.ok());
  auto b = AddPlanItem(*f.vault, {{"dossier_id", other}, {"domain", "housing"}, {"goal", "AIS"}});
  REQUIRE(b.ok());
  REQUIRE(SetPlanItemSuggestions(*f.vault, *b, {"housing.barrier.emergency_bed", "housing.lever.housing_first"}).ok());
  CHECK(PlanItemSuggestions(*f.vault, *b).value() ==
        std::vector<std::string>{"housing.barrier.emergency_bed", "housing.lever.housing_first"});
  auto counts = RecurringSuggestions(*f.vault);
  REQUIRE(counts.ok());
  REQUIRE(counts->size() == 1);  // barriers only by default
  CHECK(counts->front().key == "housing.barrier.emergency_bed");
  CHECK(counts->front().dossiers == 2);
  CHECK(RecurringSuggestions(*f.vault, "").value().size() == 2);
  // An unknown key is refused and writes nothing; free text stays free.
  const int64_t before = f.Ops();
  CHECK(SetPlanItemSuggestions(*f.vault, *b, {"housing.barrier.made_up"}).code() == Code::kInvalidInput);
  CHECK(AddPlanItem(*f.vault, {{"dossier_id", f.dossier}, {"domain", "housing"}, {"goal", "x"}}, {"nope"}).status().code() ==
        Code::kInvalidInput);
  CHECK(f.Ops() == before);
  CHECK(UpdateRecord(*f.vault, *b, {{"barriers", "Propriétaire refuse les sortants de prison"}}).ok());
  // A deleted case file no longer counts.
  REQUIRE(DeleteRecord(*f.vault, other).ok());
  CHECK(RecurringSuggestions(*f.vault).value().front().dossiers == 1);
}

TEST_CASE("an assessment is dated, keeps the earlier ones, and proposes the next at the monthly review") {
  Fixture f;
  auto first = AddAssessment(*f.vault,
                             {{"dossier_id", f.dossier}, {"assessed_on", "01/11/2026"}, {"instrument", "Grille du service"},
                              {"protective_factors", "Sœur présente"}, {"risk_summary", "Risque faible."},
                              {"next_assessment", "2026-12-01"}},
                             {{"housing", "high"}, {"debts", "moderate"}});
  REQUIRE_MESSAGE(first.ok(), first.status().message());
  auto second = AddAssessment(*f.vault, {{"dossier_id", f.dossier}}, {{"housing", "low"}});
  REQUIRE(second.ok());
  auto list = ListAssessments(*f.vault, f.dossier);
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  CHECK(list->at(0).id == *second);  // newest first
  CHECK(list->at(0).assessed_on == "2026-12-04");
  CHECK(list->at(0).assessor == f.vault->worker());
  CHECK(list->at(0).next_assessment == "2026-12-20");  // the dossier's next review
  CHECK(list->at(0).scope == "service");
  CHECK(list->at(1).assessed_on == "2026-11-01");
  CHECK(list->at(1).needs.at("housing") == "high");
  CHECK(list->at(1).needs.at("debts") == "moderate");
  CHECK(list->at(1).protective_factors == "Sœur présente");
  REQUIRE(UpdateAssessment(*f.vault, *first, {{"risk_summary", "Risque faible, à revoir."}}).ok());
  CHECK(ListAssessments(*f.vault, f.dossier)->at(1).risk_summary == "Risque faible, à revoir.");
}

TEST_CASE("two assessments compared: every life domain in order, a level missing on either side left empty") {
  Assessment latest, earlier;
  latest.needs = {{"housing", "low"}, {"debts", "moderate"}};
  earlier.needs = {{"housing", "high"}, {"addiction", "high"}};
  auto rows = CompareNeeds(latest, &earlier);
  REQUIRE(rows.size() == LifeDomains().values.size());
  std::map<std::string, std::pair<std::string, std::string>> by_domain;
  for (size_t i = 0; i < rows.size(); ++i) {
    CHECK(rows[i].domain == std::string(LifeDomains().values[i]));
    by_domain[rows[i].domain] = {rows[i].first, rows[i].second};
  }
  CHECK(by_domain.at("housing") == std::pair<std::string, std::string>{"low", "high"});
  CHECK(by_domain.at("debts") == std::pair<std::string, std::string>{"moderate", ""});
  CHECK(by_domain.at("addiction") == std::pair<std::string, std::string>{"", "high"});
  // Nothing to compare with (a single assessment): the latest levels, the other side empty.
  for (const auto& r : CompareNeeds(latest, nullptr)) CHECK(r.second.empty());
}

TEST_CASE("a refused assessment writes nothing") {
  Fixture f;
  const int64_t before = f.Ops();
  auto refused = [&](const FieldValues& fields, const std::map<std::string, std::string>& needs = {}) {
    auto r = AddAssessment(*f.vault, fields, needs);
    CHECK(!r.ok());
    CHECK(r.status().code() != Code::kOk);
    CHECK(r.status().message().find('\n') == std::string::npos);
  };
  refused({});
  refused({{"dossier_id", "dos-nope"}});
  refused({{"dossier_id", f.dossier}, {"scope", "partner"}});
  refused({{"dossier_id", f.dossier}, {"scope", "everyone"}});
  refused({{"dossier_id", f.dossier}, {"assessed_on", "2027-01-01"}});  // future
  refused({{"dossier_id", f.dossier}, {"assessed_on", "2026-02-30"}});
  refused({{"dossier_id", f.dossier}, {"next_assessment", "2026-11-01"}});  // before the assessment
  refused({{"dossier_id", f.dossier}, {"assessor", "   "}});
  refused({{"dossier_id", f.dossier}, {"author", "Someone"}});
  refused({{"dossier_id", f.dossier}}, {{"housing", "huge"}});
  refused({{"dossier_id", f.dossier}}, {{"moon", "high"}});
  CHECK(!ParseNeeds("housing=high\nhousing=low").ok());
  CHECK(!ParseNeeds("housing high").ok());
  CHECK(ParseNeeds("\n housing=high \n").value().size() == 1);
  CHECK(f.Ops() == before);
}

TEST_CASE("a private assessment is its author's alone: not listed for a colleague, not shared, withheld from sync") {
  Fixture f("Ana");
  auto priv = AddAssessment(*f.vault, {{"dossier_id", f.dossier}, {"scope", "private"}}, {{"mental_health", "high"}});
  REQUIRE(priv.ok());
  auto shared = AddAssessment(*f.vault, {{"dossier_id", f.dossier}}, {{"housing", "low"}});
  REQUIRE(shared.ok());
  CHECK(ListAssessments(*f.vault, f.dossier)->size() == 2);  // the author sees both
  DumpOptions o;
  o.shared_only = true;
  auto dump = CanonicalDump(*f.vault, o);
  REQUIRE(dump.ok());
  CHECK(dump->find(*priv) == std::string::npos);
  CHECK(dump->find(*shared) != std::string::npos);
  sqlite3* db = internal::Db(*f.vault);
  const std::string ref = "(SELECT ref FROM ref_entity WHERE id = '" + *priv + "')";
  CHECK(Count(db, "SELECT count(*) FROM sync_restricted_note WHERE note_ref = " + ref) == 1);
  CHECK(Count(db, "SELECT count(*) FROM sync_withheld WHERE note_ref = " + ref) >= 3);
  CHECK(f.vault->Check()->empty());
  // Made shared: everything it held may travel; private again: withheld again.
  REQUIRE(UpdateAssessment(*f.vault, *priv, {{"scope", "service"}}).ok());
  CHECK(Count(db, "SELECT count(*) FROM sync_withheld WHERE note_ref = " + ref) == 0);
  REQUIRE(UpdateAssessment(*f.vault, *priv, {{"scope", "private"}}).ok());
  CHECK(Count(db, "SELECT count(*) FROM sync_withheld WHERE note_ref = " + ref) >= 3);
  CHECK(f.vault->Check()->empty());
}

TEST_CASE("relatives: minimal, consent to contact, family plan items only, a person of their own without status") {
  Fixture f;
  auto family = AddPlanItem(*f.vault, {{"dossier_id", f.dossier}, {"domain", "family_social_network"}, {"goal", "Sœur"}});
  auto housing = AddPlanItem(*f.vault, {{"dossier_id", f.dossier}, {"domain", "housing"}, {"goal", "Lit"}});
  REQUIRE(family.ok());
  REQUIRE(housing.ok());
  // A relative followed as a person of their own: no detention status is needed.
  auto samira = AddPerson(*f.vault, {{"name", "Samira B."}});
  REQUIRE(samira.ok());
  auto r = AddRelative(*f.vault,
                       {{"dossier_id", f.dossier}, {"name", "Samira B."}, {"relation", "sibling"},
                        {"contact_consent", "agrees"}, {"contact_by", "la référente"}, {"person_id", *samira}},
                       {*family});
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  auto minimal = AddRelative(*f.vault, {{"dossier_id", f.dossier}, {"name", "Mère"}, {"relation", "parent"}});
  REQUIRE(minimal.ok());
  auto list = ListRelatives(*f.vault, f.dossier);
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  CHECK(list->at(0).name == "Mère");
  CHECK(list->at(0).contact_consent == "not_asked");  // never assumed
  CHECK(list->at(1).plan_item_ids == std::vector<std::string>{*family});
  CHECK(list->at(1).person_id == *samira);
  const int64_t before = f.Ops();
  CHECK(AddRelative(*f.vault, {{"dossier_id", f.dossier}, {"name", "X"}, {"relation", "sibling"}}, {*housing}).status().code() ==
        Code::kInvalidInput);
  CHECK(AddRelative(*f.vault, {{"dossier_id", f.dossier}, {"name", "X"}, {"relation", "cousin"}}).status().code() ==
        Code::kInvalidInput);
  CHECK(AddRelative(*f.vault, {{"dossier_id", f.dossier}, {"name", " "}, {"relation", "sibling"}}).status().code() ==
        Code::kInvalidInput);
  CHECK(AddRelative(*f.vault, {{"dossier_id", f.dossier}, {"name", "X"}, {"relation", "sibling"}, {"person_id", f.person}})
            .status()
            .code() == Code::kInvalidInput);
  CHECK(AddRelative(*f.vault, {{"dossier_id", f.dossier}, {"name", "X"}, {"relation", "sibling"}, {"contact_consent", "yes"}})
            .status()
            .code() == Code::kInvalidInput);
  CHECK(SetRelativePlanItems(*f.vault, *minimal, {*housing}).code() == Code::kInvalidInput);
  CHECK(UpdateRelative(*f.vault, *minimal, {{"relation", ""}}).code() == Code::kInvalidInput);
  CHECK(f.Ops() == before);
  REQUIRE(SetRelativePlanItems(*f.vault, *minimal, {*family}).ok());
  REQUIRE(UpdateRelative(*f.vault, *minimal, {{"contact_consent", "refuses"}}).ok());
  CHECK(ListRelatives(*f.vault, f.dossier)->at(0).contact_consent == "refuses");
  CHECK(f.vault->Check()->empty());
}

TEST_CASE("the v9 migration from every earlier schema version keeps plan items and adds stage, assessments, relatives") {
  for (int from = 1; from < schema::LatestVersion(); ++from) {
    CAPTURE(from);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
    REQUIRE(schema::Migrate(db, from).ok());
    // Data a vault of that version holds: a plan item (v1 onwards).
    REQUIRE(sqlite3_exec(db,
                         "INSERT INTO dossier(id, person_id, basis, opened_on) VALUES ('dos-1', 'per-1', 'voluntary', '2026-01-02');"
                         "INSERT INTO plan_item(id, dossier_id, domain, goal, status) VALUES "
                         "('pla-1', 'dos-1', 'addiction', 'Cure', 'planned');",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE(schema::Migrate(db).ok());
    CHECK(schema::CurrentVersion(db).value() == schema::LatestVersion());
    CHECK(Count(db, "SELECT count(*) FROM plan_item WHERE id = 'pla-1' AND goal = 'Cure' AND stage IS NULL") == 1);
    CHECK(Count(db, "SELECT count(*) FROM assessment") == 0);
    CHECK(Count(db, "SELECT count(*) FROM relative") == 0);
    // Issue 15 part 8: a plan item's practice codes are a set (set_member, since v1), so no
    // migration: the migrated item takes codes as a visit does, and has no column for them.
    CHECK(Count(db, "SELECT count(*) FROM pragma_table_info('plan_item') WHERE name = 'practice_codes'") == 0);
    REQUIRE(sqlite3_exec(db,
                         "INSERT INTO set_member(entity_id, field, add_replica, add_counter, element) VALUES "
                         "('pla-1', 'practice_codes', 7, 1, 'motivation_in_prison');",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    CHECK(Count(db, "SELECT count(*) FROM set_member WHERE entity_id = 'pla-1' AND removed = 0") == 1);
    REQUIRE(sqlite3_exec(db,
                         "INSERT INTO assessment(id, dossier_id, assessed_on, scope) VALUES ('ass-1', 'dos-1', '2026-02-02', 'private');"
                         "INSERT INTO relative(id, dossier_id, name, relation) VALUES ('rel-1', 'dos-1', 'Samira', 'sibling');",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  // The migrated item reads at its domain's stage on every device alike.
  PlanItem migrated{"pla-1", "dos-1", "addiction", "Cure", "planned", "", "", "", "", {}, {}};
  CHECK(StageOf(migrated) == "stabilisation_transition");
}
