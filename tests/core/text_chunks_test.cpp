// A note's text in compressed chunks (issue 14, schema v16; core/src/text_store.h): every reader
// sees the text exactly as saved, a save rewrites only the chunks its edit touched, the text kept in
// memory between saves is dropped when anything else wrote, damage is reported, and a vault
// written before v16 moves its texts into chunks with nothing else changed.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "passerelle/core/case_files.h"
#include "passerelle/core/dump.h"
#include "passerelle/core/model.h"
#include "passerelle/core/vault.h"
#include "schema.h"
#include "text_store.h"
#include "../support/vault_device.h"
#include "vault_internal.h"

using namespace passerelle;
using namespace passerelle::core;

namespace {

std::map<int64_t, std::string> Chunks(sqlite3* db) {  // key -> stored bytes
  std::map<int64_t, std::string> out;
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT k, hex(data) FROM text_chunk", -1, &s, nullptr) == SQLITE_OK);
  while (sqlite3_step(s) == SQLITE_ROW) out[sqlite3_column_int64(s, 0)] = reinterpret_cast<const char*>(sqlite3_column_text(s, 1));
  sqlite3_finalize(s);
  return out;
}

// This file's device: one dossier from the start, and its notes' text as the app lists it.
struct Device : passerelle::testing::VaultDevice {
  Device() { Dossier(); }
  std::string Body(Vault& v, const std::string& note) {
    auto notes = ListNotes(v, dossier);
    REQUIRE(notes.ok());
    for (const auto& n : *notes)
      if (n.id == note) return n.body;
    FAIL("no such note");
    return {};
  }
};

std::string Words(std::mt19937& rng, size_t bytes) {
  static const char* kWords[] = {"entretien", "parloir", "logement", "sœur", "démarches", "CPAS", "à", "été", "suivi"};
  std::string out;
  while (out.size() < bytes) {
    out += kWords[rng() % std::size(kWords)];
    out += rng() % 9 == 0 ? "\n" : " ";
  }
  return out;
}

}  // namespace

TEST_CASE("a record has one text field at most (the chunk key holds no field)") {
  for (const auto& entity : AllEntities()) {
    int texts = 0;
    for (const auto& f : entity.fields) texts += f.merge == FieldMerge::kText;
    CHECK(texts <= 1);
  }
}

TEST_CASE("typing at the end of a long note rewrites its last chunk alone") {
  Device d;
  std::mt19937 rng(3);
  std::string body = Words(rng, 20000);
  auto note = AddNote(*d.vault, {{"dossier_id", d.dossier}, {"body", body}});
  REQUIRE(note.ok());
  auto before = Chunks(d.db());
  REQUIRE(before.size() >= 5);
  for (int i = 0; i < 30; ++i) {
    d.clock.Advance(700);
    body += " mot";
    REQUIRE(AutosaveNoteBody(*d.vault, *note, body).ok());
  }
  auto after = Chunks(d.db());
  size_t same = 0;
  for (const auto& [k, data] : before) same += after.count(k) && after[k] == data;
  CHECK(same == before.size() - 1);  // every chunk but the last is as it was
  CHECK(d.Body(*d.vault, *note) == body);
  auto other = d.OpenAgain();  // another connection reads the same text
  CHECK(d.Body(*other, *note) == body);
  d.ExpectConsistent(*d.vault);
}

TEST_CASE("random edits anywhere in a note read back exactly, here and after reopening") {
  Device d;
  std::mt19937 rng(11);
  std::string body = Words(rng, 9000);
  auto note = AddNote(*d.vault, {{"dossier_id", d.dossier}, {"body", body}});
  REQUIRE(note.ok());
  for (int i = 0; i < 300; ++i) {
    CAPTURE(i);
    // Positions on code point boundaries: the words are whole UTF-8.
    auto boundary = [&](size_t at) {
      while (at > 0 && at < body.size() && (static_cast<uint8_t>(body[at]) & 0xC0) == 0x80) --at;
      return std::min(at, body.size());
    };
    const size_t at = boundary(body.empty() ? 0 : rng() % (body.size() + 1));
    const int kind = static_cast<int>(rng() % 6);
    if (kind < 3) {
      body.insert(at, Words(rng, kind == 2 ? 5000 : 1 + rng() % 40));
    } else if (kind < 5) {
      const size_t end = boundary(std::min(body.size(), at + (kind == 4 ? rng() % 6000 : rng() % 50)));
      body.erase(at, end - at);
    } else {
      body = Words(rng, rng() % 30000);  // replaced whole
    }
    if (body.size() > 60000) body.resize(boundary(60000));
    d.clock.Advance(700);
    REQUIRE((i % 2 ? AutosaveNoteBody(*d.vault, *note, body) : SaveNoteBody(*d.vault, *note, body)).ok());
    if (i % 25 == 0) {
      CHECK(d.Body(*d.vault, *note) == body);
      for (const auto& [k, data] : Chunks(d.db())) CHECK(data.size() <= 2 * (kChunkMaxBytes + 64));
    }
  }
  CHECK(d.Body(*d.vault, *note) == body);
  d.ExpectConsistent(*d.vault);
  d.vault.reset();
  auto reopened = d.OpenAgain();
  CHECK(d.Body(*reopened, *note) == body);
  REQUIRE(SaveNoteBody(*reopened, *note, body + " fin").ok());
  CHECK(d.Body(*reopened, *note) == body + " fin");
}

