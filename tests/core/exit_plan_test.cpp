// Issue 15 parts 1, 4, 6: the exit checklist (closed list of steps, due dates counted back from
// the release, derived ids), the urgency rule as a table, the dossier team and the référent
// handover, the care handover; refusals write nothing; the v10 migration over a v8 vault with data.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <vector>

#include "passerelle/core/case_files.h"
#include "passerelle/core/dump.h"
#include "passerelle/core/exit_plan.h"
#include "passerelle/core/model.h"
#include "passerelle/core/team.h"
#include "passerelle/core/vault.h"
#include "schema.h"
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
  Fixture() {
    auto v = Vault::Create(dir.File("x.vault"), platform::SecureBuffer::FromString("correct horse"),
                           passerelle::testing::FastVaultOptions(&clock));
    REQUIRE(v.ok());
    vault = std::move(v).value();
    person = AddPerson(*vault, {{"name", "Karim B."}}).value();
    dossier = AddDossier(*vault, {{"person_id", person}, {"expected_release", "2027-01-18"}, {"referent", "Ana"}}).value();
  }
  int64_t Ops() { return passerelle::testing::OpLogSize(*vault); }
  const ExitStep& Step(const std::vector<ExitStep>& steps, const char* name) {
    return *std::find_if(steps.begin(), steps.end(), [&](const ExitStep& s) { return s.step == name; });
  }
};

}  // namespace

TEST_CASE("urgency rule: release date x open steps -> badge and sort order") {
  struct Row {
    std::optional<int64_t> days;
    int open;
    bool soon;
  };
  const Row rows[] = {
      {std::nullopt, 8, false},  // no release date: no badge
      {-1, 8, false},            // already released
      {0, 0, true},              // release today, nothing open: still the release badge
      {45, 3, true},             // "release in 45 days, 3 steps open"
      {60, 0, true},             // within 60 days: always
      {61, 0, false},            // beyond 60 days with everything done: nothing to chase
      {61, 1, true},             // beyond 60 but within 90 with a step open
      {90, 8, true},
      {91, 8, false},            // beyond 90: the checklist waits
  };
  for (const auto& r : rows) {
    CAPTURE(r.days.value_or(-999));
    CAPTURE(r.open);
    auto u = ReleaseUrgencyFor(r.days, r.open);
    CHECK(u.soon == r.soon);
    if (u.soon) {
      CHECK(u.days == *r.days);
      CHECK(u.open_steps == r.open);
    }
    CHECK(ChecklistFirst(r.days) == (r.days && *r.days >= 0 && *r.days <= 90));
  }
  // Sort: sooner release first; the same day, more steps open first; nothing soon last.
  std::vector<ReleaseUrgency> order = {ReleaseUrgencyFor(80, 2), ReleaseUrgencyFor(std::nullopt, 8),
                                       ReleaseUrgencyFor(45, 1), ReleaseUrgencyFor(45, 3), ReleaseUrgencyFor(10, 0)};
  std::stable_sort(order.begin(), order.end(), ReleaseSortsBefore);
  CHECK(order[0].days == 10);
  CHECK((order[1].days == 45 && order[1].open_steps == 3));
  CHECK((order[2].days == 45 && order[2].open_steps == 1));
  CHECK(order[3].days == 80);
  CHECK_FALSE(order[4].soon);
}

TEST_CASE("calendar helpers count across months and leap years") {
  CHECK(CalendarAddDays("2027-01-18", -90) == "2026-10-20");
  CHECK(CalendarAddDays("2028-03-01", -1) == "2028-02-29");
  CHECK(CalendarDaysBetween("2026-12-04", "2027-01-18").value() == 45);
  CHECK_FALSE(CalendarDaysBetween("2026-02-30", "2027-01-18").has_value());
}

