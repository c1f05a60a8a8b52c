// Issue 13, "everything a worker does": the monthly review (seed 004), the participants of a
// tripartite visit, deleting and restoring several records at once, and the practice codes of
// seed 002's table with their numbers. Plus the v5 migration over a vault holding v4 data.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <set>

#include <nlohmann/json.hpp>

#include "passerelle/core/case_files.h"
#include "passerelle/core/dump.h"
#include "passerelle/core/model.h"
#include "passerelle/core/reviews.h"
#include "passerelle/core/vault.h"
#include "schema.h"
#include "../support/temp_dir.h"
#include "../support/vault_fixture.h"

using namespace passerelle;
using namespace passerelle::core;
using passerelle::testing::TempDir;

namespace {

// 2026-12-04 12:00 UTC: "today" is 2026-12-04 in any European time zone.
constexpr int64_t kNoon = 1796385600000;

struct Fixture {
  TempDir dir;
  platform::FakeClock clock{kNoon};
  std::unique_ptr<Vault> vault;
  std::string person, dossier;
  Fixture() {
    auto v = Vault::Create(dir.File("r.vault"), platform::SecureBuffer::FromString("correct horse"),
                           passerelle::testing::FastVaultOptions(&clock));
    REQUIRE(v.ok());
    vault = std::move(v).value();
    person = AddPerson(*vault, {{"name", "Karim B."}, {"status", "sentenced"}}).value();
    dossier = AddDossier(*vault, {{"person_id", person}, {"next_review", "2026-12-01"}}).value();
  }
  int64_t Ops() { return passerelle::testing::OpLogSize(*vault); }
};

}  // namespace

TEST_CASE("one month later keeps the day, or the month's last day") {
  CHECK(OneMonthLater("2026-12-04") == "2027-01-04");
  CHECK(OneMonthLater("2026-01-31") == "2026-02-28");
  CHECK(OneMonthLater("2028-01-30") == "2028-02-29");
  CHECK(OneMonthLater("2026-03-31") == "2026-04-30");
  CHECK(OneMonthLater("2026-02-30").empty());
  CHECK(OneMonthLater("04/12/2026").empty());
}

TEST_CASE("review done: the date, who took part, and the next review a month later on the dossier") {
  Fixture f;
  auto id = RecordReview(*f.vault, {{"dossier_id", f.dossier}, {"comment", "Logement : dossier CPAS déposé."}},
                         {"Ana (référente)", " SPS prison ", "Ana (référente)"});
  REQUIRE(id.ok());
  auto reviews = ListReviews(*f.vault, f.dossier);
  REQUIRE(reviews.ok());
  REQUIRE(reviews->size() == 1);
  const Review& r = reviews->front();
  CHECK(r.held_on == "2026-12-04");
  CHECK(r.next_review == "2027-01-04");
  CHECK(r.author == "Ana");
  CHECK(r.participants == std::vector<std::string>{"Ana (référente)", "SPS prison"});
  CHECK(ShowDossier(*f.vault, f.dossier)->summary.dossier.next_review == "2027-01-04");
  // The dossier's field history shows the review moving the date on.
  auto history = FieldHistory(*f.vault, f.dossier, "next_review");
  REQUIRE(history.ok());
  REQUIRE(history->size() == 2);
  CHECK(history->front().value == "2026-12-01");
  CHECK(history->back().value == "2027-01-04");

  // A review held earlier, typed the Belgian way, with the next date chosen.
  REQUIRE(RecordReview(*f.vault, {{"dossier_id", f.dossier}, {"held_on", "02/12/2026"}, {"next_review", "15/01/2027"}}, {})
              .ok());
  CHECK(ShowDossier(*f.vault, f.dossier)->summary.dossier.next_review == "2027-01-15");
  CHECK(ListReviews(*f.vault, f.dossier)->size() == 2);
  CHECK(ListReviews(*f.vault, f.dossier)->front().held_on == "2026-12-04");  // newest first
}

TEST_CASE("a refused review writes nothing") {
  Fixture f;
  const int64_t before = f.Ops();
  struct Bad {
    FieldValues fields;
    std::vector<std::string> participants;
    Code code;
  };
  const std::string other = Vault::NewEntityId("dos");
  const Bad bad[] = {
      {{{"held_on", "2026-12-04"}}, {}, Code::kInvalidInput},                                     // no dossier
      {{{"dossier_id", f.person}}, {}, Code::kInvalidInput},                                      // not a dossier
      {{{"dossier_id", other}}, {}, Code::kNotFound},                                             // unknown dossier
      {{{"dossier_id", f.dossier}, {"held_on", "2026-12-05"}}, {}, Code::kInvalidInput},          // in the future
      {{{"dossier_id", f.dossier}, {"held_on", "31/02/2026"}}, {}, Code::kInvalidInput},          // no such day
      {{{"dossier_id", f.dossier}, {"next_review", "2026-12-04"}}, {}, Code::kInvalidInput},      // not after
      {{{"dossier_id", f.dossier}}, {"  "}, Code::kInvalidInput},                                 // blank participant
      {{{"dossier_id", f.dossier}}, {"A\nB"}, Code::kInvalidInput},                               // two lines
      {{{"dossier_id", f.dossier}, {"author", "Bram"}}, {}, Code::kInvalidInput},                 // not given
  };
  for (const auto& b : bad) {
    auto r = RecordReview(*f.vault, b.fields, b.participants);
    CHECK_FALSE(r.ok());
    CHECK(r.status().code() == b.code);
    CHECK_FALSE(r.status().message().empty());
  }
  CHECK(f.Ops() == before);
  CHECK(ShowDossier(*f.vault, f.dossier)->summary.dossier.next_review == "2026-12-01");
}

