// The sync index (core/src/sync_index.h, schema v5): what the log holds and the ops of private
// notes, kept by every merge. It must always say what a full read of the log and the notes says
// (Vault::Check compares them), through local saves, scope changes both ways, merged ops with
// holes, and the migration from every earlier schema version with data.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <string>

#include "passerelle/core/case_files.h"
#include "passerelle/core/sync_store.h"
#include "passerelle/core/vault.h"
#include "range_sweep.h"
#include "schema.h"
#include "sync_index.h"
#include "../support/temp_dir.h"
#include "../support/vault_fixture.h"
#include "vault_internal.h"  // the raw connection, for white-box checks

using namespace passerelle;
using namespace passerelle::core;
using passerelle::testing::TempDir;

namespace {

std::string Query(sqlite3* db, const char* sql) {  // rows as "a|b\n"
  std::string out;
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK);
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

constexpr const char* kHeld =
    "SELECT r.replica, h.first, h.last FROM sync_held h JOIN ref_replica r ON r.ref = h.replica_ref "
    "ORDER BY r.replica, h.first";
constexpr const char* kWithheld =
    "SELECT r.replica, w.counter, e.id, f.name FROM sync_withheld w JOIN ref_replica r ON r.ref = w.replica_ref "
    "JOIN ref_entity e ON e.ref = w.note_ref JOIN ref_field f ON f.ref = w.field_ref ORDER BY r.replica, w.counter";

struct Fixture {
  TempDir dir;
  std::unique_ptr<Vault> vault;
  std::string dossier;
  Fixture() {
    auto v = Vault::Create(dir.File("a.vault"), platform::SecureBuffer::FromString("pass phrase"),
                           passerelle::testing::FastVaultOptions());
    REQUIRE(v.ok());
    vault = std::move(v).value();
    dossier = AddPersonWithDossier(*vault, {{"name", "Karim B."}}, {}).value().second;
  }
  sqlite3* db() { return internal::Db(*vault); }
  size_t Withheld() {
    std::string rows = Query(db(), "SELECT count(*) FROM sync_withheld");
    return std::stoul(rows);
  }
  void ExpectConsistent() {
    auto problems = vault->Check();
    REQUIRE(problems.ok());
    CHECK(problems->empty());
    for (const auto& p : *problems) MESSAGE(p);
  }
};

Op Remote(ReplicaId replica, uint64_t counter, HlcTimestamp hlc, Op op) {
  op.id = {replica, counter};
  op.hlc = hlc;
  return op;
}

}  // namespace

TEST_CASE("the sync index follows local saves and scope changes in both directions") {
  Fixture f;
  f.ExpectConsistent();
  auto shared = AddNote(*f.vault, {{"dossier_id", f.dossier}, {"body", "Rendez-vous au CPAS."}});
  REQUIRE(shared.ok());
  CHECK(f.Withheld() == 0);
  auto secret = AddNote(*f.vault, {{"dossier_id", f.dossier}, {"scope", "private"}, {"body", "Inquiet."}});
  REQUIRE(secret.ok());
  const size_t private_ops = f.Withheld();
  CHECK(private_ops >= 4);  // dossier, author, creation time, scope, body
  f.ExpectConsistent();
  // One range: this vault's counters are dense.
  CHECK(Query(f.db(), "SELECT count(*) FROM sync_held") == "1\n");
  auto held = SyncStore(*f.vault).Held();
  REQUIRE(held.ok());
  CHECK(held->Count() == static_cast<uint64_t>(passerelle::testing::OpLogSize(*f.vault)));

  REQUIRE(SaveNoteBody(*f.vault, *secret, "Inquiet pour son logement.").ok());
  CHECK(f.Withheld() > private_ops);  // a private note's new edit stays here too
  f.ExpectConsistent();

  REQUIRE(UpdateRecord(*f.vault, *secret, {{"scope", "service"}}).ok());
  CHECK(f.Withheld() == 0);  // shared: its whole history may travel
  f.ExpectConsistent();

  REQUIRE(UpdateRecord(*f.vault, *shared, {{"scope", "private"}}).ok());
  CHECK(f.Withheld() >= 5);  // private again: every earlier op of it stays
  f.ExpectConsistent();
  auto outbox = SyncStore(*f.vault).OutboxFor({}, /*count_only=*/true);
  REQUIRE(outbox.ok());
  CHECK(outbox->withheld == f.Withheld());
  // A device never met: every op either may leave or stays.
  CHECK(outbox->count + outbox->withheld == outbox->held.Count());
}

