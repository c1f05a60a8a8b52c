// Long text storage and autosave coalescing (issue 14, schema v11 and v15): note rows and text states in
// rowid tables (no half-empty overflow pages), text ops stored without their text and read back
// unchanged by export and history, an unshared local insertion extended by the next save instead
// of a new op, never once it has left the device, and the v11 migration from every earlier version
// with data.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <memory>
#include <string>

#include "passerelle/core/case_files.h"
#include "passerelle/core/crdt/text.h"
#include "passerelle/core/sync_store.h"
#include "passerelle/core/vault.h"
#include "schema.h"
#include "text_store.h"
#include "../support/temp_dir.h"
#include "../support/vault_fixture.h"
#include "vault_internal.h"  // the raw connection, for white-box checks

using namespace passerelle;
using namespace passerelle::core;
using passerelle::testing::TempDir;

namespace {

std::string Query(sqlite3* db, const std::string& sql) {  // rows as "a|b\n"
  std::string out;
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
  while (sqlite3_step(s) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(s); ++c) {
      auto text = sqlite3_column_text(s, c);
      if (c) out += '|';
      out += text ? reinterpret_cast<const char*>(text) : "NULL";
    }
    out += "\n";
  }
  sqlite3_finalize(s);
  return out;
}

// French-looking text of `bytes` bytes that zstd cannot shrink to nothing (varied words).
std::string LongText(size_t bytes, uint64_t seed = 1) {
  static const char* const kWords[] = {"logement", "dettes", "médiation", "famille", "réinsertion", "emploi",
                                       "formation", "santé", "soutien", "rendez-vous", "CPAS", "tribunal"};
  std::string out;
  while (out.size() < bytes) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    out += kWords[(seed >> 33) % 12];
    out += (seed >> 20) % 9 == 0 ? ".\n" : " ";
  }
  return out;
}

// The first `bytes` bytes of `text`, moved on to a whole character.
std::string Cut(const std::string& text, size_t bytes) {
  while (bytes < text.size() && (static_cast<uint8_t>(text[bytes]) & 0xC0) == 0x80) ++bytes;
  return text.substr(0, bytes);
}

struct Fixture {
  TempDir dir;
  platform::FakeClock clock{1767261600000};  // 2026-01-01 10:00 UTC
  std::unique_ptr<Vault> vault;
  std::string dossier;
  explicit Fixture(const char* name = "a.vault") {
    auto v = Vault::Create(dir.File(name), platform::SecureBuffer::FromString("pass phrase"),
                           passerelle::testing::FastVaultOptions(&clock));
    REQUIRE(v.ok());
    vault = std::move(v).value();
    dossier = AddPersonWithDossier(*vault, {{"name", "Karim B."}}, {}).value().second;
  }
  sqlite3* db() { return internal::Db(*vault); }
  std::string NewNote(const std::string& body) {
    auto id = AddNote(*vault, {{"dossier_id", dossier}, {"body", body}});
    REQUIRE(id.ok());
    return *id;
  }
  // Text ops of the note's body in the log.
  int TextOps(const std::string& note) {
    return std::stoi(Query(db(), "SELECT count(*) FROM oplog o JOIN ref_entity e ON e.ref = o.entity_ref "
                                 "WHERE e.id = '" + note + "' AND o.kind = 4"));
  }
  void Autosave(const std::string& note, const std::string& body) {
    clock.Advance(700);  // the app's autosave: at most one save every 0.7 s while typing
    REQUIRE(AutosaveNoteBody(*vault, note, body).ok());
  }
  void ExpectConsistent() {
    auto problems = vault->Check();
    REQUIRE(problems.ok());
    CHECK(problems->empty());
    for (const auto& p : *problems) MESSAGE(p);
  }
};

}  // namespace

TEST_CASE("a note row of a few kilobytes stays on its leaf page: no overflow page") {
  Fixture f;
  for (int i = 0; i < 20; ++i) f.NewNote(LongText(1500 + 100 * static_cast<size_t>(i), static_cast<uint64_t>(i)));
  // In a WITHOUT ROWID table each of these rows (over ~1,000 bytes) had an overflow page of its own.
  CHECK(Query(f.db(), "SELECT count(*) FROM dbstat WHERE name = 'note' AND pagetype = 'overflow'") == "0\n");
  CHECK(Query(f.db(), "SELECT count(*) FROM dbstat WHERE name = 'text_state' AND pagetype = 'overflow'") == "0\n");
  CHECK(Query(f.db(), "SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_schema WHERE name IN ('note', 'text_state')") ==
        "0\n0\n");
  f.ExpectConsistent();
}