TEST_CASE("a tripartite visit records its participants, and they can be changed") {
  Fixture f;
  auto visit = AddVisit(*f.vault, {{"dossier_id", f.dossier}, {"kind", "tripartite"}, {"date", "03/12/2026"}}, {},
                        {"Karim B.", "Ana", "Mme Lemaire (AJ)"});
  REQUIRE(visit.ok());
  auto shown = ShowDossier(*f.vault, f.dossier);
  REQUIRE(shown->visits.size() == 1);
  CHECK(shown->visits.front().date == "2026-12-03");
  CHECK(shown->visits.front().participants == std::vector<std::string>{"Ana", "Karim B.", "Mme Lemaire (AJ)"});
  REQUIRE(SetParticipants(*f.vault, *visit, {"Karim B.", "Ana", "M. Peeters (AJ)"}).ok());
  CHECK(*Participants(*f.vault, *visit) == std::vector<std::string>{"Ana", "Karim B.", "M. Peeters (AJ)"});
  const int64_t before = f.Ops();
  CHECK(SetParticipants(*f.vault, *visit, {"Karim B.", "Ana", "M. Peeters (AJ)"}).ok());  // no change, no op
  CHECK(f.Ops() == before);
  CHECK(SetParticipants(*f.vault, *visit, {""}).code() == Code::kInvalidInput);
  CHECK(SetParticipants(*f.vault, f.dossier, {"Ana"}).code() == Code::kInvalidInput);  // a dossier has none
  CHECK(AddVisit(*f.vault, {{"dossier_id", f.dossier}}, {}, {" "}).status().code() == Code::kInvalidInput);
  CHECK(f.Ops() == before);
  // The canonical dump carries them.
  auto dump = CanonicalDump(*f.vault);
  REQUIRE(dump.ok());
  auto doc = nlohmann::json::parse(*dump);
  CHECK(doc["visit"][0]["participants"] == nlohmann::json({"Ana", "Karim B.", "M. Peeters (AJ)"}));
  CHECK(doc["review"] == nlohmann::json::array());
}

TEST_CASE("a case file and its person are deleted together and restored together") {
  Fixture f;
  REQUIRE(DeleteRecords(*f.vault, {f.dossier, f.person}).ok());
  CHECK_FALSE(*RecordExists(*f.vault, f.dossier));
  CHECK_FALSE(*RecordExists(*f.vault, f.person));
  const int64_t before = f.Ops();
  CHECK(DeleteRecords(*f.vault, {f.dossier}).code() == Code::kNotFound);  // already deleted
  CHECK(RestoreRecords(*f.vault, {f.dossier, Vault::NewEntityId("per")}).code() == Code::kNotFound);
  CHECK(f.Ops() == before);  // all or none
  REQUIRE(RestoreRecords(*f.vault, {f.dossier, f.person}).ok());
  CHECK(ShowDossier(*f.vault, f.dossier)->summary.person.name == "Karim B.");
}

TEST_CASE("the practice codes are seed 002's table, each with its number") {
  const auto& codes = PracticeCodes().values;
  CHECK(codes.size() == 15);
  CHECK(PracticeCodes().Contains("motivation_in_prison"));
  CHECK(PracticeCodeNumber("motivational_interviewing") == "01");
  CHECK(PracticeCodeNumber("motivation_in_prison") == "07");
  CHECK(PracticeCodeNumber("classic_social_work") == "08");
  CHECK(PracticeCodeNumber("religious_counselling") == "14");
  CHECK(PracticeCodeNumber("not_applicable") == "99");
  CHECK(PracticeCodeNumber("housing").empty());
  std::set<std::string_view> numbers;
  for (auto c : codes) numbers.insert(PracticeCodeNumber(c));
  CHECK(numbers.size() == codes.size());  // every code numbered, no number twice
}

TEST_CASE("the reviews migration (v5) keeps a v4 vault's records and adds the review table") {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  REQUIRE(schema::Migrate(db, 4).ok());
  REQUIRE(sqlite3_exec(db,
                       "INSERT INTO dossier(id, person_id, basis, opened_on, next_review) VALUES "
                       "('dos-1', 'per-1', 'voluntary', '2026-01-02', '2026-02-02');"
                       "INSERT INTO visit(id, dossier_id, date, kind, author) VALUES "
                       "('vis-1', 'dos-1', '2026-01-10', 'tripartite', 'Ana');",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  REQUIRE(schema::Migrate(db).ok());
  CHECK(schema::CurrentVersion(db).value() == schema::LatestVersion());
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT d.next_review, v.kind, (SELECT count(*) FROM review) FROM dossier d, visit v",
                             -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) == "2026-02-02");
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 1))) == "tripartite");
  CHECK(sqlite3_column_int(s, 2) == 0);
  sqlite3_finalize(s);
  REQUIRE(sqlite3_exec(db, "INSERT INTO review(id, dossier_id, held_on) VALUES ('rev-1', 'dos-1', '2026-02-02')",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}
