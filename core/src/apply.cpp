// Vault::Apply, the single mutation path: validation first (nothing written on bad input), then
// one transaction that merges each op into the materialised rows and appends it to the log.
// The merge rules per kind of field are documented in docs/vault.md and docs/sync.md.
#include <algorithm>
#include <map>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "passerelle/core/crdt/text.h"
#include "passerelle/core/model.h"
#include "passerelle/core/vault.h"
#include "refs.h"
#include "sql.h"

namespace passerelle::core {
namespace {

std::vector<uint8_t> EncodeTags(const std::vector<OpId>& tags) {
  std::vector<uint8_t> out;
  out.reserve(tags.size() * 16);
  for (const auto& t : tags)
    for (uint64_t v : {t.replica, t.counter})
      for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  return out;
}

// Returns the spec of the op's field, or an error naming what is wrong.
Result<const FieldSpec*> ValidateOp(const Op& op, const EntitySpec* entity, bool local) {
  if (entity == nullptr) return InvalidInput("\"" + op.entity_id + "\" is not a valid record id.");
  if (!local && (op.id.replica == 0 || op.id.counter == 0))
    return Corrupt("A merged operation has no origin replica or counter.");
  if (op.field == kDeletedField) {
    if (op.kind != OpKind::kSetField || (op.value && *op.value != "0" && *op.value != "1"))
      return InvalidInput("The deleted flag of " + op.entity_id + " must be set to 0 or 1.");
    return static_cast<const FieldSpec*>(nullptr);
  }
  const FieldSpec* field = entity->Find(op.field);
  if (field == nullptr)
    return InvalidInput("A " + std::string(entity->name) + " has no field \"" + op.field + "\".");
  std::string why;
  switch (field->merge) {
    case FieldMerge::kRegister:
      if (op.kind != OpKind::kSetField) break;
      if (op.value && !ValidateValue(*field, *op.value, &why)) return InvalidInput(why);
      return field;
    case FieldMerge::kSet:
      if (op.kind != OpKind::kSetAdd && op.kind != OpKind::kSetRemove) break;
      if (!op.value) return InvalidInput("A set change on " + op.field + " names no element.");
      if (field->vocabulary && !field->vocabulary->Contains(*op.value)) {
        ValidateValue(*field, *op.value, &why);
        return InvalidInput(why);
      }
      return field;
    case FieldMerge::kText:
      if (op.kind == OpKind::kTextReplace && local && op.value) return field;
      if (op.kind != OpKind::kText || !op.value) break;
      {
        auto bytes = std::span(reinterpret_cast<const uint8_t*>(op.value->data()), op.value->size());
        auto decoded = crdt::DecodeTextOp(bytes);
        if (!decoded.ok()) return decoded.status();
      }
      return field;
  }
  return InvalidInput("The change to " + op.field + " of " + op.entity_id + " is of the wrong kind.");
}

// Per-call merge context: prepared statements and the text documents touched by this batch, so
// a batch of thousands of ops prepares each statement once and loads each text once.
// Register writes are folded per (entity, field) and written once at the end of the batch:
// last-writer-wins only needs the batch's highest stamp, whatever order the ops came in, and a
// 200,000-op import then costs one clock lookup and one row update per field instead of per op.
class Merger {
  struct FieldWrite {
    std::string_view field;
    int64_t field_ref;
    crdt::Stamp stamp;
    const std::optional<std::string>* value;
  };
  // What this batch does to one entity. Keyed by views of the ops' own strings: one hash lookup
  // per op and no allocation, which matters at 200,000 ops per import.
  struct BatchEntity {
    int64_t ref = 0;  // ref_entity.ref, resolved on first use
    bool ensured = false;
    bool touched = false;
    std::vector<FieldWrite> writes;  // best staged write per register field (a handful)
  };

 public:
  Merger(sqlite3* db, ReplicaId local) : db_(db), local_(local), refs_(db) {}

