// The vault: keys, unlock, passphrase change, no plaintext on disk, validation before writing,
// the single mutation path and its merge rules, migrations.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include "passerelle/core/case_files.h"
#include "passerelle/core/dump.h"
#include "passerelle/core/vault.h"
#include "schema.h"
#include "sqlite_process.h"
#include "../support/temp_dir.h"
#include "../support/vault_fixture.h"
#include "vault_internal.h"  // the raw connection, for white-box checks

using namespace passerelle;
using namespace passerelle::core;
using passerelle::testing::Snapshot;
using passerelle::testing::TempDir;

namespace {

platform::SecureBuffer Pass(const char* s) { return platform::SecureBuffer::FromString(s); }

VaultOptions Fast(platform::Clock* clock = nullptr) {
  VaultOptions o;
  o.kdf = KdfParams::LowCostForTests();
  o.worker = "Ana";
  o.service = "SAJ";
  o.clock = clock;
  return o;
}

struct Fixture {
  TempDir dir;
  std::string path = dir.File("case.vault");
  std::unique_ptr<Vault> vault;
  std::string person, dossier;
  Fixture() {
    auto v = Vault::Create(path, Pass("correct horse"), Fast());
    REQUIRE(v.ok());
    vault = std::move(v).value();
    person = AddPerson(*vault, {{"name", "Test Person"}, {"status", "sentenced"}}).value();
    dossier = AddDossier(*vault, {{"person_id", person}}).value();
  }
  int64_t OpCount() { return passerelle::testing::OpLogSize(*vault); }
};

}  // namespace

