// The note text stored once (issue 14, schema v15; core/src/text_store.h, log_value.h): the text
// state holds no visible text (the body column does) and a logged insertion no characters (the
// state does). What must not change: bundles carry the ops as they were applied, byte for byte,
// from the author and from a relay; the history; merging; and a vault written before v15 (whole
// states, whole or compressed log rows) reads, exports and edits as before, its notes taking the
// new form at their next save.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "log_value.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/crdt/text.h"
#include "passerelle/core/sync_store.h"
#include "passerelle/core/vault.h"
#include "schema.h"
#include "sql.h"
#include "text_store.h"
#include "../support/vault_device.h"
#include "vault_internal.h"

using namespace passerelle;
using namespace passerelle::core;

namespace {

std::string Query(sqlite3* db, const std::string& text) {  // rows as "a|b\n"
  std::string out;
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, text.c_str(), -1, &s, nullptr) == SQLITE_OK);
  while (sqlite3_step(s) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(s); ++c) {
      auto t = sqlite3_column_text(s, c);
      if (c) out += '|';
      out += t ? reinterpret_cast<const char*>(t) : "NULL";
    }
    out += "\n";
  }
  sqlite3_finalize(s);
  return out;
}

struct Device : passerelle::testing::VaultDevice {
  std::vector<Op> Outbox() {
    auto out = SyncStore(*vault).OutboxFor({});
    REQUIRE(out.ok());
    return out->ops;
  }
};

// A note with a history: created, typed on (autosaves), cut in the middle, prepended to.
std::string WriteNote(Device& d, std::string* body) {
  auto note = AddNote(*d.vault, {{"dossier_id", d.Dossier()}, {"body", "Premier entretien"}});
  REQUIRE(note.ok());
  for (const char* text : {"Premier entretien au parloir", "Premier entretien au parloir de Lantin, à 10 h.",
                           "Premier entretien de Lantin, à 10 h.", "Note: Premier entretien de Lantin, à 10 h."}) {
    d.clock.Advance(700);
    REQUIRE(AutosaveNoteBody(*d.vault, *note, text).ok());
    *body = text;
  }
  return *note;
}

void ExpectSameOps(const std::vector<Op>& a, const std::vector<Op>& b) {
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    CAPTURE(i);
    CHECK(a[i].id == b[i].id);
    CHECK(a[i].value == b[i].value);
  }
}

}  // namespace

TEST_CASE("the text is stored once, and ops leave the author and a relay byte for byte") {
  Device a;
  std::string body;
  const std::string note = WriteNote(a, &body);
  CHECK(ListNotes(*a.vault, a.dossier)->front().body == body);
  // No stored insertion carries text; the state carries only the deleted text (" au parloir").
  CHECK(Query(a.db(), "SELECT count(*) FROM oplog WHERE kind = 4 AND instr(value, 'entretien') > 0") == "0\n");
  CHECK(Query(a.db(), "SELECT instr(state, 'entretien') = 0 FROM text_state") == "1\n");
  const std::vector<Op> sent = a.Outbox();
  Device b;
  REQUIRE(b.vault->Apply(sent).ok());  // merged ops are logged without their text too
  CHECK(Query(b.db(), "SELECT count(*) FROM oplog WHERE kind = 4 AND instr(value, 'entretien') > 0") == "0\n");
  ExpectSameOps(b.Outbox(), sent);  // a relay hands on exactly what it received
  CHECK(ListNotes(*b.vault, a.dossier)->front().body == body);
  auto ha = FieldHistory(*a.vault, note, "body"), hb = FieldHistory(*b.vault, note, "body");
  REQUIRE(ha.ok());
  REQUIRE(hb.ok());
  REQUIRE(ha->size() == hb->size());
  for (size_t i = 0; i < ha->size(); ++i) CHECK((*ha)[i].value == (*hb)[i].value);
  CHECK(ha->front().value == "Premier entretien");
  CHECK(ha->back().value == body);
  // Both go on editing and converge.
  REQUIRE(SaveNoteBody(*b.vault, note, body + " Suite.").ok());
  REQUIRE(SaveNoteBody(*a.vault, note, "Relu. " + body).ok());
  REQUIRE(a.vault->Apply(SyncStore(*b.vault).OutboxFor(*SyncStore(*a.vault).Held())->ops).ok());
  REQUIRE(b.vault->Apply(SyncStore(*a.vault).OutboxFor(*SyncStore(*b.vault).Held())->ops).ok());
  CHECK(ListNotes(*a.vault, a.dossier)->front().body == "Relu. " + body + " Suite.");
  CHECK(ListNotes(*b.vault, a.dossier)->front().body == "Relu. " + body + " Suite.");
  a.ExpectConsistent();
  b.ExpectConsistent();
}