  sql::Stmt& Cached(const std::string& text) {
    auto& slot = stmts_[text];
    if (!slot) slot = std::make_unique<sql::Stmt>(db_, text);
    slot->Reset();
    return *slot;
  }
  // The statements run once per op or per field keep their own slot: no key building or lookup.
  sql::Stmt& Hot(std::unique_ptr<sql::Stmt>& slot, const char* text) {
    if (!slot) slot = std::make_unique<sql::Stmt>(db_, text);
    slot->Reset();
    return *slot;
  }

  // Every entity that has an op has a row (even if all its writes lost), so replicas holding the
  // same ops hold the same rows. Once per entity per batch.
  Status EnsureRow(const EntitySpec& entity, std::string_view id) { return EnsureRow(entity, id, Entity(id)); }
  Status EnsureRow(const EntitySpec& entity, std::string_view id, BatchEntity& e) {
    if (e.ensured) return Status::Ok();
    e.ensured = true;
    PASSERELLE_ASSIGN_OR_RETURN(e.ref, refs_.Entity(id));
    return Cached("INSERT OR IGNORE INTO " + std::string(entity.name) + "(id) VALUES (?)").BindRef(1, id).Run();
  }

  Status SetColumn(const EntitySpec& entity, const std::string& id, const std::string& column,
                   const std::optional<std::string>& value) {
    PASSERELLE_RETURN_IF_ERROR(EnsureRow(entity, id));
    return Cached("UPDATE " + std::string(entity.name) + " SET " + column + " = ? WHERE id = ?")
        .Bind(1, value)
        .Bind(2, id)
        .Run();
  }

  // For the report: entities an applied op changed. `id` must outlive the Merger.
  void Touch(std::string_view id) { Entity(id).touched = true; }
  std::vector<std::string> Touched() const {
    std::vector<std::string> out;
    for (const auto& [id, e] : entities_)
      if (e.touched) out.emplace_back(id);
    std::sort(out.begin(), out.end());
    return out;
  }

  // Remembers the op if it beats the batch's best write to its field so far. A losing write is
  // still logged: it is part of the field's history, just not its value. `op` must outlive the
  // Merger (Apply's own vector).
  Status StageRegister(const EntitySpec& entity, const Op& op) {
    BatchEntity& e = Entity(op.entity_id);
    e.touched = true;
    PASSERELLE_RETURN_IF_ERROR(EnsureRow(entity, op.entity_id, e));
    crdt::Stamp stamp{op.hlc, op.id.replica};
    for (auto& w : e.writes)
      if (w.field == op.field) {
        if (stamp > w.stamp) {
          w.stamp = stamp;
          w.value = &op.value;
        }
        return Status::Ok();
      }
    PASSERELLE_ASSIGN_OR_RETURN(int64_t field_ref, refs_.Field(op.field));
    e.writes.push_back({op.field, field_ref, stamp, &op.value});
    return Status::Ok();
  }