TEST_CASE("the checklist is the closed list, due dates counted back from the release") {
  Fixture f;
  auto steps = ListExitSteps(*f.vault, f.dossier);
  REQUIRE(steps.ok());
  REQUIRE(steps->size() == ExitSteps().values.size());
  for (const auto& s : *steps) {
    CHECK(s.status == "not_started");
    CHECK_FALSE(s.written);
    CHECK(s.due_date == CalendarAddDays("2027-01-18", -DefaultDaysBefore(s.step)));
  }
  CHECK(f.Step(*steps, "housing").due_date == "2026-10-20");
  CHECK(OpenExitStepCounts(*f.vault).value().at(f.dossier) == 8);

  REQUIRE(SetExitStep(*f.vault, f.dossier, "identity_card", {{"status", "done"}}).ok());
  REQUIRE(SetExitStep(*f.vault, f.dossier, "housing", {{"due_date", "01/12/2026"}, {"housing_route", "transition_house"}}).ok());
  REQUIRE(SetExitStep(*f.vault, f.dossier, "social_income", {{"commune", "Forest"}, {"status", "in_progress"}}).ok());
  REQUIRE(SetExitStep(*f.vault, f.dossier, "debt_mediation", {{"status", "not_needed"}}).ok());
  steps = ListExitSteps(*f.vault, f.dossier);
  CHECK(f.Step(*steps, "identity_card").status == "done");
  CHECK(f.Step(*steps, "housing").due_date == "2026-12-01");
  CHECK(f.Step(*steps, "housing").days_before == 48);
  CHECK(f.Step(*steps, "housing").housing_route == "transition_house");
  CHECK(f.Step(*steps, "social_income").commune == "Forest");
  CHECK(OpenExitStepCounts(*f.vault).value().at(f.dossier) == 6);
  // The offset follows the release when it moves.
  REQUIRE(UpdateRecord(*f.vault, f.dossier, {{"expected_release", "2027-02-18"}}).ok());
  CHECK(f.Step(ListExitSteps(*f.vault, f.dossier).value(), "housing").due_date == "2027-01-01");
  // Back to the default offset.
  REQUIRE(SetExitStep(*f.vault, f.dossier, "housing", {{"days_before", ""}}).ok());
  CHECK(f.Step(ListExitSteps(*f.vault, f.dossier).value(), "housing").days_before == 90);
  // The record id is the same on every device: derived from the dossier and the step.
  CHECK(ExitStepId(f.dossier, "housing") == f.Step(*steps, "housing").id);
  CHECK(IsValidEntityId(ExitStepId(f.dossier, "housing")));
  CHECK(ExitStepId(f.dossier, "housing") != ExitStepId(f.dossier, "bank_account"));
}

TEST_CASE("exit step refusals write nothing") {
  Fixture f;
  const std::string member =
      AddTeamMember(*f.vault, {{"dossier_id", f.dossier}, {"role", "mentor"}, {"name", "Jo"}}).value();
  const std::string other = AddDossier(*f.vault, {{"person_id", f.person}}).value();
  const int64_t before = f.Ops();
  struct Bad {
    std::string dossier, step;
    FieldValues fields;
    Code code;
  };
  const Bad bad[] = {
      {f.dossier, "passport", {{"status", "done"}}, Code::kInvalidInput},
      {f.dossier, "housing", {{"status", "finished"}}, Code::kInvalidInput},
      {f.dossier, "housing", {{"status", ""}}, Code::kInvalidInput},
      {f.dossier, "housing", {}, Code::kInvalidInput},
      {f.dossier, "housing", {{"dossier_id", other}}, Code::kInvalidInput},
      {f.dossier, "housing", {{"step", "bank_account"}}, Code::kInvalidInput},
      {f.dossier, "housing", {{"days_before", "-3"}}, Code::kInvalidInput},
      {f.dossier, "housing", {{"days_before", "99999"}}, Code::kInvalidInput},
      {f.dossier, "housing", {{"due_date", "2027-02-01"}}, Code::kInvalidInput},  // after the release
      {f.dossier, "housing", {{"due_date", "31/02/2027"}}, Code::kInvalidInput},
      {f.dossier, "housing", {{"due_date", "2026-12-01"}, {"days_before", "3"}}, Code::kInvalidInput},
      {f.dossier, "bank_account", {{"housing_route", "registration"}}, Code::kInvalidInput},
      {f.dossier, "housing", {{"commune", "Forest"}}, Code::kInvalidInput},
      {f.dossier, "housing", {{"member_id", "tem-0000000000000000000"}}, Code::kNotFound},
      {other, "housing", {{"member_id", member}}, Code::kNotFound},  // a member of another dossier
      {f.dossier, "housing", {{"comment", "bell\x07"}}, Code::kInvalidInput},
      {"dos-0000000000000000000", "housing", {{"status", "done"}}, Code::kNotFound},
      {f.person, "housing", {{"status", "done"}}, Code::kInvalidInput},
      {other, "housing", {{"due_date", "2026-12-01"}}, Code::kInvalidInput},  // no release date
  };
  for (const auto& b : bad) {
    CAPTURE(b.step);
    auto st = SetExitStep(*f.vault, b.dossier, b.step, b.fields);
    CHECK_FALSE(st.ok());
    CHECK(st.code() == b.code);
  }
  CHECK(f.Ops() == before);
}