TEST_CASE("opening a vault gives SQLite the heap that wipes what it frees") {
  Fixture f;  // the first vault of this process: SQLite starts here
  CHECK(sqlite_process::HeapInstalled());
  // Ours replaces SQLCipher's slower mlock-per-block memory security, which stays off.
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(passerelle::core::internal::Db(*f.vault), "PRAGMA cipher_memory_security", -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  CHECK(sqlite3_column_int(s, 0) == 0);
  sqlite3_finalize(s);
}

TEST_CASE("a vault reopens with its passphrase and keeps what was saved") {
  Fixture f;
  auto note = AddNote(*f.vault, {{"dossier_id", f.dossier}, {"body", "Première rencontre, très méfiant."}});
  REQUIRE(note.ok());
  f.vault.reset();  // lock
  auto reopened = Vault::Open(f.path, Pass("correct horse"), Fast());
  REQUIRE(reopened.ok());
  auto notes = ListNotes(**reopened, f.dossier);
  REQUIRE(notes.ok());
  REQUIRE(notes->size() == 1);
  CHECK(notes->front().body == "Première rencontre, très méfiant.");
  CHECK(notes->front().scope == "service");
  CHECK(notes->front().author == "Ana");
}

TEST_CASE("a wrong passphrase is refused and leaves every file byte-identical") {
  Fixture f;
  f.vault.reset();
  auto before = Snapshot(f.dir.path());
  auto v = Vault::Open(f.path, Pass("wrong horse"), Fast());
  REQUIRE_FALSE(v.ok());
  CHECK(v.status().code() == Code::kWrongPassphrase);
  CHECK(v.status().message() == "Wrong passphrase, or the vault's key file is damaged.");
  CHECK(Snapshot(f.dir.path()) == before);
}

TEST_CASE("changing the passphrase rewraps the key without touching the database") {
  Fixture f;
  f.vault.reset();
  auto db_before = passerelle::testing::ReadAll(f.path);
  REQUIRE(Vault::ChangePassphrase(f.path, Pass("correct horse"), Pass("new staple"), KdfParams::LowCostForTests()).ok());
  CHECK(passerelle::testing::ReadAll(f.path) == db_before);
  CHECK(Vault::Open(f.path, Pass("correct horse"), Fast()).status().code() == Code::kWrongPassphrase);
  CHECK(Vault::Open(f.path, Pass("new staple"), Fast()).ok());
  CHECK(Vault::ChangePassphrase(f.path, Pass("bad"), Pass("x"), KdfParams::LowCostForTests()).code() ==
        Code::kWrongPassphrase);
}

TEST_CASE("a tampered key file is rejected, never silently weakened") {
  Fixture f;
  f.vault.reset();
  auto key = passerelle::testing::ReadAll(f.path + ".key");
  key[16] ^= 1;  // opslimit: bound as associated data
  { std::ofstream(f.path + ".key", std::ios::binary | std::ios::trunc) << key; }
  auto v = Vault::Open(f.path, Pass("correct horse"), Fast());
  CHECK_FALSE(v.ok());
}

TEST_CASE("the vault files contain no plaintext") {
  Fixture f;
  const std::string secret = "Confidentiel: parle de son frere a Lantin";
  REQUIRE(AddNote(*f.vault, {{"dossier_id", f.dossier}, {"body", secret}}).ok());
  f.vault.reset();
  for (const char* suffix : {"", ".key", "-wal"}) {
    std::string bytes = passerelle::testing::ReadAll(f.path + suffix);
    CHECK(bytes.find(secret) == std::string::npos);
    CHECK(bytes.find("Confidentiel") == std::string::npos);
    CHECK(bytes.find("SQLite format 3") == std::string::npos);
    CHECK(bytes.find("Test Person") == std::string::npos);
  }
}

TEST_CASE("bad input is refused with one sentence and writes nothing") {
  Fixture f;
  auto dump_before = CanonicalDump(*f.vault).value();
  int64_t ops_before = f.OpCount();
  struct Case {
    const char* what;
    Status status;
  };
  Case cases[] = {
      {"unknown life domain", AddPlanItem(*f.vault, {{"dossier_id", f.dossier}, {"domain", "astrology"}, {"goal", "x"}}).status()},
      {"malformed date", AddPlanItem(*f.vault, {{"dossier_id", f.dossier}, {"domain", "housing"}, {"goal", "x"}, {"due_date", "2026-02-30"}}).status()},
      {"missing dossier", AddVisit(*f.vault, {{"dossier_id", "dos-0000000000000000"}}, {}).status()},
      {"not a dossier id", AddNote(*f.vault, {{"dossier_id", f.person}, {"body", "x"}}).status()},
      {"unknown outcome", AddVisit(*f.vault, {{"dossier_id", f.dossier}, {"outcome", "late"}}, {}).status()},
      {"unknown practice code", AddVisit(*f.vault, {{"dossier_id", f.dossier}}, {"astrology"}).status()},
      {"unknown field", UpdateRecord(*f.vault, f.dossier, {{"shoe_size", "42"}})},
      {"partner scope without consent", AddNote(*f.vault, {{"dossier_id", f.dossier}, {"body", "x"}, {"scope", "partner"}, {"partner", "CPAS"}}).status()},
      {"person without name", AddPerson(*f.vault, {{"alias", "x"}}).status()},
      {"new case file, bad dossier basis", AddPersonWithDossier(*f.vault, {{"name", "Nour"}}, {{"basis", "whim"}}).status()},
      {"new case file, person without name", AddPersonWithDossier(*f.vault, {{"alias", "N"}}, {}).status()},
      {"consent expiring before given", AddConsent(*f.vault, {{"dossier_id", f.dossier}, {"partner", "MJ"}, {"scope", "attendance"}, {"given_on", "2026-05-01"}, {"expires_on", "2026-04-01"}}).status()},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    CHECK_FALSE(c.status.ok());
    CHECK(!c.status.message().empty());
    CHECK(c.status.message().find('\n') == std::string::npos);
  }
  CHECK(CanonicalDump(*f.vault).value() == dump_before);
  CHECK(f.OpCount() == ops_before);
}

TEST_CASE("a new person and their dossier are written together") {
  Fixture f;
  auto made = AddPersonWithDossier(*f.vault, {{"name", "Nour B."}, {"status", "sentenced"}},
                                   {{"expected_release", "2027-03-01"}});
  REQUIRE(made.ok());
  auto detail = ShowDossier(*f.vault, made->second);
  REQUIRE(detail.ok());
  CHECK(detail->summary.person.id == made->first);
  CHECK(detail->summary.person.name == "Nour B.");
  CHECK(detail->summary.dossier.expected_release == "2027-03-01");
  CHECK(detail->summary.dossier.referent == "Ana");  // the worker who opens it, by default
  CHECK(f.vault->Check()->empty());
}

TEST_CASE("a note shared with a partner needs that partner's active consent") {
  Fixture f;
  auto consent = AddConsent(*f.vault, {{"dossier_id", f.dossier}, {"partner", "CAW Oost-Vlaanderen"}, {"scope", "shared_notes"}, {"given_on", "2020-01-01"}});
  REQUIRE(consent.ok());
  CHECK(AddNote(*f.vault, {{"dossier_id", f.dossier}, {"body", "ok"}, {"scope", "partner"}, {"partner", "CAW Oost-Vlaanderen"}}).ok());
  REQUIRE(WithdrawConsent(*f.vault, *consent, "2020-06-01").ok());
  CHECK(AddNote(*f.vault, {{"dossier_id", f.dossier}, {"body", "no"}, {"scope", "partner"}, {"partner", "CAW Oost-Vlaanderen"}}).status().code() == Code::kRefused);  // professional secrecy: exit 9
}

TEST_CASE("every change goes through the log and the log agrees with the rows") {
  Fixture f;
  auto item = AddPlanItem(*f.vault, {{"dossier_id", f.dossier}, {"domain", "housing"}, {"goal", "Find a flat"}});
  REQUIRE(item.ok());
  REQUIRE(UpdateRecord(*f.vault, *item, {{"status", "in_progress"}}).ok());
  REQUIRE(UpdateRecord(*f.vault, *item, {{"status", "achieved"}}).ok());
  auto history = FieldHistory(*f.vault, *item, "status");
  REQUIRE(history.ok());
  REQUIRE(history->size() == 3);
  CHECK((*history)[0].value == "planned");
  CHECK((*history)[1].value == "in_progress");
  CHECK((*history)[2].value == "achieved");
  CHECK((*history)[2].current);
  auto problems = f.vault->Check();
  REQUIRE(problems.ok());
  CHECK(problems->empty());
}

TEST_CASE("remote ops merge by last-writer-wins, idempotently and in any order") {
  Fixture f;
  const std::string id = f.dossier;
  Op early{{111, 1}, crdt::HlcFromMillis(1000), id, "next_review", OpKind::kSetField, std::string("2026-01-01"), {}};
  Op late{{222, 1}, crdt::HlcFromMillis(2000), id, "next_review", OpKind::kSetField, std::string("2026-02-02"), {}};
  Op tie{{333, 1}, crdt::HlcFromMillis(2000), id, "next_review", OpKind::kSetField, std::string("2026-03-03"), {}};
  REQUIRE(f.vault->Apply({late, early}).ok());
  auto dump1 = CanonicalDump(*f.vault).value();
  auto again = f.vault->Apply({early, late, tie, tie});
  REQUIRE(again.ok());
  CHECK(again->duplicates == 3);
  CHECK(again->applied == 1);
  auto d = ShowDossier(*f.vault, id).value();
  // Latest stamp wins; at equal stamps the higher replica id breaks the tie, on every replica.
  CHECK(d.summary.dossier.next_review == "2026-03-03");
  CHECK(CanonicalDump(*f.vault).value() != dump1);
  // A stale remote write never overrides a newer local one.
  REQUIRE(UpdateRecord(*f.vault, id, {{"next_review", "2027-01-01"}}).ok());
  Op stale{{666, 1}, crdt::HlcFromMillis(5000), id, "next_review", OpKind::kSetField, std::string("2026-09-09"), {}};
  REQUIRE(f.vault->Apply({stale}).ok());
  CHECK(ShowDossier(*f.vault, id)->summary.dossier.next_review == "2027-01-01");
  // Remote stamps from the future win, replica id breaks the tie.
  Op f1{{444, 1}, crdt::HlcFromMillis(int64_t(1) << 46), id, "referent", OpKind::kSetField, std::string("Bram"), {}};
  Op f2{{555, 1}, crdt::HlcFromMillis(int64_t(1) << 46), id, "referent", OpKind::kSetField, std::string("Chloé"), {}};
  REQUIRE(f.vault->Apply({f2, f1}).ok());
  CHECK(ShowDossier(*f.vault, id)->summary.dossier.referent == "Chloé");
}

TEST_CASE("a remote batch with one bad op applies nothing") {
  Fixture f;
  auto before = CanonicalDump(*f.vault).value();
  Op good{{9, 1}, 1, f.dossier, "referent", OpKind::kSetField, std::string("Zoé"), {}};
  Op bad{{9, 2}, 2, f.dossier, "basis", OpKind::kSetField, std::string("hearsay"), {}};
  CHECK_FALSE(f.vault->Apply({good, bad}).ok());
  CHECK(CanonicalDump(*f.vault).value() == before);
}

TEST_CASE("sets are add-wins: a concurrent add survives a remove that did not see it") {
  Fixture f;
  auto visit = AddVisit(*f.vault, {{"dossier_id", f.dossier}}, {"mentoring"});
  REQUIRE(visit.ok());
  // Another device adds "mentoring" again concurrently (its own tag).
  Op remote_add{{77, 1}, 5, *visit, "practice_codes", OpKind::kSetAdd, std::string("mentoring"), {}};
  REQUIRE(RemoveFromSet(*f.vault, *visit, "practice_codes", "mentoring").ok());
  CHECK(ShowDossier(*f.vault, f.dossier)->visits.front().practice_codes.empty());
  REQUIRE(f.vault->Apply({remote_add}).ok());
  CHECK(ShowDossier(*f.vault, f.dossier)->visits.front().practice_codes == std::vector<std::string>{"mentoring"});
  // A remove that arrives before the add it observed still removes it.
  Op early_remove{{88, 1}, 6, *visit, "practice_codes", OpKind::kSetRemove, std::string("therapy"), {{99, 1}}};
  Op late_add{{99, 1}, 4, *visit, "practice_codes", OpKind::kSetAdd, std::string("therapy"), {}};
  REQUIRE(f.vault->Apply({early_remove}).ok());
  REQUIRE(f.vault->Apply({late_add}).ok());
  auto codes = ShowDossier(*f.vault, f.dossier)->visits.front().practice_codes;
  CHECK(codes == std::vector<std::string>{"mentoring"});
}

TEST_CASE("deleting is a tombstone the data survives") {
  Fixture f;
  auto item = AddPlanItem(*f.vault, {{"dossier_id", f.dossier}, {"domain", "debts"}, {"goal", "Plan de paiement"}});
  REQUIRE(item.ok());
  REQUIRE(DeleteRecord(*f.vault, *item).ok());
  CHECK(ShowDossier(*f.vault, f.dossier)->plan.empty());
  CHECK(UpdateRecord(*f.vault, *item, {{"status", "achieved"}}).code() == Code::kNotFound);
  REQUIRE(RestoreRecord(*f.vault, *item).ok());
  REQUIRE(ShowDossier(*f.vault, f.dossier)->plan.size() == 1);
  CHECK(ShowDossier(*f.vault, f.dossier)->plan.front().goal == "Plan de paiement");
}

TEST_CASE("note bodies are merged text: local saves produce text ops") {
  Fixture f;
  auto note = AddNote(*f.vault, {{"dossier_id", f.dossier}, {"body", "Il veut un logement."}});
  REQUIRE(note.ok());
  REQUIRE(SaveNoteBody(*f.vault, *note, "Il veut un logement à Liège.").ok());
  REQUIRE(SaveNoteBody(*f.vault, *note, "Il veut un logement à Liège.").ok());  // no change, no op
  CHECK(ListNotes(*f.vault, f.dossier)->front().body == "Il veut un logement à Liège.");
  CHECK(f.vault->Check()->empty());
}

TEST_CASE("migrations bring a vault of every earlier schema version up to date") {
  for (int from = 0; from < schema::LatestVersion(); ++from) {
    CAPTURE(from);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
    REQUIRE(schema::Migrate(db, from).ok());
    CHECK(schema::CurrentVersion(db).value() == from);
    REQUIRE(schema::Migrate(db).ok());
    CHECK(schema::CurrentVersion(db).value() == schema::LatestVersion());
    REQUIRE(schema::Migrate(db).ok());  // idempotent
    sqlite3_close(db);
  }
}

namespace {
std::string Query(sqlite3* db, const char* sql) {  // rows as "a|b\n"
  std::string out;
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK);
  while (sqlite3_step(s) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(s); ++c) {
      auto text = sqlite3_column_text(s, c);
      if (c) out += '|';  // appended piece by piece: `"|" + std::string` is a GCC 12 -O3 false -Wrestrict
      out += text ? reinterpret_cast<const char*>(text) : "NULL";
    }
    out += "\n";
  }
  sqlite3_finalize(s);
  return out;
}
}  // namespace

