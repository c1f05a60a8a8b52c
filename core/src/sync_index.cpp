// The sync index (sync_index.h): maintained by the merge, read by the sync store.
#include "sync_index.h"

#include <map>
#include <string>

#include "merger.h"
#include "passerelle/core/model.h"
#include "passerelle/core/visibility.h"
#include "refs.h"
#include "passerelle/platform/bytes.h"
#include "sql.h"

namespace passerelle::core {
namespace {

// Every op of one note: the history chains of all its fields (merger.h).
constexpr const char* kWithholdWholeNote =
    "WITH RECURSIVE chain(r, n) AS (SELECT last_replica_ref, last_counter FROM field_clock WHERE entity_ref = ?1 "
    "  UNION SELECT o.prev_replica_ref, o.prev_counter FROM oplog o JOIN chain "
    "  ON o.replica_ref = chain.r AND o.counter = chain.n WHERE o.prev_counter IS NOT NULL) "
    "INSERT OR IGNORE INTO sync_withheld(replica_ref, counter, note_ref, field_ref) "
    "SELECT c.r, c.n, ?1, o.field_ref FROM chain c JOIN oplog o ON o.replica_ref = c.r AND o.counter = c.n";

}  // namespace

Status Merger::FlushSyncIndex() {
  if (logged_.empty()) return Status::Ok();
  // Held: the batch's ids merged into the stored ranges of each origin replica it touched (one
  // range per replica in the common case, so this reads and writes a row or two).
  crdt::Knowledge added;  // keyed by replica ref
  for (const auto& op : logged_) added.Add(static_cast<crdt::ReplicaId>(op.replica_ref), op.counter);
  auto& load = Cached("SELECT first, last FROM sync_held WHERE replica_ref = ?");
  auto& drop = Cached("DELETE FROM sync_held WHERE replica_ref = ?");
  auto& put = Cached("INSERT INTO sync_held(replica_ref, first, last) VALUES (?, ?, ?)");
  for (const auto& [ref, ranges] : added.ranges()) {
    crdt::Knowledge k;
    load.Reset();
    load.BindU64(1, ref);
    while (load.Step()) k.AddRange(ref, {load.U64(0), load.U64(1)});
    PASSERELLE_RETURN_IF_ERROR(load.status());
    load.Reset();
    for (const auto& r : ranges) k.AddRange(ref, r);
    drop.Reset();
    PASSERELLE_RETURN_IF_ERROR(drop.BindU64(1, ref).Run());
    for (const auto& r : k.ranges().at(ref)) {
      put.Reset();
      PASSERELLE_RETURN_IF_ERROR(put.BindU64(1, ref).BindU64(2, r.first).BindU64(3, r.last).Run());
    }
  }

  // Withheld: only a note's own ops can change whether it may leave (its scope register), so the
  // notes this batch logged ops for are the only ones to look at.
  if (logged_notes_.empty()) return Status::Ok();
  std::map<int64_t, std::vector<const LoggedForSync*>> by_note;
  for (const auto& op : logged_)
    if (logged_notes_.count(op.entity_ref)) by_note[op.entity_ref].push_back(&op);
  auto& note_scope = Cached("SELECT scope FROM note WHERE id = ?");
  auto& assessment_scope = Cached("SELECT scope FROM assessment WHERE id = ?");
  auto& was = Cached("SELECT secret FROM sync_restricted_note WHERE note_ref = ?");
  auto& restrict = Cached("INSERT INTO sync_restricted_note(note_ref, secret) VALUES (?, ?)");
  auto& unsecret = Cached("UPDATE sync_restricted_note SET secret = 0 WHERE note_ref = ?");
  auto& release = Cached("DELETE FROM sync_restricted_note WHERE note_ref = ?");
  auto& release_ops = Cached("DELETE FROM sync_withheld WHERE note_ref = ?");
  auto& note_ops = Cached("SELECT replica_ref, counter FROM sync_withheld WHERE note_ref = ?");
  auto& withhold = Cached(
      "INSERT OR IGNORE INTO sync_withheld(replica_ref, counter, note_ref, field_ref) VALUES (?, ?, ?, ?)");
  auto& whole = Cached(kWithholdWholeNote);
  // The secret notes' aggregate (sync_index.h), keyed by replica ref: what this batch adds and
  // removes, applied to the stored row (keyed by replica id) once at the end.
  crdt::Knowledge secret_add, secret_remove;
  auto all_local = [&](int64_t ref) {
    for (const LoggedForSync* op : by_note[ref])
      if (!op->local) return false;
    return true;
  };
  auto add_batch = [&](int64_t ref) {
    for (const LoggedForSync* op : by_note[ref]) secret_add.Add(static_cast<crdt::ReplicaId>(op->replica_ref), op->counter);
  };
  auto withheld_of = [&](int64_t ref, crdt::Knowledge* into, uint64_t* count) -> Status {
    note_ops.Reset();
    note_ops.Bind(1, ref);
    while (note_ops.Step()) {
      if (into) into->Add(static_cast<crdt::ReplicaId>(note_ops.Int(0)), note_ops.U64(1));
      if (count) ++*count;
    }
    PASSERELLE_RETURN_IF_ERROR(note_ops.status());
    note_ops.Reset();
    return Status::Ok();
  };
  for (const auto& [ref, id] : logged_notes_) {
    const EntitySpec* spec = SpecForId(id);
    auto& scope = spec && spec->type == EntityType::kAssessment ? assessment_scope : note_scope;
    scope.Reset();
    scope.Bind(1, id);
    std::optional<NoteScope> current;
    if (scope.Step() && !scope.IsNull(0)) current = ParseNoteScope(scope.Text(0));
    PASSERELLE_RETURN_IF_ERROR(scope.status());
    scope.Reset();
    const bool now = !MayHold(current, Holder::kTeam);
    was.Reset();
    was.Bind(1, ref);
    const bool before = was.Step();
    const bool secret = before && was.Int(0) != 0;
    PASSERELLE_RETURN_IF_ERROR(was.status());
    was.Reset();
    if (now && before) {
      for (const LoggedForSync* op : by_note[ref]) {
        withhold.Reset();
        PASSERELLE_RETURN_IF_ERROR(
            withhold.Bind(1, op->replica_ref).BindU64(2, op->counter).Bind(3, ref).Bind(4, op->field_ref).Run());
      }
      if (secret && all_local(ref)) {
        add_batch(ref);
      } else if (secret) {  // another device's op of it arrived: that device knows the note
        PASSERELLE_RETURN_IF_ERROR(withheld_of(ref, &secret_remove, nullptr));
        unsecret.Reset();
        PASSERELLE_RETURN_IF_ERROR(unsecret.Bind(1, ref).Run());
      }
    } else if (now) {  // became private: its whole history stays here from now on
      whole.Reset();
      PASSERELLE_RETURN_IF_ERROR(whole.Bind(1, ref).Run());
      // Secret if this batch made it, here, private from its first op: nothing of it can have left.
      uint64_t history = 0;
      PASSERELLE_RETURN_IF_ERROR(withheld_of(ref, nullptr, &history));
      const bool born_secret = all_local(ref) && history == by_note[ref].size();
      restrict.Reset();
      PASSERELLE_RETURN_IF_ERROR(restrict.Bind(1, ref).Bind(2, int64_t{born_secret ? 1 : 0}).Run());
      if (born_secret) add_batch(ref);
    } else if (before) {  // shared again: everything it held may travel
      if (secret) PASSERELLE_RETURN_IF_ERROR(withheld_of(ref, &secret_remove, nullptr));
      release.Reset();
      PASSERELLE_RETURN_IF_ERROR(release.Bind(1, ref).Run());
      release_ops.Reset();
      PASSERELLE_RETURN_IF_ERROR(release_ops.Bind(1, ref).Run());
    }
  }
  if (secret_add.empty() && secret_remove.empty()) return Status::Ok();
  // The notes added and removed are different notes, so their ops are disjoint.
  auto& load_secret = Cached("SELECT ranges FROM sync_secret_ops WHERE singleton = 1");
  auto& store_secret = Cached(
      "INSERT INTO sync_secret_ops(singleton, ranges) VALUES (1, ?) "
      "ON CONFLICT(singleton) DO UPDATE SET ranges = excluded.ranges");
  crdt::Knowledge secret;
  load_secret.Reset();
  if (load_secret.Step()) {
    PASSERELLE_ASSIGN_OR_RETURN(secret, sync_index::DecodeKnowledge(load_secret.Blob(0)));
  }
  PASSERELLE_RETURN_IF_ERROR(load_secret.status());
  load_secret.Reset();
  // Stored by replica id, as the outbox uses it (the batch's sets are keyed by ref: a few ranges).
  auto by_id = [&](const crdt::Knowledge& by_ref) -> Result<crdt::Knowledge> {
    crdt::Knowledge out;
    for (const auto& [ref, ranges] : by_ref.ranges()) {
      PASSERELLE_ASSIGN_OR_RETURN(crdt::ReplicaId id, refs_.ReplicaOf(static_cast<int64_t>(ref)));
      for (const auto& r : ranges) out.AddRange(id, r);
    }
    return out;
  };
  PASSERELLE_ASSIGN_OR_RETURN(auto removed_ids, by_id(secret_remove));
  PASSERELLE_ASSIGN_OR_RETURN(auto added_ids, by_id(secret_add));
  secret = secret.Minus(removed_ids);
  secret.Merge(added_ids);
  store_secret.Reset();
  return store_secret.BindBlob(1, sync_index::EncodeKnowledge(secret)).Run();
}

namespace sync_index {

Result<crdt::Knowledge> LoadHeld(sqlite3* db) {
  PASSERELLE_ASSIGN_OR_RETURN(auto replicas, LoadReplicaRefs(db));
  sql::Stmt q(db, "SELECT replica_ref, first, last FROM sync_held");
  crdt::Knowledge k;
  while (q.Step()) {
    auto it = replicas.find(q.Int(0));
    if (it == replicas.end()) return Corrupt("The log names a replica the vault does not know.");
    k.AddRange(it->second, {q.U64(1), q.U64(2)});
  }
  PASSERELLE_RETURN_IF_ERROR(q.status());
  return k;
}

Result<std::vector<WithheldOp>> LoadWithheld(sqlite3* db) {
  PASSERELLE_ASSIGN_OR_RETURN(auto replicas, LoadReplicaRefs(db));
  // CROSS JOIN keeps the few notes that are not secret (partial index) as the outer loop.
  sql::Stmt q(db,
              "SELECT w.replica_ref, w.counter, w.note_ref, f.name = 'scope' FROM sync_restricted_note r "
              "CROSS JOIN sync_withheld w ON w.note_ref = r.note_ref JOIN ref_field f ON f.ref = w.field_ref "
              "WHERE r.secret = 0 ORDER BY w.replica_ref, w.counter");
  std::vector<WithheldOp> out;
  while (q.Step()) {
    auto it = replicas.find(q.Int(0));
    if (it == replicas.end()) return Corrupt("The log names a replica the vault does not know.");
    out.push_back({it->second, q.U64(1), q.Int(2), q.Int(3) != 0});
  }
  PASSERELLE_RETURN_IF_ERROR(q.status());
  return out;
}

namespace {

Status Damaged() { return Corrupt("The sync records of this vault are damaged; run check."); }

}  // namespace

Result<RangeLists> LoadSecretRanges(sqlite3* db) {
  sql::Stmt q(db, "SELECT ranges FROM sync_secret_ops WHERE singleton = 1");
  if (q.Step()) return DecodeRangeLists(q.Blob(0));
  PASSERELLE_RETURN_IF_ERROR(q.status());
  return RangeLists{};
}

Result<crdt::Knowledge> LoadSecret(sqlite3* db) {
  PASSERELLE_ASSIGN_OR_RETURN(auto lists, LoadSecretRanges(db));
  crdt::Knowledge k;
  for (const auto& [replica, ranges] : lists)
    for (const auto& r : ranges) k.AddRange(replica, r);
  return k;
}

std::vector<uint8_t> EncodeKnowledge(const crdt::Knowledge& k) {
  std::vector<uint8_t> out;
  platform::PutVarint(out, k.ranges().size());
  for (const auto& [replica, ranges] : k.ranges()) {
    platform::PutVarint(out, replica);
    platform::PutVarint(out, ranges.size());
    uint64_t end = 0;
    for (const auto& r : ranges) {
      platform::PutVarint(out, r.first - end);
      platform::PutVarint(out, r.last - r.first);
      end = r.last;
    }
  }
  return out;
}

namespace {

// A varint as platform::ByteReader reads it (any length, at most 64 bits: the tenth byte may only
// carry the top bit), inline: a status decodes ~6,000 of them at a service's five years, nearly
// all of one or two bytes.
inline bool ReadVarint(const uint8_t*& at, const uint8_t* end, uint64_t* out) {
  if (at != end && *at < 0x80) {
    *out = *at++;
    return true;
  }
  if (end - at >= 2 && at[1] < 0x80) {  // a gap or a length up to 16,383
    *out = (at[0] & 0x7fu) | static_cast<uint64_t>(at[1]) << 7;
    at += 2;
    return true;
  }
  uint64_t v = 0;
  for (int shift = 0; shift < 64 && at != end; shift += 7) {
    const uint8_t b = *at++;
    if (shift == 63 && b > 1) return false;
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      *out = v;
      return true;
    }
  }
  return false;
}

}  // namespace

Result<RangeLists> DecodeRangeLists(std::span<const uint8_t> bytes) {
  const uint8_t* at = bytes.data();
  const uint8_t* const end = at + bytes.size();
  auto remaining = [&] { return static_cast<uint64_t>(end - at); };
  RangeLists lists;
  uint64_t replicas = 0;
  if (!ReadVarint(at, end, &replicas) || replicas > remaining()) return Damaged();
  for (uint64_t i = 0; i < replicas; ++i) {
    uint64_t replica = 0, n = 0, last = 0;
    if (!ReadVarint(at, end, &replica) || !ReadVarint(at, end, &n) || n > remaining() || lists.count(replica))
      return Damaged();
    auto& ranges = lists[replica];
    ranges.resize(static_cast<size_t>(n));  // filled in place: no bound check per range
    crdt::CounterRange* r = ranges.data();
    for (uint64_t j = 0; j < n; ++j, ++r) {
      uint64_t gap = 0, length = 0;
      // Sorted, disjoint and never adjacent (Knowledge::Ranges): each gap is at least 2 after
      // the first range, and every counter is at least 1.
      if (!ReadVarint(at, end, &gap) || !ReadVarint(at, end, &length) || gap < (j == 0 ? 1u : 2u) ||
          gap > UINT64_MAX - last || length > UINT64_MAX - last - gap)
        return Damaged();
      r->first = last + gap;
      r->last = last = r->first + length;
    }
    if (ranges.empty()) lists.erase(replica);
  }
  if (at != end) return Damaged();
  return lists;
}

Result<crdt::Knowledge> DecodeKnowledge(std::span<const uint8_t> bytes) {
  PASSERELLE_ASSIGN_OR_RETURN(auto lists, DecodeRangeLists(bytes));
  crdt::Knowledge k;
  for (const auto& [replica, ranges] : lists)
    for (const auto& r : ranges) k.AddRange(replica, r);  // appended in order: the fast path
  return k;
}

Status AfterSecretNotesMigration(sqlite3* db) {
  crdt::Knowledge secret;
  {
    sql::Stmt q(db,
                "SELECT p.replica, w.counter FROM sync_restricted_note r CROSS JOIN sync_withheld w "
                "ON w.note_ref = r.note_ref JOIN ref_replica p ON p.ref = w.replica_ref WHERE r.secret = 1 "
                "ORDER BY w.replica_ref, w.counter");
    while (q.Step()) secret.Add(q.U64(0), q.U64(1));
    PASSERELLE_RETURN_IF_ERROR(q.status());
  }
  if (!secret.empty()) {
    sql::Stmt put(db, "INSERT INTO sync_secret_ops(singleton, ranges) VALUES (1, ?)");
    PASSERELLE_RETURN_IF_ERROR(put.BindBlob(1, EncodeKnowledge(secret)).Run());
  }
  std::map<uint64_t, crdt::Knowledge> acked;
  {
    sql::Stmt q(db, "SELECT peer, replica, first, last FROM sync_peer_range ORDER BY peer, replica, first");
    while (q.Step()) acked[q.U64(0)].AddRange(q.U64(1), {q.U64(2), q.U64(3)});
    PASSERELLE_RETURN_IF_ERROR(q.status());
  }
  sql::Stmt put(db,
                "INSERT INTO sync_peer(replica, knowledge) VALUES (?, ?) "
                "ON CONFLICT(replica) DO UPDATE SET knowledge = excluded.knowledge");
  for (const auto& [peer, k] : acked) {
    put.Reset();
    PASSERELLE_RETURN_IF_ERROR(put.BindU64(1, peer).BindBlob(2, EncodeKnowledge(k)).Run());
  }
  return sql::Exec(db, "DROP TABLE sync_peer_range");
}

Result<std::vector<std::string>> Verify(sqlite3* db, std::optional<uint64_t>* newest_hlc) {
  // One pass over the log's rows (its pages are most of the file), compared in memory: four
  // set differences in SQL read the log four times.
  std::vector<std::string> problems;
  std::map<int64_t, bool> private_notes;  // note ref -> private now (from the notes' scope)
  {
    sql::Stmt q(db,
                "SELECT e.ref FROM note n JOIN ref_entity e ON e.id = n.id WHERE n.scope = 'private' "
                "UNION SELECT e.ref FROM assessment a JOIN ref_entity e ON e.id = a.id WHERE a.scope = 'private'");
    while (q.Step()) private_notes[q.Int(0)] = true;
    PASSERELLE_RETURN_IF_ERROR(q.status());
  }
  crdt::Knowledge held;      // keyed by replica ref
  crdt::Knowledge withheld;  // the ops of private notes, keyed by replica ref
  {
    sql::Stmt q(db, "SELECT replica_ref, counter, entity_ref, hlc FROM oplog");
    std::optional<int64_t> newest;  // SQL's max(hlc): stamps compared as SQLite stores them
    while (q.Step()) {
      held.Add(static_cast<crdt::ReplicaId>(q.Int(0)), q.U64(1));
      if (private_notes.count(q.Int(2))) withheld.Add(static_cast<crdt::ReplicaId>(q.Int(0)), q.U64(1));
      if (!newest || q.Int(3) > *newest) newest = q.Int(3);
    }
    PASSERELLE_RETURN_IF_ERROR(q.status());
    if (newest_hlc && newest) *newest_hlc = static_cast<uint64_t>(*newest);
  }
  crdt::Knowledge indexed_held, indexed_withheld;
  {
    sql::Stmt q(db, "SELECT replica_ref, first, last FROM sync_held");
    while (q.Step()) indexed_held.AddRange(static_cast<crdt::ReplicaId>(q.Int(0)), {q.U64(1), q.U64(2)});
    PASSERELLE_RETURN_IF_ERROR(q.status());
  }
  bool wrong_note = false;
  {
    // Each withheld op is the op of that note, in its field, as logged.
    sql::Stmt q(db,
                "SELECT w.replica_ref, w.counter, w.note_ref, o.entity_ref IS w.note_ref AND o.field_ref IS w.field_ref "
                "FROM sync_withheld w LEFT JOIN oplog o ON o.replica_ref = w.replica_ref AND o.counter = w.counter");
    while (q.Step()) {
      indexed_withheld.Add(static_cast<crdt::ReplicaId>(q.Int(0)), q.U64(1));
      if (q.Int(3) != 1) wrong_note = true;
    }
    PASSERELLE_RETURN_IF_ERROR(q.status());
  }
  size_t restricted = 0;
  {
    sql::Stmt q(db, "SELECT note_ref FROM sync_restricted_note");
    while (q.Step()) {
      ++restricted;
      if (!private_notes.count(q.Int(0))) wrong_note = true;
    }
    PASSERELLE_RETURN_IF_ERROR(q.status());
  }
  // The secret notes' aggregate is exactly their withheld ops, all of them made on this device.
  bool wrong_secret = false;
  {
    crdt::Knowledge secret_ops;
    sql::Stmt q(db,
                "SELECT p.replica, w.counter, p.replica IS (SELECT replica_id FROM replica_state) "
                "FROM sync_restricted_note n CROSS JOIN sync_withheld w ON w.note_ref = n.note_ref "
                "LEFT JOIN ref_replica p ON p.ref = w.replica_ref WHERE n.secret = 1");
    while (q.Step()) {
      secret_ops.Add(q.U64(0), q.U64(1));
      if (q.Int(2) != 1) wrong_secret = true;
    }
    PASSERELLE_RETURN_IF_ERROR(q.status());
    auto stored = LoadSecret(db);
    if (!stored.ok() || !(*stored == secret_ops)) wrong_secret = true;
  }
  if (wrong_secret) problems.push_back("the sync index's secret operations differ from its private notes'");
  if (!indexed_held.Minus(held).empty()) problems.push_back("the sync index lists operations the log does not hold");
  if (!held.Minus(indexed_held).empty()) problems.push_back("the sync index misses operations the log holds");
  if (wrong_note || !indexed_withheld.Minus(withheld).empty())
    problems.push_back("the sync index withholds operations of a note that is not private");
  if (restricted != private_notes.size() || !withheld.Minus(indexed_withheld).empty())
    problems.push_back("the sync index would let operations of a private note leave");
  return problems;
}

}  // namespace sync_index
}  // namespace passerelle::core