TEST_CASE("the dossier team and the référent handover, one action with its history") {
  Fixture f;
  auto aj = AddTeamMember(*f.vault, {{"dossier_id", f.dossier},
                                     {"role", "justice_assistant"},
                                     {"name", "Marc D."},
                                     {"organisation", "Maison de justice de Bruxelles"},
                                     {"contact", "lundi et jeudi"},
                                     {"responsible_for", "Conditions de la libération"},
                                     {"since", "01/09/2026"}});
  REQUIRE(aj.ok());
  const int64_t before = f.Ops();
  CHECK(AddTeamMember(*f.vault, {{"dossier_id", f.dossier}, {"role", "referent"}, {"name", "X"}}).status().code() ==
        Code::kInvalidInput);  // one référent: the handover
  CHECK_FALSE(AddTeamMember(*f.vault, {{"dossier_id", f.dossier}, {"role", "boss"}, {"name", "X"}}).ok());
  CHECK_FALSE(AddTeamMember(*f.vault, {{"dossier_id", f.dossier}, {"role", "mentor"}, {"name", "  "}}).ok());
  CHECK_FALSE(AddTeamMember(*f.vault, {{"dossier_id", f.dossier}, {"role", "mentor"}, {"name", "X"}, {"since", "2026-13-01"}}).ok());
  CHECK(AddTeamMember(*f.vault, {{"dossier_id", "dos-0000000000000000000"}, {"role", "mentor"}, {"name", "X"}}).status().code() ==
        Code::kNotFound);
  CHECK_FALSE(UpdateTeamMember(*f.vault, *aj, {{"role", "referent"}}).ok());
  CHECK_FALSE(UpdateTeamMember(*f.vault, *aj, {{"dossier_id", f.dossier}}).ok());
  CHECK_FALSE(UpdateTeamMember(*f.vault, *aj, {{"name", ""}}).ok());
  CHECK(UpdateTeamMember(*f.vault, "tem-0000000000000000000", {{"name", "Y"}}).code() == Code::kNotFound);
  CHECK_FALSE(HandOverReferent(*f.vault, f.dossier, "Ana", "").ok());  // already the référent
  CHECK_FALSE(HandOverReferent(*f.vault, f.dossier, " ", "").ok());
  CHECK_FALSE(HandOverReferent(*f.vault, f.dossier, "Lea", "2099-01-01").ok());
  CHECK(f.Ops() == before);

  auto lea = HandOverReferent(*f.vault, f.dossier, "Lea", "2026-11-01", "02/000.00.00");
  REQUIRE(lea.ok());
  auto bob = HandOverReferent(*f.vault, f.dossier, "Bob", "");
  REQUIRE(bob.ok());
  auto team = ListTeam(*f.vault, f.dossier).value();
  REQUIRE(team.size() == 3);
  CHECK(team[0].name == "Bob");  // current members first, référent first
  CHECK(team[0].role == "referent");
  CHECK(team[1].name == "Marc D.");
  CHECK(team[2].name == "Lea");  // Lea left when Bob came
  CHECK(team[2].until == "2026-12-04");
  auto who = WhoToAsk(*f.vault, f.dossier, "2026-12-04").value();
  REQUIRE(who.size() == 2);
  CHECK(who[1].responsible_for == "Conditions de la libération");
  // The dossier's référent field keeps every value: Ana, Lea, Bob.
  auto history = FieldHistory(*f.vault, f.dossier, "referent").value();
  REQUIRE(history.size() == 3);
  CHECK(history[0].value == "Ana");
  CHECK(history[2].value == "Bob");
  CHECK(ShowDossier(*f.vault, f.dossier).value().summary.dossier.referent == "Bob");
}