  // Compares each entity's staged writes with the stored winners (one read of the entity's
  // clocks) and writes the fields they win: one clock row per field (64 per statement), one row
  // update per entity.
  Status FlushRegisters() {
    std::vector<std::string_view> ids;
    for (const auto& [id, e] : entities_)
      if (!e.writes.empty()) ids.push_back(id);
    std::sort(ids.begin(), ids.end());  // B-trees visited in key order
    std::vector<std::pair<int64_t, crdt::Stamp>> stored;  // field ref, winning stamp
    std::vector<const FieldWrite*> won;
    // Winning stamps are written 64 rows per statement: every statement execution costs SQLite
    // heap allocations, and with SQLCipher's memory security each one is an mlock'ed block.
    constexpr size_t kRows = 64;
    std::vector<std::pair<int64_t, const FieldWrite*>> clocks;  // entity ref, write
    auto flush_clocks = [&]() -> Status {
      if (clocks.empty()) return Status::Ok();
      auto& slot = clock_put_[clocks.size()];
      if (!slot) {
        std::string text = "INSERT INTO field_clock(entity_ref, field_ref, hlc, replica_ref) VALUES ";
        for (size_t i = 0; i < clocks.size(); ++i) text += i ? ", (?, ?, ?, ?)" : "(?, ?, ?, ?)";
        text += " ON CONFLICT(entity_ref, field_ref) DO UPDATE SET hlc = excluded.hlc, replica_ref = excluded.replica_ref";
        slot = std::make_unique<sql::Stmt>(db_, text);
      }
      slot->Reset();
      int n = 1;
      for (const auto& [entity, w] : clocks) {
        PASSERELLE_ASSIGN_OR_RETURN(int64_t replica_ref, refs_.Replica(w->stamp.replica));
        slot->Bind(n, entity).Bind(n + 1, w->field_ref).BindU64(n + 2, w->stamp.hlc).Bind(n + 3, replica_ref);
        n += 4;
      }
      clocks.clear();
      return slot->Run();
    };
    for (std::string_view id : ids) {
      BatchEntity& e = entities_.find(id)->second;
      auto& q = Hot(clock_get_, "SELECT field_ref, hlc, replica_ref FROM field_clock WHERE entity_ref = ?");
      q.Bind(1, e.ref);
      stored.clear();
      while (q.Step()) stored.emplace_back(q.Int(0), crdt::Stamp{q.U64(1), static_cast<ReplicaId>(q.Int(2))});
      PASSERELLE_RETURN_IF_ERROR(q.status());
      q.Reset();
      for (auto& [field_ref, stamp] : stored) {  // replica refs to ids, for the tie-break
        PASSERELLE_ASSIGN_OR_RETURN(stamp.replica, refs_.ReplicaOf(static_cast<int64_t>(stamp.replica)));
      }
      won.clear();
      for (const auto& w : e.writes) {
        auto it = std::find_if(stored.begin(), stored.end(), [&](const auto& c) { return c.first == w.field_ref; });
        if (it != stored.end() && !(w.stamp > it->second)) continue;
        clocks.emplace_back(e.ref, &w);
        if (clocks.size() == kRows) PASSERELLE_RETURN_IF_ERROR(flush_clocks());
        won.push_back(&w);
      }
      if (won.empty()) continue;
      // Columns in a fixed order, so an entity type needs one prepared statement per set of
      // columns, not per order in which the batch happened to write them.
      std::sort(won.begin(), won.end(), [](const FieldWrite* a, const FieldWrite* b) { return a->field < b->field; });
      const EntitySpec* entity = SpecForId(id);
      std::string text = "UPDATE " + std::string(entity->name) + " SET ";
      for (size_t i = 0; i < won.size(); ++i) text += (i ? ", " : "") + std::string(won[i]->field) + " = ?";
      auto& u = Cached(text + " WHERE id = ?");
      int n = 1;
      for (const FieldWrite* w : won) {
        if (*w->value)
          u.BindRef(n++, **w->value);
        else
          u.BindNull(n++);
      }
      u.BindRef(n, id);
      PASSERELLE_RETURN_IF_ERROR(u.Run());
    }
    return flush_clocks();
  }

  // Fills a local remove's tags with the adds this replica has observed.
  Status ObserveTags(Op& op) {
    auto& q = Cached(
        "SELECT add_replica, add_counter FROM set_member WHERE entity_id = ? AND field = ? AND element = ? "
        "AND removed = 0 ORDER BY add_replica, add_counter");
    q.Bind(1, op.entity_id).Bind(2, op.field).Bind(3, *op.value);
    while (q.Step()) op.removed_tags.push_back({q.U64(0), q.U64(1)});
    Status st = q.status();
    q.Reset();
    return st;
  }

  Status MergeSet(const EntitySpec& entity, const Op& op) {
    PASSERELLE_RETURN_IF_ERROR(EnsureRow(entity, op.entity_id));
    if (op.kind == OpKind::kSetAdd)
      return Cached("INSERT OR IGNORE INTO set_member(entity_id, field, add_replica, add_counter, element, removed) "
                    "VALUES (?, ?, ?, ?, ?, 0)")
          .Bind(1, op.entity_id)
          .Bind(2, op.field)
          .BindU64(3, op.id.replica)
          .BindU64(4, op.id.counter)
          .Bind(5, *op.value)
          .Run();
    for (const auto& tag : op.removed_tags)
      PASSERELLE_RETURN_IF_ERROR(
          Cached("INSERT INTO set_member(entity_id, field, add_replica, add_counter, element, removed) "
                 "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT DO UPDATE SET removed = 1")
              .Bind(1, op.entity_id)
              .Bind(2, op.field)
              .BindU64(3, tag.replica)
              .BindU64(4, tag.counter)
              .Bind(5, *op.value)
              .Run());
    return Status::Ok();
  }