TEST_CASE("a body column that does not fit its state is reported as damage, not shown") {
  Device a;
  std::string body;
  const std::string note = WriteNote(a, &body);
  // The text is in the note's chunks (schema v16, text_store.h): one of them replaced by other text.
  REQUIRE(sqlite3_exec(a.db(),
                       ("UPDATE text_chunk SET data = CAST('court' AS BLOB) WHERE k = (SELECT min(k) FROM text_chunk "
                        "WHERE k >> 20 = (SELECT ref FROM ref_entity WHERE id = '" + note + "'))").c_str(),
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  auto saved = SaveNoteBody(*a.vault, note, "autre chose");
  CHECK(saved.code() == Code::kCorrupt);
}

TEST_CASE("a vault written before v15 reads, exports and edits as before (migration with data)") {
  Device a;
  std::string body;
  const std::string note = WriteNote(a, &body);
  const std::vector<Op> before = a.Outbox();
  auto history_before = FieldHistory(*a.vault, note, "body");
  REQUIRE(history_before.ok());
  // Rewrite the vault as v12 to v14 wrote it: whole states (format 1) and whole log values (compressed
  // from 256 bytes, as v11 did; these are shorter, so plain).
  {
    sqlite3* db = a.db();
    TextStore store(db);
    auto doc = store.Load(note, "body", a.vault->replica());
    REQUIRE(doc.ok());
    REQUIRE(doc->has_value());
    const auto whole = (*doc)->doc.EncodeState();
    sql::Stmt put(db, "UPDATE text_state SET state = ? WHERE entity_id = ?");
    put.BindBlob(1, whole).Bind(2, note);
    REQUIRE(put.Run().ok());
    for (const Op& op : before) {
      if (op.kind != OpKind::kText) continue;
      sql::Stmt w(db, "UPDATE oplog SET value = ? WHERE counter = ? AND replica_ref = (SELECT ref FROM ref_replica "
                      "WHERE replica = ?)");
      w.BindBlob(1, std::span(reinterpret_cast<const uint8_t*>(op.value->data()), op.value->size()))
          .BindU64(2, op.id.counter)
          .BindU64(3, op.id.replica);
      REQUIRE(w.Run().ok());
    }
    // The text back in the column, as before v16 (its chunks, schema v16, did not exist).
    sql::Stmt body_back(db, "UPDATE note SET body = ? WHERE id = ?");
    body_back.Bind(1, body).Bind(2, note);
    REQUIRE(body_back.Run().ok());
    REQUIRE(sqlite3_exec(db, "DROP TABLE text_chunk", nullptr, nullptr, nullptr) == SQLITE_OK);
    // The version before the text stored once (the migrations after v12 change no note row).
    const std::string before_text_once = "PRAGMA user_version = " + std::to_string(schema::LatestVersion() - 2);
    REQUIRE(sqlite3_exec(db, before_text_once.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  CHECK(Query(a.db(), "SELECT count(*) FROM oplog WHERE kind = 4 AND instr(value, 'entretien') > 0") != "0\n");
  a.Reopen();
  CHECK(schema::CurrentVersion(a.db()).value() == schema::LatestVersion());
  ExpectSameOps(a.Outbox(), before);
  auto history = FieldHistory(*a.vault, note, "body");
  REQUIRE(history.ok());
  REQUIRE(history->size() == history_before->size());
  for (size_t i = 0; i < history->size(); ++i) CHECK((*history)[i].value == (*history_before)[i].value);
  CHECK(Query(a.db(), "SELECT hex(substr(state, 5, 1)) FROM text_state") == "01\n");
  a.ExpectConsistent();
  // The next save writes the new forms; the old rows stay readable beside the new ones.
  a.clock.Advance(700);
  REQUIRE(SaveNoteBody(*a.vault, note, body + " Fin.").ok());
  CHECK(Query(a.db(), "SELECT hex(substr(state, 5, 1)), instr(state, 'entretien') = 0 FROM text_state") == "02|1\n");
  CHECK(ListNotes(*a.vault, a.dossier)->front().body == body + " Fin.");
  Device b;
  REQUIRE(b.vault->Apply(a.Outbox()).ok());
  CHECK(ListNotes(*b.vault, a.dossier)->front().body == body + " Fin.");
  ExpectSameOps(b.Outbox(), a.Outbox());
  a.ExpectConsistent();
  b.ExpectConsistent();
}

TEST_CASE("a waiting insertion dropped as malformed is logged whole again and still leaves as received") {
  Device a;
  const std::string note = "not-0000000000100000001";
  crdt::TextDoc r1(1), r2(2);
  const crdt::TextOp typed = r1.Insert(0, "abc");
  REQUIRE(r2.Apply(typed).ok());
  const crdt::TextOp cut = r2.Delete(0, 1);  // replica 2's counter 0 is a deletion
  crdt::TextOp bad;                          // anchored on that deletion: malformed once it is here
  bad.id = {3, 0};
  bad.origin_left = crdt::CharId{2, 0};
  bad.text = "zzz";
  auto text_op = [&](uint64_t replica, const crdt::TextOp& t) {
    const auto bytes = crdt::EncodeTextOp(t);
    return Op{{replica, 1}, 1767261600000ull << 16, note, "body", OpKind::kText, std::string(bytes.begin(), bytes.end()), {}};
  };
  REQUIRE(a.vault->Apply({text_op(1001, typed), text_op(1003, bad)}).ok());  // `bad` waits for (2, 0)
  REQUIRE(a.vault->Apply({text_op(1002, cut)}).ok());                        // ...which wakes and drops it
  const std::vector<Op> out = a.Outbox();
  REQUIRE(out.size() == 3);
  const auto whole = crdt::EncodeTextOp(bad);
  bool found = false;
  for (const Op& op : out)
    if (op.id.replica == 1003) found = op.value == std::string(whole.begin(), whole.end());
  CHECK(found);
  a.ExpectConsistent();
}