TEST_CASE("merged ops with holes and a remote scope change keep the index exact") {
  Fixture f;
  auto note = AddNote(*f.vault, {{"dossier_id", f.dossier}, {"body", "Premier entretien."}});
  REQUIRE(note.ok());
  const ReplicaId ben = 77;
  // Ben's counters 1, 2 and 5 (3 and 4 are his private edits, never sent).
  std::vector<Op> ops;
  ops.push_back(Remote(ben, 1, 1000, SetField(f.dossier, "next_review", "2027-01-04")));
  ops.push_back(Remote(ben, 2, 1001, SetField(f.dossier, "next_hearing", "2027-02-01")));
  ops.push_back(Remote(ben, 5, 1002, SetField(f.dossier, "expected_release", "2028-03-01")));
  REQUIRE(f.vault->Apply(std::move(ops)).ok());
  CHECK(Query(f.db(), kHeld).find("77|1|2\n77|5|5\n") != std::string::npos);
  f.ExpectConsistent();
  // Ben makes Ana's note private, with a stamp above everything: all its ops now stay here.
  REQUIRE(f.vault->Apply({Remote(ben, 6, uint64_t{1} << 62, SetField(*note, "scope", "private"))}).ok());
  CHECK(Query(f.db(), kHeld).find("77|1|2\n77|5|6\n") != std::string::npos);
  CHECK(Query(f.db(), kWithheld).find("77|6|" + *note + "|scope\n") != std::string::npos);
  CHECK(f.Withheld() >= 6);
  f.ExpectConsistent();
  // The hole fills late: one range again.
  std::vector<Op> late;
  late.push_back(Remote(ben, 3, 1003, SetField(f.dossier, "referent", "Ben")));
  late.push_back(Remote(ben, 4, 1004, SetField(f.dossier, "referent", "Ana")));
  REQUIRE(f.vault->Apply(std::move(late)).ok());
  CHECK(Query(f.db(), kHeld).find("77|1|6\n") != std::string::npos);
  f.ExpectConsistent();
}