  // The text document of a field, loaded once per batch; the caller is about to change it.
  Result<crdt::TextDoc*> Text(const std::string& entity_id, const std::string& field) {
    auto key = std::make_pair(entity_id, field);
    auto it = texts_.find(key);
    if (it != texts_.end()) return &it->second;
    auto& q = Cached("SELECT state FROM text_state WHERE entity_id = ? AND field = ?");
    q.Bind(1, entity_id).Bind(2, field);
    std::optional<crdt::TextDoc> doc;
    if (q.Step()) {
      auto decoded = crdt::TextDoc::DecodeState(q.Blob(0), local_);
      if (!decoded.ok()) return decoded.status();
      doc.emplace(std::move(decoded).value());
    }
    PASSERELLE_RETURN_IF_ERROR(q.status());
    q.Reset();
    if (!doc) doc.emplace(local_);
    return &texts_.emplace(key, std::move(*doc)).first->second;
  }

  // Writes every touched text's CRDT state and materialised string. A document that holds no op
  // at all (a local save of "" into a new note) writes nothing: replicas that never received a
  // text op keep NULL, and this one must agree with them.
  Status FlushTexts(size_t* buffered) {
    for (auto& [key, doc] : texts_) {
      if (doc.Version().empty() && doc.PendingCount() == 0) continue;
      const EntitySpec* entity = SpecForId(key.first);
      auto state = doc.EncodeState();
      PASSERELLE_RETURN_IF_ERROR(
          Cached("INSERT INTO text_state(entity_id, field, state) VALUES (?, ?, ?) "
                 "ON CONFLICT DO UPDATE SET state = excluded.state")
              .Bind(1, key.first)
              .Bind(2, key.second)
              .BindBlob(3, state)
              .Run());
      PASSERELLE_RETURN_IF_ERROR(SetColumn(*entity, key.first, key.second, doc.Text()));
      *buffered += doc.PendingCount();
    }
    return Status::Ok();
  }

  // Appends a local op (new by construction) to the log.
  Status Log(const Op& op) {
    auto& q = Hot(log_one_, LogStatement(1).c_str());
    std::vector<uint8_t> tags;
    PASSERELLE_RETURN_IF_ERROR(BindLogRow(q, 1, op, std::string::npos, &tags));
    return q.Run();
  }

  // Logs every remote op of the batch that the log lacks, 32 rows per statement, and sets
  // (*fresh)[i] for those. Works in key order, (replica, counter): the log's rows then append to
  // its B-tree instead of splitting pages all over it (an import arrives grouped by entity), and
  // the duplicates are found by walking the batch beside one range scan of the log per replica.
  // Fewer, larger statements because every statement execution costs SQLite heap allocations.
  Status LogRemote(const std::vector<Op>& ops, std::vector<char>* fresh) {
    fresh->assign(ops.size(), 0);
    std::vector<uint32_t> order;
    order.reserve(ops.size());
    for (size_t i = 0; i < ops.size(); ++i)
      if (ops[i].id.replica != 0) order.push_back(static_cast<uint32_t>(i));
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) { return ops[x].id < ops[y].id; });
    PASSERELLE_RETURN_IF_ERROR(ResolveRefs(ops));