TEST_CASE("the compact log migration (v4) keeps every logged op and register winner") {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  REQUIRE(schema::Migrate(db, 3).ok());
  const char* v3_rows = R"sql(
    INSERT INTO oplog(seq, replica, counter, hlc, entity_id, field, kind, value, removed_tags) VALUES
      (1, -81985529216486896, 1, 100, 'dos-a', 'referent', 1, x'416E61', NULL),
      (2, -81985529216486896, 2, 101, 'dos-a', 'referent', 1, NULL, NULL),
      (3, 42, 7, 102, 'dos-a', 'referent', 1, x'4272616D', NULL),
      (4, 42, 8, 103, 'not-b', 'domains', 2, x'686F7573696E67', NULL),
      (5, 42, 9, 104, 'not-b', 'domains', 3, x'686F7573696E67', x'2a00000000000000');
    INSERT INTO field_clock(entity_id, field, hlc, replica) VALUES ('dos-a', 'referent', 102, 42);
  )sql";
  REQUIRE(sqlite3_exec(db, v3_rows, nullptr, nullptr, nullptr) == SQLITE_OK);
  REQUIRE(schema::Migrate(db).ok());
  CHECK(Query(db,
              "SELECT r.replica, o.counter, o.hlc, e.id, f.name, o.kind, quote(o.value), quote(o.removed_tags) "
              "FROM oplog o JOIN ref_replica r ON r.ref = o.replica_ref JOIN ref_entity e ON e.ref = o.entity_ref "
              "JOIN ref_field f ON f.ref = o.field_ref ORDER BY o.hlc") ==
        "-81985529216486896|1|100|dos-a|referent|1|X'416E61'|NULL\n"
        "-81985529216486896|2|101|dos-a|referent|1|NULL|NULL\n"
        "42|7|102|dos-a|referent|1|X'4272616D'|NULL\n"
        "42|8|103|not-b|domains|2|X'686F7573696E67'|NULL\n"
        "42|9|104|not-b|domains|3|X'686F7573696E67'|X'2A00000000000000'\n");
  CHECK(Query(db,
              "SELECT e.id, f.name, c.hlc, r.replica FROM field_clock c JOIN ref_replica r ON r.ref = c.replica_ref "
              "JOIN ref_entity e ON e.ref = c.entity_ref JOIN ref_field f ON f.ref = c.field_ref") ==
        "dos-a|referent|102|42\n");
  sqlite3_close(db);
}

TEST_CASE("a vault from a newer version is refused, not damaged") {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr) == SQLITE_OK);
  CHECK(schema::Migrate(db).code() == Code::kUnsupported);
  sqlite3_close(db);
}

TEST_CASE("creating over an existing vault is refused") {
  Fixture f;
  CHECK(Vault::Create(f.path, Pass("x"), Fast()).status().code() == Code::kConflict);
}