TEST_CASE("the text kept between saves is dropped when another connection or a raw write changed it") {
  Device d;
  auto note = AddNote(*d.vault, {{"dossier_id", d.dossier}, {"body", "Premier entretien"}});
  REQUIRE(note.ok());
  REQUIRE(AutosaveNoteBody(*d.vault, *note, "Premier entretien au parloir").ok());  // kept in memory
  {
    auto other = d.OpenAgain();
    d.clock.Advance(700);
    REQUIRE(SaveNoteBody(*other, *note, "Entretien reporté au parloir, sœur présente").ok());
  }
  d.clock.Advance(700);
  REQUIRE(AutosaveNoteBody(*d.vault, *note, "Entretien reporté au parloir, sœur présente. Suite").ok());
  CHECK(d.Body(*d.vault, *note) == "Entretien reporté au parloir, sœur présente. Suite");
  d.ExpectConsistent(*d.vault);
  // A write on this very connection (outside Apply) drops it too.
  REQUIRE(sqlite3_exec(d.db(), "UPDATE replica_state SET worker = worker", nullptr, nullptr, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_exec(d.db(), "DELETE FROM text_chunk", nullptr, nullptr, nullptr) == SQLITE_OK);
  d.clock.Advance(700);
  CHECK(AutosaveNoteBody(*d.vault, *note, "Entretien reporté au parloir, sœur présente. Suite et fin").code() ==
        Code::kCorrupt);  // the state no longer fits the (now missing) text: found, not overwritten
}

TEST_CASE("a damaged chunk is damage: reads fail with kCorrupt and check names it") {
  Device d;
  std::mt19937 rng(5);
  auto note = AddNote(*d.vault, {{"dossier_id", d.dossier}, {"body", Words(rng, 3000)}});
  REQUIRE(note.ok());
  auto chunks = Chunks(d.db());
  REQUIRE(chunks.size() == 1);
  const std::string flip = "UPDATE text_chunk SET data = x'28B52FFD00FF' WHERE k = " + std::to_string(chunks.begin()->first);
  REQUIRE(sqlite3_exec(d.db(), flip.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  auto problems = d.vault->Check();
  REQUIRE(problems.ok());
  REQUIRE(problems->size() == 1);
  CHECK(problems->front().find("does not inflate") != std::string::npos);
  CHECK(ListNotes(*d.vault, d.dossier).status().code() == Code::kCorrupt);
}

TEST_CASE("a vault written before v16 moves its texts into chunks: same dump, same check, edits on") {
  Device d;
  std::mt19937 rng(9);
  std::map<std::string, std::string> bodies;
  for (size_t len : {0, 150, 4096, 4097, 25000}) {
    const std::string body = len ? Words(rng, len) : "x";
    auto note = AddNote(*d.vault, {{"dossier_id", d.dossier}, {"body", body}});
    REQUIRE(note.ok());
    bodies[*note] = body;
  }
  // One more, saved through the migration too.
  auto bare = AddNote(*d.vault, {{"dossier_id", d.dossier}, {"body", "temp"}});
  REQUIRE(bare.ok());
  auto dump = CanonicalDump(*d.vault, {});
  REQUIRE(dump.ok());
  // Rewrite it as v15 wrote it: the text in the column, no chunk table.
  for (const auto& [id, body] : bodies) {
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(d.db(), "UPDATE note SET body = ? WHERE id = ?", -1, &s, nullptr) == SQLITE_OK);
    sqlite3_bind_text(s, 1, body.c_str(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, id.c_str(), -1, SQLITE_TRANSIENT);
    REQUIRE(sqlite3_step(s) == SQLITE_DONE);
    sqlite3_finalize(s);
  }
  const std::string bare_body = "UPDATE note SET body = 'temp' WHERE id = '" + *bare + "'";
  REQUIRE(sqlite3_exec(d.db(), bare_body.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_exec(d.db(), "DROP TABLE text_chunk", nullptr, nullptr, nullptr) == SQLITE_OK);
  const std::string v15 = "PRAGMA user_version = " + std::to_string(schema::LatestVersion() - 1);
  REQUIRE(sqlite3_exec(d.db(), v15.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  d.vault.reset();
  d.vault = d.OpenAgain();
  CHECK(schema::CurrentVersion(d.db()).value() == schema::LatestVersion());
  auto migrated = CanonicalDump(*d.vault, {});
  REQUIRE(migrated.ok());
  CHECK(*migrated == *dump);
  d.ExpectConsistent(*d.vault);
  for (const auto& [id, body] : bodies) {
    d.clock.Advance(700);
    REQUIRE(AutosaveNoteBody(*d.vault, id, body + " suite").ok());
    CHECK(d.Body(*d.vault, id) == body + " suite");
  }
  d.ExpectConsistent(*d.vault);
}