    constexpr size_t kRows = 32;
    std::vector<uint32_t> chunk;
    std::vector<std::vector<uint8_t>> tags(kRows);
    auto flush = [&]() -> Status {
      if (chunk.empty()) return Status::Ok();
      auto& slot = log_many_[chunk.size()];
      if (!slot) slot = std::make_unique<sql::Stmt>(db_, LogStatement(chunk.size()));
      slot->Reset();
      for (size_t k = 0; k < chunk.size(); ++k)
        PASSERELLE_RETURN_IF_ERROR(BindLogRow(*slot, static_cast<int>(kLogColumns * k + 1), ops[chunk[k]], chunk[k], &tags[k]));
      PASSERELLE_RETURN_IF_ERROR(slot->Run());
      // OR IGNORE spares SQLite a statement journal; the rows are known to be new, so none may
      // have been ignored.
      if (static_cast<size_t>(sqlite3_changes(db_)) != chunk.size())
        return Internal("The operation log refused operations it did not hold.");
      chunk.clear();
      return Status::Ok();
    };
    std::vector<uint64_t> held;  // counters of one replica the log holds in the batch's span
    for (size_t at = 0; at < order.size();) {
      const ReplicaId replica = ops[order[at]].id.replica;
      size_t end = at;
      while (end < order.size() && ops[order[end]].id.replica == replica) ++end;
      PASSERELLE_ASSIGN_OR_RETURN(int64_t ref, refs_.Replica(replica));
      auto& q = Hot(held_in_span_, "SELECT counter FROM oplog WHERE replica_ref = ? AND counter BETWEEN ? AND ?");
      q.Bind(1, ref).BindU64(2, ops[order[at]].id.counter).BindU64(3, ops[order[end - 1]].id.counter);
      held.clear();
      while (q.Step()) held.push_back(q.U64(0));  // in key order
      PASSERELLE_RETURN_IF_ERROR(q.status());
      q.Reset();
      auto h = held.begin();
      for (size_t k = at; k < end; ++k) {
        const uint64_t counter = ops[order[k]].id.counter;
        if (k > at && ops[order[k - 1]].id.counter == counter) continue;  // twice in this batch
        while (h != held.end() && *h < counter) ++h;
        if (h != held.end() && *h == counter) continue;  // logged before
        (*fresh)[order[k]] = 1;
        chunk.push_back(order[k]);
        if (chunk.size() == kRows) PASSERELLE_RETURN_IF_ERROR(flush());
      }
      at = end;
    }
    return flush();
  }

 private:
  static constexpr int kLogColumns = 8;

  BatchEntity& Entity(std::string_view id) { return entities_[id]; }

  static std::string LogStatement(size_t rows) {
    std::string text =
        "INSERT OR IGNORE INTO oplog(replica_ref, counter, hlc, entity_ref, field_ref, kind, value, removed_tags) VALUES ";
    for (size_t i = 0; i < rows; ++i) text += i ? ", (?, ?, ?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?, ?)";
    return text;
  }
  // The entity and field refs of every op, in the batch's own order: an import comes grouped by
  // entity and then field, so comparing with the previous op avoids nearly every hash lookup.
  Status ResolveRefs(const std::vector<Op>& ops) {
    op_refs_.resize(ops.size());
    for (size_t i = 0; i < ops.size(); ++i) {
      const Op& op = ops[i];
      if (i > 0 && op.entity_id == ops[i - 1].entity_id) {
        op_refs_[i].entity = op_refs_[i - 1].entity;
      } else {
        PASSERELLE_ASSIGN_OR_RETURN(op_refs_[i].entity, refs_.Entity(op.entity_id));
      }
      if (i > 0 && op.field == ops[i - 1].field) {
        op_refs_[i].field = op_refs_[i - 1].field;
      } else {
        PASSERELLE_ASSIGN_OR_RETURN(op_refs_[i].field, refs_.Field(op.field));
      }
    }
    return Status::Ok();
  }