TEST_CASE("a long text op is stored without its text and leaves the log exactly as it was applied") {
  Fixture f;
  const std::string body = LongText(6000);
  const std::string note = f.NewNote(body);
  // White-box (v15, log_value.h): the logged insertion is a marker (C5), its length and its ids;
  // its characters are in the note's text state, whose visible text is the body column.
  CHECK(Query(f.db(), "SELECT hex(substr(o.value, 1, 1)), length(o.value) < 40 FROM oplog o "
                      "JOIN ref_entity e ON e.ref = o.entity_ref WHERE e.id = '" + note + "' AND o.kind = 4") ==
        "C5|1\n");
  CHECK(Query(f.db(), "SELECT length(state) < 100 FROM text_state WHERE entity_id = '" + note + "'") == "1\n");
  // History reads it back.
  auto history = FieldHistory(*f.vault, note, "body");
  REQUIRE(history.ok());
  REQUIRE(history->size() == 1);
  CHECK(history->front().value == body);
  // What leaves (the outbox) is the op as applied: a fresh vault applying it holds the same text.
  auto outbox = SyncStore(*f.vault).OutboxFor({});
  REQUIRE(outbox.ok());
  Fixture g("b.vault");
  REQUIRE(g.vault->Apply(outbox->ops).ok());
  auto notes = ListNotes(*g.vault, f.dossier);
  REQUIRE(notes.ok());
  REQUIRE(notes->size() == 1);
  CHECK(notes->front().body == body);
  g.ExpectConsistent();
  f.ExpectConsistent();
}

TEST_CASE("autosaves typing on at the end of an unshared note extend one op") {
  Fixture f;
  const std::string text = "Premier entretien au parloir. Il souhaite un logement à Liège et un suivi CPAS.";
  const std::string note = f.NewNote(text.substr(0, 8));
  for (size_t typed = 12; typed < text.size() + 4; typed += 4) f.Autosave(note, Cut(text, typed));
  // The note's creation (an explicit save) keeps its op; the autosaves typed on after it share one.
  CHECK(f.TextOps(note) == 2);
  auto notes = ListNotes(*f.vault, f.dossier);
  REQUIRE(notes.ok());
  CHECK(notes->front().body == text);
  // History is coarser: the typed-on autosaves are one version.
  auto history = FieldHistory(*f.vault, note, "body");
  REQUIRE(history.ok());
  CHECK(history->size() == 2);
  CHECK(history->front().value == text.substr(0, 8));
  CHECK(history->back().value == text);
  f.ExpectConsistent();

  SUBCASE("a deletion or typing elsewhere is an op of its own, and typing on extends the new one") {
    f.Autosave(note, text.substr(0, 10) + text.substr(20));  // a deletion
    CHECK(f.TextOps(note) == 3);
    f.Autosave(note, "Note: " + text.substr(0, 10) + text.substr(20));  // typed at the start
    CHECK(f.TextOps(note) == 4);
    f.Autosave(note, "Note du jour: " + text.substr(0, 10) + text.substr(20));  // typed on after "Note"
    CHECK(f.TextOps(note) == 5);
    f.Autosave(note, "Note du jour: " + text.substr(0, 10) + text.substr(20) + " Fin");
    f.Autosave(note, "Note du jour: " + text.substr(0, 10) + text.substr(20) + " Fin de la note");
    CHECK(f.TextOps(note) == 6);
    f.ExpectConsistent();
  }
  SUBCASE("another record's save in between does not end the run: it is per field") {
    REQUIRE(UpdateRecord(*f.vault, f.dossier, {{"referent", "Ana"}}).ok());
    f.Autosave(note, text + " Suite.");
    CHECK(f.TextOps(note) == 2);
    CHECK(ListNotes(*f.vault, f.dossier)->front().body == text + " Suite.");
    f.ExpectConsistent();
  }
  SUBCASE("an explicit save is a version of its own, never extended") {
    REQUIRE(SaveNoteBody(*f.vault, note, text + " Suite.").ok());
    CHECK(f.TextOps(note) == 3);
    f.Autosave(note, text + " Suite et fin.");
    CHECK(f.TextOps(note) == 4);
    CHECK(FieldHistory(*f.vault, note, "body")->size() == 4);
  }
}

