// The sync index (sync_index.h): maintained by the merge, read by the sync store.
#include "sync_index.h"

#include <map>
#include <string>

#include "merger.h"
#include "passerelle/core/model.h"
#include "passerelle/core/visibility.h"
#include "refs.h"
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
  auto& was = Cached("SELECT 1 FROM sync_restricted_note WHERE note_ref = ?");
  auto& restrict = Cached("INSERT INTO sync_restricted_note(note_ref) VALUES (?)");
  auto& release = Cached("DELETE FROM sync_restricted_note WHERE note_ref = ?");
  auto& release_ops = Cached("DELETE FROM sync_withheld WHERE note_ref = ?");
  auto& withhold = Cached(
      "INSERT OR IGNORE INTO sync_withheld(replica_ref, counter, note_ref, field_ref) VALUES (?, ?, ?, ?)");
  auto& whole = Cached(kWithholdWholeNote);
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
    PASSERELLE_RETURN_IF_ERROR(was.status());
    was.Reset();
    if (now && before) {
      for (const LoggedForSync* op : by_note[ref]) {
        withhold.Reset();
        PASSERELLE_RETURN_IF_ERROR(
            withhold.Bind(1, op->replica_ref).BindU64(2, op->counter).Bind(3, ref).Bind(4, op->field_ref).Run());
      }
    } else if (now) {  // became private: its whole history stays here from now on
      restrict.Reset();
      PASSERELLE_RETURN_IF_ERROR(restrict.Bind(1, ref).Run());
      whole.Reset();
      PASSERELLE_RETURN_IF_ERROR(whole.Bind(1, ref).Run());
    } else if (before) {  // shared again: everything it held may travel
      release.Reset();
      PASSERELLE_RETURN_IF_ERROR(release.Bind(1, ref).Run());
      release_ops.Reset();
      PASSERELLE_RETURN_IF_ERROR(release_ops.Bind(1, ref).Run());
    }
  }
  return Status::Ok();
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
  sql::Stmt q(db,
              "SELECT w.replica_ref, w.counter, w.note_ref, f.name = 'scope' FROM sync_withheld w "
              "JOIN ref_field f ON f.ref = w.field_ref ORDER BY w.replica_ref, w.counter");
  std::vector<WithheldOp> out;
  while (q.Step()) {
    auto it = replicas.find(q.Int(0));
    if (it == replicas.end()) return Corrupt("The log names a replica the vault does not know.");
    out.push_back({it->second, q.U64(1), q.Int(2), q.Int(3) != 0});
  }
  PASSERELLE_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::vector<std::string>> Verify(sqlite3* db) {
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
    sql::Stmt q(db, "SELECT replica_ref, counter, entity_ref FROM oplog");
    while (q.Step()) {
      held.Add(static_cast<crdt::ReplicaId>(q.Int(0)), q.U64(1));
      if (private_notes.count(q.Int(2))) withheld.Add(static_cast<crdt::ReplicaId>(q.Int(0)), q.U64(1));
    }
    PASSERELLE_RETURN_IF_ERROR(q.status());
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