TEST_CASE("check finds a sync index that differs from the log") {
  Fixture f;
  REQUIRE(AddNote(*f.vault, {{"dossier_id", f.dossier}, {"scope", "private"}, {"body", "x"}}).ok());
  f.ExpectConsistent();
  SUBCASE("a held range lost") {
    REQUIRE(sqlite3_exec(f.db(), "DELETE FROM sync_held", nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  SUBCASE("a private note's op let go") {
    REQUIRE(sqlite3_exec(f.db(), "DELETE FROM sync_withheld WHERE counter = (SELECT max(counter) FROM sync_withheld)",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  SUBCASE("a secret note's ops forgotten by the aggregate") {
    REQUIRE(sqlite3_exec(f.db(), "DELETE FROM sync_secret_ops", nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  SUBCASE("a note called secret that another device holds ops of") {
    REQUIRE(sqlite3_exec(f.db(), "UPDATE sync_restricted_note SET secret = 0", nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  auto problems = f.vault->Check();
  REQUIRE(problems.ok());
  REQUIRE(!problems->empty());
  for (const auto& p : *problems) CHECK(p.find("sync index") != std::string::npos);
}

TEST_CASE("a note private from its first op is secret until another device's op of it arrives") {
  Fixture f;
  constexpr const char* kSecret = "SELECT e.id, r.secret FROM sync_restricted_note r JOIN ref_entity e ON e.ref = r.note_ref ORDER BY e.id";
  auto shared = AddNote(*f.vault, {{"dossier_id", f.dossier}, {"body", "Rendez-vous au CPAS."}});
  auto secret = AddNote(*f.vault, {{"dossier_id", f.dossier}, {"scope", "private"}, {"body", "Inquiet."}});
  REQUIRE(shared.ok());
  REQUIRE(secret.ok());
  CHECK(Query(f.db(), kSecret) == *secret + "|1\n");
  REQUIRE(SaveNoteBody(*f.vault, *secret, "Inquiet pour son logement.").ok());
  auto all_secret = sync_index::LoadSecret(f.db());
  REQUIRE(all_secret.ok());
  CHECK(all_secret->Count() == f.Withheld());  // every op of it, as ranges
  f.ExpectConsistent();
  // A note that was shared (its ops may have left) and then made private is not secret: rule 2
  // sends its scope ops to a device that knew it.
  REQUIRE(UpdateRecord(*f.vault, *shared, {{"scope", "private"}}).ok());
  CHECK(Query(f.db(), kSecret) == std::min(*secret, *shared) + "|" + (*secret < *shared ? "1" : "0") + "\n" +
                                      std::max(*secret, *shared) + "|" + (*secret < *shared ? "0" : "1") + "\n");
  f.ExpectConsistent();
  auto outbox = SyncStore(*f.vault).OutboxFor({});
  REQUIRE(outbox.ok());
  CHECK(outbox->withheld == f.Withheld());
  CHECK(outbox->withheld_own.Count() == f.Withheld());  // hidden from the acknowledgement
  CHECK(outbox->ops.size() == outbox->count);
  CHECK(outbox->count + outbox->withheld == outbox->held.Count());
  auto counted = SyncStore(*f.vault).OutboxCounts({Knowledge{}, outbox->held});
  REQUIRE(counted.ok());
  CHECK(counted->at(0).count == outbox->count);
  CHECK(counted->at(0).withheld == outbox->withheld);
  CHECK(counted->at(1).count == 0);  // a peer holding everything lacks nothing, withheld included
  CHECK(counted->at(1).withheld == 0);
  // Another device's op of the secret note (it was shared there once): no longer secret.
  REQUIRE(f.vault->Apply({Remote(77, 1, 1000, SetField(*secret, "created_at", "2026-01-01T00:00:00Z"))}).ok());
  CHECK(Query(f.db(), ("SELECT r.secret FROM sync_restricted_note r JOIN ref_entity e ON e.ref = r.note_ref "
                       "WHERE e.id = '" + *secret + "'").c_str()) == "0\n");
  CHECK(sync_index::LoadSecret(f.db())->empty());
  f.ExpectConsistent();
  // Sharing the other one again releases everything.
  REQUIRE(UpdateRecord(*f.vault, *shared, {{"scope", "service"}}).ok());
  REQUIRE(UpdateRecord(*f.vault, *secret, {{"scope", "service"}}).ok());
  CHECK(f.Withheld() == 0);
  f.ExpectConsistent();
}

TEST_CASE("knowledge stored in one row keeps its holes") {
  crdt::Knowledge k;
  k.AddRange(42, {1, 9});
  k.AddRange(42, {12, 40});
  k.AddRange(uint64_t{1} << 62, {3, 3});
  auto back = sync_index::DecodeKnowledge(sync_index::EncodeKnowledge(k));
  REQUIRE(back.ok());
  CHECK(*back == k);
  CHECK(sync_index::DecodeKnowledge(sync_index::EncodeKnowledge({}))->empty());
  auto bytes = sync_index::EncodeKnowledge(k);
  for (size_t cut = 0; cut < bytes.size(); ++cut)
    CHECK(!sync_index::DecodeKnowledge(std::span(bytes).first(cut)).ok());
}

TEST_CASE("the knowledge blob's varints read as before: long, overlong, and too long") {
  crdt::Knowledge k;  // gaps and lengths of one, two, three and ten bytes
  k.AddRange(7, {1, 1});
  k.AddRange(7, {200, 20'000});
  k.AddRange(7, {3'000'000, 3'000'100});
  k.AddRange(7, {UINT64_MAX - 5, UINT64_MAX});
  auto back = sync_index::DecodeRangeLists(sync_index::EncodeKnowledge(k));
  REQUIRE(back.ok());
  CHECK(*back == k.ranges());
  // An overlong varint (0x81 0x00 is 1) is read, as platform::ByteReader reads it.
  const std::vector<uint8_t> overlong = {0x01, 0x07, 0x01, 0x81, 0x00, 0x80, 0x80, 0x00};
  auto one = sync_index::DecodeRangeLists(overlong);
  REQUIRE(one.ok());
  CHECK(*one == sync_index::RangeLists{{7, {{1, 1}}}});
  // A tenth byte above 1 would carry bits past 64: damaged.
  std::vector<uint8_t> too_long = {0x01, 0x07, 0x01};
  for (int i = 0; i < 9; ++i) too_long.push_back(0xff);
  too_long.push_back(0x02);
  too_long.push_back(0x00);
  CHECK(!sync_index::DecodeRangeLists(too_long).ok());
}

TEST_CASE("the outbox's sweeps say what Knowledge's set arithmetic says") {
  // Random sets with holes, overlapping, touching and disjoint, against Knowledge::Minus.
  uint64_t seed = 88172645463325252ull;
  auto next = [&seed](uint64_t n) {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed % n;
  };
  auto random_set = [&](uint64_t density) {
    crdt::Knowledge k;
    for (uint64_t c = 1; c <= 300; ++c)
      if (next(100) < density) k.Add(9, c);
    return k;
  };
  for (int round = 0; round < 300; ++round) {
    CAPTURE(round);
    crdt::Knowledge from = random_set(90), a = random_set(next(100)), b = random_set(next(60)), c = random_set(next(10));
    crdt::Knowledge expected = from.Minus(a).Minus(b).Minus(c);
    crdt::Knowledge got;
    const auto* ranges = range_sweep::RangesOf(from, 9);
    uint64_t n = ranges == nullptr ? 0
                                   : range_sweep::Subtract(9, *ranges, {range_sweep::RangesOf(a, 9), range_sweep::RangesOf(b, 9),
                                                                        range_sweep::RangesOf(c, 9)},
                                                           &got);
    CHECK(got == expected);
    CHECK(n == expected.Count());
    crdt::Knowledge one;
    n = ranges == nullptr ? 0 : range_sweep::Subtract(9, *ranges, {nullptr, range_sweep::RangesOf(b, 9)}, &one);
    CHECK(one == from.Minus(b));
    CHECK(n == from.Minus(b).Count());
    for (uint64_t counter = 0; counter <= 301; ++counter)
      CHECK(range_sweep::Contains(a.ranges(), 9, counter) == a.Contains(9, counter));
  }
}

TEST_CASE("the sync index migration fills it from the log of every earlier version") {
  for (int from = 1; from < schema::LatestVersion(); ++from) {
    if (from >= 5) break;  // later versions already have the index
    CAPTURE(from);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
    REQUIRE(schema::Migrate(db, from).ok());
    // Replica 42 holds counters 1-3 and 5 (4 is a hole); not-p is private (ops 2, 3), not-s is not.
    const char* notes = R"sql(
      INSERT INTO note(id, dossier_id, scope, body) VALUES ('not-p', 'dos-a', 'private', 'x'),
                                                          ('not-s', 'dos-a', 'service', 'y');
    )sql";
    REQUIRE(sqlite3_exec(db, notes, nullptr, nullptr, nullptr) == SQLITE_OK);
    const char* v1_log = R"sql(
      INSERT INTO oplog(seq, replica, counter, hlc, entity_id, field, kind, value) VALUES
        (1, 42, 1, 100, 'dos-a', 'referent', 1, x'416E61'),
        (2, 42, 2, 101, 'not-p', 'scope', 1, x'70726976617465'),
        (3, 42, 3, 102, 'not-p', 'dossier_id', 1, x'646F732D61'),
        (4, 42, 5, 103, 'not-s', 'scope', 1, x'73657276696365');
    )sql";
    const char* v4_log = R"sql(
      INSERT INTO ref_replica(ref, replica) VALUES (1, 42);
      INSERT INTO ref_entity(ref, id) VALUES (1, 'dos-a'), (2, 'not-p'), (3, 'not-s');
      INSERT INTO ref_field(ref, name) VALUES (1, 'referent'), (2, 'scope'), (3, 'dossier_id');
      INSERT INTO oplog(replica_ref, counter, hlc, entity_ref, field_ref, kind, value) VALUES
        (1, 1, 100, 1, 1, 1, x'416E61'), (1, 2, 101, 2, 2, 1, x'70726976617465'),
        (1, 3, 102, 2, 3, 1, x'646F732D61'), (1, 5, 103, 3, 2, 1, x'73657276696365');
    )sql";
    REQUIRE(sqlite3_exec(db, from < 4 ? v1_log : v4_log, nullptr, nullptr, nullptr) == SQLITE_OK);
    // This vault is replica 42 (43 for `received`: then not-p came from another device, which
    // knows it); its ops may have left up to shared_through (v11 takes next_counter - 1). not-p's
    // only scope op says private, so it never was shareable: secret unless received.
    const bool received = from % 2 == 0;
    const std::string identity = std::string("INSERT INTO replica_state(singleton, replica_id, next_counter, hlc_last, "
                                             "worker, service, created_at) VALUES (1, ") +
                                 (received ? "43" : "42") + ", 6, 103, 'Ana', 'CAPREV', '2026-01-01T00:00:00Z');";
    REQUIRE(sqlite3_exec(db, identity.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    // A peer's acknowledgement with a hole (rows of ranges before v14).
    if (from >= 3)
      REQUIRE(sqlite3_exec(db,
                           "INSERT INTO sync_peer(replica) VALUES (7); "
                           "INSERT INTO sync_peer_range(peer, replica, first, last) VALUES (7, 42, 1, 1), (7, 42, 5, 5);",
                           nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE(schema::Migrate(db).ok());
    CHECK(schema::CurrentVersion(db).value() == schema::LatestVersion());
    CHECK(Query(db, kHeld) == "42|1|3\n42|5|5\n");
    CHECK(Query(db, kWithheld) == "42|2|not-p|scope\n42|3|not-p|dossier_id\n");
    CHECK(Query(db, "SELECT e.id, r.secret FROM sync_restricted_note r JOIN ref_entity e ON e.ref = r.note_ref") ==
          (received ? "not-p|0\n" : "not-p|1\n"));
    auto secret = sync_index::LoadSecret(db);
    REQUIRE(secret.ok());
    CHECK(secret->Count() == (received ? 0u : 2u));
    if (from >= 3) {
      crdt::Knowledge acked;
      acked.AddRange(42, {1, 1});
      acked.AddRange(42, {5, 5});
      sqlite3_stmt* q = nullptr;
      REQUIRE(sqlite3_prepare_v2(db, "SELECT knowledge FROM sync_peer WHERE replica = 7", -1, &q, nullptr) == SQLITE_OK);
      REQUIRE(sqlite3_step(q) == SQLITE_ROW);
      auto blob = std::span(static_cast<const uint8_t*>(sqlite3_column_blob(q, 0)),
                            static_cast<size_t>(sqlite3_column_bytes(q, 0)));
      CHECK(sync_index::DecodeKnowledge(blob).value() == acked);
      sqlite3_finalize(q);
    }
    sqlite3_close(db);
  }
}