TEST_CASE("an op that has left the device is never extended, and every replica converges") {
  Fixture f;
  const std::string note = f.NewNote("Entretien");
  f.Autosave(note, "Entretien au parloir");
  f.Autosave(note, "Entretien au parloir ce matin");
  CHECK(f.TextOps(note) == 2);
  // The outbox hands the op to a bundle: from now on it is shared.
  auto first = SyncStore(*f.vault).OutboxFor({});
  REQUIRE(first.ok());
  Fixture g("b.vault");
  REQUIRE(g.vault->Apply(first->ops).ok());
  f.Autosave(note, "Entretien au parloir ce matin avec Karim");
  CHECK(f.TextOps(note) == 3);  // not merged into the shared op
  f.Autosave(note, "Entretien au parloir ce matin avec Karim B.");
  CHECK(f.TextOps(note) == 3);  // the new, unshared op is extended
  // The colleague receives what it lacks and holds the same text.
  auto second = SyncStore(*f.vault).OutboxFor(*SyncStore(*g.vault).Held());
  REQUIRE(second.ok());
  CHECK(second->ops.size() == 1);
  REQUIRE(g.vault->Apply(second->ops).ok());
  CHECK(ListNotes(*g.vault, f.dossier)->front().body == "Entretien au parloir ce matin avec Karim B.");
  // A count for a status screen carries nothing, so it marks nothing as shared.
  REQUIRE(SyncStore(*f.vault).OutboxFor({}, /*count_only=*/true).ok());
  f.ExpectConsistent();
  g.ExpectConsistent();
}

TEST_CASE("an op grows to at most kCoalesceMaxBytes, so a save never rewrites more") {
  Fixture f;
  const std::string text = LongText(5000);
  const std::string note = f.NewNote(Cut(text, 10));
  size_t typed = 10;
  while (typed < text.size()) {
    typed = std::min(text.size(), typed + 40);
    while (typed < text.size() && (static_cast<uint8_t>(text[typed]) & 0xC0) == 0x80) ++typed;
    f.Autosave(note, text.substr(0, typed));
  }
  CHECK(ListNotes(*f.vault, f.dossier)->front().body == text);
  CHECK(f.TextOps(note) >= 4);  // the creation, then 5,000 bytes in runs of at most 2,048
  CHECK(f.TextOps(note) <= 5);
  f.ExpectConsistent();
}

TEST_CASE("the long text migration (v11) keeps notes, text states and indexes from every earlier version") {
  for (int from = 1; from < 9; ++from) {
    CAPTURE(from);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
    REQUIRE(RegisterTextFunctions(db).ok());  // the text is read from its chunks since v16
    REQUIRE(schema::Migrate(db, from).ok());
    const std::string body = LongText(3000);
    const std::string rows =
        "INSERT INTO replica_state VALUES (1, 42, 17, 1000, 'Ana', 'SAJ', '2026-01-01T10:00:00Z');"
        "INSERT INTO note(id, dossier_id, visit_id, author, created_at, scope, partner, body, deleted) VALUES "
        "('not-0000000000100000001', 'dos-a', NULL, 'Ana', '2026-01-01T10:00:00Z', 'private', NULL, '" + body + "', NULL),"
        "('not-0000000000200000002', 'dos-a', 'vis-b', 'Ana', '2026-01-02T10:00:00Z', 'partner', 'CPAS', 'court', '1');"
        "INSERT INTO text_state(entity_id, field, state) VALUES ('not-0000000000100000001', 'body', x'0102030405');";
    REQUIRE(sqlite3_exec(db, rows.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE(schema::Migrate(db).ok());
    CHECK(schema::CurrentVersion(db).value() == schema::LatestVersion());
    const EntitySpec& note = Spec(EntityType::kNote);
    CHECK(Query(db, "SELECT id, dossier_id, visit_id, author, created_at, scope, partner, length(CAST(b AS BLOB)), b = '" +
                        body + "', deleted FROM (SELECT note.*, " + ReadColumnSql(note, *note.Find("body")) +
                        " AS b FROM note) ORDER BY id") ==
          "not-0000000000100000001|dos-a|NULL|Ana|2026-01-01T10:00:00Z|private|NULL|" + std::to_string(body.size()) +
              "|1|NULL\n"
              "not-0000000000200000002|dos-a|vis-b|Ana|2026-01-02T10:00:00Z|partner|CPAS|5|0|1\n");
    CHECK(Query(db, "SELECT entity_id, field, hex(state) FROM text_state") ==
          "not-0000000000100000001|body|0102030405\n");
    // The indexes the queries use are back, and ids stay unique.
    CHECK(Query(db, "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'note' AND sql IS NOT NULL "
                    "ORDER BY name") == "note_dossier\nnote_scope\n");
    CHECK(sqlite3_exec(db, "INSERT INTO note(id) VALUES ('not-0000000000100000001')", nullptr, nullptr, nullptr) ==
          SQLITE_CONSTRAINT);
    // Everything a vault logged before v9 may have left it: none of it is extended by a later save.
    CHECK(Query(db, "SELECT shared_through, typing_run FROM replica_state") == "16|0\n");
    sqlite3_close(db);
  }
}