  // Binds one log row at parameter `first`; the value by reference (the op and *tags outlive
  // Run). `index` is the op's place in a batch whose refs ResolveRefs found, or npos.
  Status BindLogRow(sql::Stmt& q, int first, const Op& op, size_t index, std::vector<uint8_t>* tags) {
    PASSERELLE_ASSIGN_OR_RETURN(int64_t replica_ref, refs_.Replica(op.id.replica));
    int64_t entity_ref = 0, field_ref = 0;
    if (index < op_refs_.size()) {
      entity_ref = op_refs_[index].entity;
      field_ref = op_refs_[index].field;
    } else {
      PASSERELLE_ASSIGN_OR_RETURN(entity_ref, refs_.Entity(op.entity_id));
      PASSERELLE_ASSIGN_OR_RETURN(field_ref, refs_.Field(op.field));
    }
    q.Bind(first, replica_ref).BindU64(first + 1, op.id.counter).BindU64(first + 2, op.hlc);
    q.Bind(first + 3, entity_ref).Bind(first + 4, field_ref).Bind(first + 5, static_cast<int64_t>(op.kind));
    if (op.value)
      q.BindBlobRef(first + 6, std::span(reinterpret_cast<const uint8_t*>(op.value->data()), op.value->size()));
    else
      q.BindNull(first + 6);
    if (op.removed_tags.empty()) {
      q.BindNull(first + 7);
    } else {
      *tags = EncodeTags(op.removed_tags);
      q.BindBlobRef(first + 7, *tags);
    }
    return Status::Ok();
  }

  sqlite3* db_;
  ReplicaId local_;
  std::map<std::string, std::unique_ptr<sql::Stmt>> stmts_;
  Refs refs_;
  struct OpRefs {
    int64_t entity = 0, field = 0;
  };
  std::vector<OpRefs> op_refs_;  // per op of the batch, for the remote ops' log rows
  std::unique_ptr<sql::Stmt> log_one_, held_in_span_, clock_get_;
  std::map<size_t, std::unique_ptr<sql::Stmt>> log_many_;  // by row count
  std::map<size_t, std::unique_ptr<sql::Stmt>> clock_put_;  // by row count
  std::map<std::pair<std::string, std::string>, crdt::TextDoc> texts_;
  std::unordered_map<std::string_view, BatchEntity> entities_;
};

// What validation found for each op, kept for the merge: looked up once per op.
struct Validated {
  std::vector<const EntitySpec*> entities;
  std::vector<const FieldSpec*> specs;  // nullptr: the deleted flag
};

Result<Validated> ValidateAll(const std::vector<Op>& ops) {
  Validated v;
  v.specs.reserve(ops.size());
  v.entities.reserve(ops.size());
  for (const auto& op : ops) {
    bool local = op.id.replica == 0;
    v.entities.push_back(SpecForId(op.entity_id));
    PASSERELLE_ASSIGN_OR_RETURN(const FieldSpec* spec, ValidateOp(op, v.entities.back(), local));
    v.specs.push_back(spec);
  }
  return v;
}