TEST_CASE("the care handover: one record per dossier, refusals write nothing, in the canonical dump") {
  Fixture f;
  auto c = GetCareHandover(*f.vault, f.dossier).value();
  CHECK_FALSE(c.written);
  const int64_t before = f.Ops();
  CHECK_FALSE(SetCareHandover(*f.vault, f.dossier, {{"treatment_continues", "maybe"}}).ok());
  CHECK_FALSE(SetCareHandover(*f.vault, f.dossier, {{"first_appointment", "30/02/2027"}}).ok());
  CHECK_FALSE(SetCareHandover(*f.vault, f.dossier, {{"sharing_agreed", "oui"}}).ok());
  CHECK_FALSE(SetCareHandover(*f.vault, f.dossier, {{"diagnosis", "x"}}).ok());
  CHECK_FALSE(SetCareHandover(*f.vault, f.dossier, {}).ok());
  CHECK(SetCareHandover(*f.vault, "dos-0000000000000000000", {{"treatment_continues", "yes"}}).code() == Code::kNotFound);
  CHECK(f.Ops() == before);
  REQUIRE(SetCareHandover(*f.vault, f.dossier,
                          {{"treatment_continues", "yes"},
                           {"treatment", "Traitement de substitution, dose stable"},
                           {"prescriber", "Maison médicale du quartier"},
                           {"first_appointment", "20/01/2027"},
                           {"sharing_agreed", "yes"}})
              .ok());
  c = GetCareHandover(*f.vault, f.dossier).value();
  CHECK(c.written);
  CHECK(c.first_appointment == "2027-01-20");
  CHECK(c.id == CareHandoverId(f.dossier));
  REQUIRE(SetCareHandover(*f.vault, f.dossier, {{"treatment", ""}}).ok());
  CHECK(GetCareHandover(*f.vault, f.dossier).value().treatment.empty());
  auto dump = CanonicalDump(*f.vault, {});
  REQUIRE(dump.ok());
  CHECK(dump->find("care_handover") != std::string::npos);
  CHECK(dump->find("Maison médicale du quartier") != std::string::npos);
}

TEST_CASE("the v10 migration keeps a v8 vault's data and adds the exit preparation tables") {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  REQUIRE(schema::Migrate(db, 8).ok());
  REQUIRE(sqlite3_exec(db,
                       "INSERT INTO dossier(id, person_id, expected_release) VALUES ('dos-1', 'per-1', '2027-01-18');"
                       "INSERT INTO review(id, dossier_id, held_on) VALUES ('rev-1', 'dos-1', '2026-11-02');",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  REQUIRE(schema::Migrate(db).ok());
  CHECK(schema::CurrentVersion(db).value() == schema::LatestVersion());
  REQUIRE(sqlite3_exec(db,
                       "INSERT INTO exit_step(id, dossier_id, step, status) VALUES ('exs-1', 'dos-1', 'housing', 'done');"
                       "INSERT INTO team_member(id, dossier_id, role, name) VALUES ('tem-1', 'dos-1', 'mentor', 'Jo');"
                       "INSERT INTO care_handover(id, dossier_id) VALUES ('cah-1', 'dos-1');",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT expected_release, (SELECT count(*) FROM review) FROM dossier", -1, &s, nullptr) ==
          SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) == "2027-01-18");
  CHECK(sqlite3_column_int(s, 1) == 1);
  sqlite3_finalize(s);
  sqlite3_close(db);
}