// The merge itself, inside the caller's transaction, after validation.
Result<ApplyReport> MergeOps(sqlite3* db, ReplicaId replica, platform::Clock& clock, std::vector<Op> ops,
                             const Validated& valid) {
  const auto& entities = valid.entities;
  const auto& specs = valid.specs;
  Merger m(db, replica);
  uint64_t next_counter = 0;
  HlcTimestamp hlc_last = 0;
  {
    sql::Stmt q(db, "SELECT next_counter, hlc_last FROM replica_state");
    if (!q.Step()) return q.status().ok() ? Corrupt("The vault has no identity record.") : q.status();
    next_counter = q.U64(0);
    hlc_last = q.U64(1);
  }
  const int64_t now = clock.NowMillis();
  ApplyReport report;
  // Remote ops are logged first, in bulk; local ops as they get their ids.
  std::vector<char> fresh;
  PASSERELLE_RETURN_IF_ERROR(m.LogRemote(ops, &fresh));

  for (size_t i = 0; i < ops.size(); ++i) {
    Op& op = ops[i];
    const EntitySpec& entity = *entities[i];
    const bool local = op.id.replica == 0;
    auto stamp_local = [&](Op& o) {
      o.id = {replica, next_counter++};
      hlc_last = crdt::HlcTick(hlc_last, now);
      o.hlc = hlc_last;
      report.assigned.push_back(o.id);
    };

    if (op.kind == OpKind::kTextReplace) {
      // Local typing: diff against the merged text and log the resulting CRDT edits.
      PASSERELLE_ASSIGN_OR_RETURN(crdt::TextDoc * doc, m.Text(op.entity_id, op.field));
      auto edits = doc->ReplaceAll(*op.value);
      for (auto& edit : edits) {
        auto bytes = crdt::EncodeTextOp(edit);
        Op text_op{{}, 0, op.entity_id, op.field, OpKind::kText, std::string(bytes.begin(), bytes.end()), {}};
        stamp_local(text_op);
        PASSERELLE_RETURN_IF_ERROR(m.Log(text_op));
        ++report.applied;
      }
      // No edit, no op: a row made here would exist on this replica only.
      if (edits.empty()) continue;
      PASSERELLE_RETURN_IF_ERROR(m.EnsureRow(entity, op.entity_id));
      m.Touch(op.entity_id);
      continue;
    }

    if (local) {
      if (op.kind == OpKind::kSetRemove) PASSERELLE_RETURN_IF_ERROR(m.ObserveTags(op));
      stamp_local(op);
      PASSERELLE_RETURN_IF_ERROR(m.Log(op));
    } else {
      if (!fresh[i]) {
        ++report.duplicates;
        continue;
      }
      hlc_last = crdt::HlcObserve(hlc_last, op.hlc);
      // One of our own ops coming back that this log lacks (the vault was restored from an older
      // copy): never hand out its counter again, or two different ops would share an id.
      if (op.id.replica == replica && op.id.counter >= next_counter) next_counter = op.id.counter + 1;
    }

    const FieldSpec* spec = specs[i];
    if (spec == nullptr || spec->merge == FieldMerge::kRegister) {
      PASSERELLE_RETURN_IF_ERROR(m.StageRegister(entity, op));  // also marks the entity touched
    } else if (spec->merge == FieldMerge::kSet) {
      PASSERELLE_RETURN_IF_ERROR(m.MergeSet(entity, op));
      m.Touch(op.entity_id);
    } else {
      PASSERELLE_ASSIGN_OR_RETURN(crdt::TextDoc * doc, m.Text(op.entity_id, op.field));
      auto bytes = std::span(reinterpret_cast<const uint8_t*>(op.value->data()), op.value->size());
      PASSERELLE_ASSIGN_OR_RETURN(auto edit, crdt::DecodeTextOp(bytes));
      PASSERELLE_RETURN_IF_ERROR(doc->Apply(edit));
      PASSERELLE_RETURN_IF_ERROR(m.EnsureRow(entity, op.entity_id));
      m.Touch(op.entity_id);
    }
    ++report.applied;
  }

  PASSERELLE_RETURN_IF_ERROR(m.FlushRegisters());
  PASSERELLE_RETURN_IF_ERROR(m.FlushTexts(&report.buffered));
  sql::Stmt upd(db, "UPDATE replica_state SET next_counter = ?, hlc_last = ?");
  upd.BindU64(1, next_counter).BindU64(2, hlc_last);
  PASSERELLE_RETURN_IF_ERROR(upd.Run());
  report.touched_entities = m.Touched();
  return report;
}

}  // namespace

Result<ApplyReport> Vault::Apply(std::vector<Op> ops) {
  PASSERELLE_ASSIGN_OR_RETURN(Validated valid, ValidateAll(ops));  // before the transaction: bad input writes nothing
  sql::Transaction tx(db_);
  PASSERELLE_RETURN_IF_ERROR(tx.Begin());
  PASSERELLE_ASSIGN_OR_RETURN(ApplyReport report, MergeOps(db_, replica_, *clock_, std::move(ops), valid));
  PASSERELLE_RETURN_IF_ERROR(tx.Commit());
  return report;
}

Result<ApplyReport> Vault::ApplyInTransaction(std::vector<Op> ops) {
  PASSERELLE_ASSIGN_OR_RETURN(Validated valid, ValidateAll(ops));
  return MergeOps(db_, replica_, *clock_, std::move(ops), valid);
}

}  // namespace passerelle::core
