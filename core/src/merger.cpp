#include "merger.h"

#include <algorithm>

#include "log_value.h"
#include "text_store.h"
#include "tag_blob.h"

namespace passerelle::core {
namespace {

constexpr int kLogColumns = 10;

std::string LogStatement(size_t rows) {
  // OR IGNORE spares SQLite a statement journal; the rows are known to be new (checked after).
  std::string text =
      "INSERT OR IGNORE INTO oplog(replica_ref, counter, hlc, entity_ref, field_ref, kind, value, removed_tags, "
      "prev_replica_ref, prev_counter) VALUES ";
  for (size_t i = 0; i < rows; ++i) text += i ? ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  return text;
}

}  // namespace

sql::Stmt& Merger::Cached(const std::string& text) {
  auto& slot = stmts_[text];
  if (!slot) slot = std::make_unique<sql::Stmt>(db_, text);
  slot->Reset();
  return *slot;
}

sql::Stmt& Merger::Hot(std::unique_ptr<sql::Stmt>& slot, const char* text) {
  if (!slot) slot = std::make_unique<sql::Stmt>(db_, text);
  slot->Reset();
  return *slot;
}

Result<Merger::BatchEntity*> Merger::Load(std::string_view id) {
  if (last_entity_ && id == last_entity_id_) return last_entity_;
  auto it = entities_.find(id);
  if (it == entities_.end()) {
    it = entities_.emplace(std::string(id), BatchEntity{}).first;
    BatchEntity& e = it->second;
    PASSERELLE_ASSIGN_OR_RETURN(e.ref, refs_.Entity(id));
    // Records with a visibility scope (visibility.h): notes, and needs assessments (issue 15).
    const EntitySpec* spec = SpecForId(id);
    e.scoped = spec && (spec->type == EntityType::kNote || spec->type == EntityType::kAssessment);
    if (spec) e.fields.reserve(spec->fields.size() + 1);  // every field and the deleted flag: no regrowth
    auto& q = Hot(clock_get_,
                  "SELECT field_ref, hlc, replica_ref, counter, last_replica_ref, last_counter FROM field_clock "
                  "WHERE entity_ref = ?");
    q.Bind(1, e.ref);
    struct Stored {  // a register winner as field_clock holds it (its replica as a ref)
      size_t field;
      crdt::HlcTimestamp hlc;
      LoggedOp op;
    };
    std::vector<Stored> stored;
    while (q.Step()) {
      FieldState f;
      f.field_ref = q.Int(0);
      if (!q.IsNull(1)) stored.push_back({e.fields.size(), q.U64(1), {q.Int(2), q.U64(3)}});
      f.head = LoggedOp{q.Int(4), q.U64(5)};
      e.fields.push_back(f);
    }
    PASSERELLE_RETURN_IF_ERROR(q.status());
    q.Reset();
    for (const Stored& w : stored) {  // replica refs to ids, for the last-writer-wins tie-break
      PASSERELLE_ASSIGN_OR_RETURN(crdt::ReplicaId replica, refs_.ReplicaOf(w.op.replica_ref));
      e.fields[w.field].winner = {crdt::Stamp{w.hlc, replica}, RegisterWrite{w.op, nullptr}};
    }
  }
  last_entity_ = &it->second;
  last_entity_id_ = it->first;  // the map's own key: stable, unlike the caller's string
  return last_entity_;
}

Result<Merger::FieldState*> Merger::Field(BatchEntity& e, std::string_view field) {
  PASSERELLE_ASSIGN_OR_RETURN(int64_t ref, refs_.Field(field));
  for (auto& f : e.fields)
    if (f.field_ref == ref) return &f;
  FieldState f;
  f.field_ref = ref;
  e.fields.push_back(f);
  return &e.fields.back();
}

Result<Merger::Chained> Merger::Chain(const Op& op) {
  PASSERELLE_ASSIGN_OR_RETURN(BatchEntity * e, Load(op.entity_id));
  PASSERELLE_ASSIGN_OR_RETURN(FieldState * f, Field(*e, op.field));
  Chained c;
  PASSERELLE_ASSIGN_OR_RETURN(c.replica_ref, refs_.Replica(op.id.replica));
  c.entity_ref = e->ref;
  c.field_ref = f->field_ref;
  c.prev = f->head;
  f->head = LoggedOp{c.replica_ref, op.id.counter};
  f->dirty = true;
  // Chain runs once for every op the batch logs (local or remote), so the sync index learns of each.
  logged_.push_back({c.replica_ref, op.id.counter, c.entity_ref, c.field_ref});
  if (e->scoped) logged_notes_.try_emplace(c.entity_ref, op.entity_id);  // looked up once, by Load
  return c;
}

Status Merger::BindLogRow(sql::Stmt& q, int first, const Op& op, const Chained& c, std::vector<uint8_t>* tags,
                          std::vector<uint8_t>* value_buf) {
  q.Bind(first, c.replica_ref).BindU64(first + 1, op.id.counter).BindU64(first + 2, op.hlc);
  q.Bind(first + 3, c.entity_ref).Bind(first + 4, c.field_ref).Bind(first + 5, static_cast<int64_t>(op.kind));
  if (op.value)
    q.BindBlobRef(first + 6, StoredLogValue(op.kind, *op.value, value_buf));
  else
    q.BindNull(first + 6);
  if (op.removed_tags.empty()) {
    q.BindNull(first + 7);
  } else {
    *tags = EncodeTagBlob(op.removed_tags);
    q.BindBlobRef(first + 7, *tags);
  }
  if (c.prev) {
    q.Bind(first + 8, c.prev->replica_ref).BindU64(first + 9, c.prev->counter);
  } else {
    q.BindNull(first + 8).BindNull(first + 9);
  }
  return Status::Ok();
}

Status Merger::Log(const Op& op) {
  auto& q = Hot(log_one_, LogStatement(1).c_str());
  std::vector<uint8_t> tags, value_buf;
  PASSERELLE_ASSIGN_OR_RETURN(Chained c, Chain(op));
  logged_.back().local = true;  // made here, in this batch (the sync index's secret notes)
  PASSERELLE_RETURN_IF_ERROR(BindLogRow(q, 1, op, c, &tags, &value_buf));
  PASSERELLE_RETURN_IF_ERROR(q.Run());
  if (sqlite3_changes(db_) != 1) return Internal("The operation log already held a new local operation.");
  return Status::Ok();
}

// The duplicates are found first, by walking the batch in key order (replica, counter) beside
// one range scan of the log's key per origin replica. Rows are written 32 per statement: every
// statement execution costs SQLite heap allocations.
Status Merger::LogRemote(const std::vector<Op>& ops, std::vector<char>* fresh) {
  fresh->assign(ops.size(), 0);
  op_entity_.assign(ops.size(), nullptr);
  // Sorted as plain keys, not as indices into `ops`: each comparison then reads two adjacent
  // keys instead of two ops far apart (the sort was 2 % of a session's merge). The index breaks
  // ties, so of an op the batch carries twice, the first one is the one merged.
  struct Key {
    ReplicaId replica;
    uint64_t counter;
    uint32_t index;
    bool operator<(const Key& o) const {
      return replica != o.replica ? replica < o.replica : counter != o.counter ? counter < o.counter : index < o.index;
    }
  };
  std::vector<Key> keys;
  keys.reserve(ops.size());
  for (size_t i = 0; i < ops.size(); ++i)
    if (ops[i].id.replica != 0) keys.push_back({ops[i].id.replica, ops[i].id.counter, static_cast<uint32_t>(i)});
  std::sort(keys.begin(), keys.end());
  std::vector<uint64_t> held;  // counters of one replica the log holds in the batch's span
  for (size_t at = 0; at < keys.size();) {
    const ReplicaId replica = keys[at].replica;
    size_t end = at;
    while (end < keys.size() && keys[end].replica == replica) ++end;
    PASSERELLE_ASSIGN_OR_RETURN(int64_t ref, refs_.Replica(replica));
    auto& q = Hot(held_in_span_, "SELECT counter FROM oplog WHERE replica_ref = ? AND counter BETWEEN ? AND ?");
    q.Bind(1, ref).BindU64(2, keys[at].counter).BindU64(3, keys[end - 1].counter);
    held.clear();
    while (q.Step()) held.push_back(q.U64(0));  // in key order
    PASSERELLE_RETURN_IF_ERROR(q.status());
    q.Reset();
    auto h = held.begin();
    for (size_t k = at; k < end; ++k) {
      const uint64_t counter = keys[k].counter;
      if (k > at && keys[k - 1].counter == counter) continue;  // twice in this batch
      while (h != held.end() && *h < counter) ++h;
      if (h != held.end() && *h == counter) continue;  // logged before
      (*fresh)[keys[k].index] = 1;
    }
    at = end;
  }

  // History chains in the batch's own order (grouped by entity and field: each entity's
  // field_clock rows are read once, and the merge loop reuses the entity found here); the rows
  // are then written in key order, so the log's B-tree grows at the end of each replica's range.
  std::vector<Chained> chained(ops.size());
  logged_.reserve(logged_.size() + keys.size());  // Chain appends one per op: no regrowth
  for (uint32_t i = 0; i < ops.size(); ++i) {
    if (!(*fresh)[i]) continue;
    PASSERELLE_ASSIGN_OR_RETURN(chained[i], Chain(ops[i]));
    op_entity_[i] = last_entity_;
  }

  constexpr size_t kRows = 32;
  std::vector<uint32_t> chunk;
  std::vector<std::vector<uint8_t>> tags(kRows), values(kRows);
  auto flush = [&]() -> Status {
    if (chunk.empty()) return Status::Ok();
    auto& slot = log_many_[chunk.size()];
    // No Reset before binding: Run() leaves the statement reset, and every parameter is bound
    // again (clearing 320 bindings twice per statement showed in the profile).
    if (!slot) slot = std::make_unique<sql::Stmt>(db_, LogStatement(chunk.size()));
    for (size_t k = 0; k < chunk.size(); ++k)
      PASSERELLE_RETURN_IF_ERROR(
          BindLogRow(*slot, static_cast<int>(kLogColumns * k + 1), ops[chunk[k]], chained[chunk[k]], &tags[k],
                     &values[k]));
    PASSERELLE_RETURN_IF_ERROR(slot->Run());
    if (static_cast<size_t>(sqlite3_changes(db_)) != chunk.size())
      return Internal("The operation log refused operations it did not hold.");
    chunk.clear();
    return Status::Ok();
  };
  for (const Key& key : keys) {
    const uint32_t i = key.index;
    if (!(*fresh)[i]) continue;
    chunk.push_back(i);
    if (chunk.size() == kRows) PASSERELLE_RETURN_IF_ERROR(flush());
  }
  return flush();
}

// The row itself is written by FlushFields, with the columns the batch won (one insert for a new
// record instead of an insert and then an update); after it, at once.
Status Merger::EnsureRow(const EntitySpec& entity, std::string_view id) {
  PASSERELLE_ASSIGN_OR_RETURN(BatchEntity * e, Load(id));
  if (e->ensured) return Status::Ok();
  e->ensured = true;
  if (!fields_flushed_) return Status::Ok();
  return InsertRow(entity).BindRef(1, id).Run();
}

sql::Stmt& Merger::InsertRow(const EntitySpec& entity) {
  auto& slot = insert_row_[&entity];
  if (!slot) slot = std::make_unique<sql::Stmt>(db_, "INSERT OR IGNORE INTO " + std::string(entity.name) + "(id) VALUES (?)");
  slot->Reset();
  return *slot;
}

Status Merger::Touch(std::string_view id) {
  PASSERELLE_ASSIGN_OR_RETURN(BatchEntity * e, Load(id));
  e->touched = true;
  return Status::Ok();
}

std::vector<std::string> Merger::Touched() const {
  std::vector<std::string> out;
  for (const auto& [id, e] : entities_)
    if (e.touched) out.push_back(id);
  std::sort(out.begin(), out.end());
  return out;
}

Status Merger::StageRegister(const EntitySpec& entity, const Op& op, size_t index) {
  BatchEntity* known = index < op_entity_.size() ? op_entity_[index] : nullptr;
  if (known == nullptr || !known->ensured) {
    PASSERELLE_RETURN_IF_ERROR(EnsureRow(entity, op.entity_id));
    known = last_entity_;
  }
  BatchEntity& e = *known;
  e.touched = true;
  PASSERELLE_ASSIGN_OR_RETURN(FieldState * f, Field(e, op.field));
  const crdt::Stamp stamp{op.hlc, op.id.replica};
  if (f->winner.Loses(stamp)) return Status::Ok();
  PASSERELLE_ASSIGN_OR_RETURN(int64_t replica_ref, refs_.Replica(op.id.replica));
  f->winner.Write(stamp, RegisterWrite{{replica_ref, op.id.counter}, &op.value});
  f->name = op.field;
  return Status::Ok();
}

Status Merger::FlushFields() {
  std::vector<std::pair<const std::string*, BatchEntity*>> order;  // by ref: B-trees visited in key order
  for (auto& [id, e] : entities_) order.emplace_back(&id, &e);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second->ref < b.second->ref; });
  // field_clock rows are written 64 per statement: every statement execution costs SQLite heap
  // allocations.
  constexpr size_t kRows = 64;
  std::vector<std::pair<int64_t, const FieldState*>> rows;  // entity ref, field
  auto flush_rows = [&]() -> Status {
    if (rows.empty()) return Status::Ok();
    auto& slot = clock_put_[rows.size()];
    if (!slot) {
      // Every column is written, so replacing the row is the same as updating it; and a table
      // keyed by its primary key alone (WITHOUT ROWID, no other index, no trigger) lets SQLite
      // replace in place, where an upsert looked each row up twice (the check, then the update).
      std::string text =
          "INSERT OR REPLACE INTO field_clock(entity_ref, field_ref, hlc, replica_ref, counter, last_replica_ref, "
          "last_counter) VALUES ";
      for (size_t i = 0; i < rows.size(); ++i) text += i ? ", (?, ?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?)";
      slot = std::make_unique<sql::Stmt>(db_, text);
    }
    int n = 1;  // no Reset: as LogRemote's rows, left reset by Run() and every parameter bound

    for (const auto& [entity, f] : rows) {
      slot->Bind(n, entity).Bind(n + 1, f->field_ref);
      if (f->winner.written())
        slot->BindU64(n + 2, f->winner.stamp().hlc)
            .Bind(n + 3, f->winner.value().op.replica_ref)
            .BindU64(n + 4, f->winner.value().op.counter);
      else
        slot->BindNull(n + 2).BindNull(n + 3).BindNull(n + 4);
      slot->Bind(n + 5, f->head->replica_ref).BindU64(n + 6, f->head->counter);
      n += 7;
    }
    rows.clear();
    return slot->Run();
  };
  std::vector<const FieldState*> won;
  for (auto [id_ptr, e] : order) {
    won.clear();
    for (auto& f : e->fields) {
      if (f.winner.written() && f.winner.value().value != nullptr) {  // a write of this batch won
        f.dirty = true;
        won.push_back(&f);
      }
      if (!f.dirty) continue;
      rows.emplace_back(e->ref, &f);
      if (rows.size() == kRows) PASSERELLE_RETURN_IF_ERROR(flush_rows());
    }
    if (!e->ensured && won.empty()) continue;
    const std::string& id = *id_ptr;
    const EntitySpec* entity = SpecForId(id);
    if (won.empty()) {
      PASSERELLE_RETURN_IF_ERROR(InsertRow(*entity).BindRef(1, id).Run());
      continue;
    }
    // The row with every column this batch won: inserted whole when new, else those columns
    // updated. Columns in a fixed order, so an entity type needs one prepared statement per set of
    // columns, not per order in which the batch happened to write them.
    std::sort(won.begin(), won.end(), [](const FieldState* a, const FieldState* b) { return a->name < b->name; });
    uint64_t mask = 0;  // which columns: the statement's key (no text built per record)
    for (const FieldState* f : won) {
      const FieldSpec* spec = entity->Find(f->name);
      const size_t bit = spec ? static_cast<size_t>(spec - entity->fields.data()) : entity->fields.size();
      mask |= bit < 64 ? uint64_t{1} << bit : 0;
    }
    auto& slot = upsert_row_[{entity, mask}];
    if (!slot || won.size() >= 64) {
      std::string cols, marks, set;
      for (size_t i = 0; i < won.size(); ++i) {
        const std::string name(won[i]->name);
        cols += ", " + name;
        marks += ", ?";
        set += (i ? ", " : "") + name + " = excluded." + name;
      }
      slot = std::make_unique<sql::Stmt>(db_, "INSERT INTO " + std::string(entity->name) + "(id" + cols + ") VALUES (?" +
                                                  marks + ") ON CONFLICT(id) DO UPDATE SET " + set);
    }
    auto& u = *slot;
    u.Reset();
    u.BindRef(1, id);
    int n = 2;
    for (const FieldState* f : won) {
      const std::optional<std::string>& value = *f->winner.value().value;
      if (value)
        u.BindRef(n++, *value);
      else
        u.BindNull(n++);
    }
    PASSERELLE_RETURN_IF_ERROR(u.Run());
  }
  fields_flushed_ = true;
  return flush_rows();
}

Status Merger::ObserveTags(Op& op) {
  auto& q = Cached(
      "SELECT add_replica, add_counter FROM set_member WHERE entity_id = ? AND field = ? AND element = ? "
      "AND removed = 0");
  q.Bind(1, op.entity_id).Bind(2, op.field).Bind(3, *op.value);
  Members members;
  while (q.Step()) members.Put({q.U64(0), q.U64(1)}, {*op.value, false});
  Status st = q.status();
  q.Reset();
  PASSERELLE_RETURN_IF_ERROR(st);
  for (const OpId& tag : members.Observed(*op.value)) op.removed_tags.push_back(tag);
  return Status::Ok();
}

Status Merger::LoadMembers(const Op& op, std::span<const OpId> tags, Members* members) {
  auto& q = Cached(
      "SELECT element, removed FROM set_member WHERE entity_id = ? AND field = ? AND add_replica = ? "
      "AND add_counter = ?");
  for (const OpId& tag : tags) {
    q.Reset();
    q.Bind(1, op.entity_id).Bind(2, op.field).BindU64(3, tag.replica).BindU64(4, tag.counter);
    if (q.Step()) members->Put(tag, {q.Text(0), q.Int(1) != 0});
    PASSERELLE_RETURN_IF_ERROR(q.status());
  }
  q.Reset();
  return Status::Ok();
}

Status Merger::StoreMembers(const Op& op, const Members& members) {
  for (const auto& [tag, entry] : members.entries())
    PASSERELLE_RETURN_IF_ERROR(
        Cached("INSERT INTO set_member(entity_id, field, add_replica, add_counter, element, removed) "
               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET element = excluded.element, "
               "removed = excluded.removed")
            .Bind(1, op.entity_id)
            .Bind(2, op.field)
            .BindU64(3, tag.replica)
            .BindU64(4, tag.counter)
            .Bind(5, entry.element)
            .Bind(6, int64_t{entry.removed ? 1 : 0})
            .Run());
  return Status::Ok();
}

// Loads the entries the op names (the add's own tag, or the tags the remove observed), applies
// the op by the add-wins rule and stores the entries back if they changed.
Status Merger::MergeSet(const EntitySpec& entity, const Op& op) {
  PASSERELLE_RETURN_IF_ERROR(EnsureRow(entity, op.entity_id));
  const bool add = op.kind == OpKind::kSetAdd;
  const std::span<const OpId> tags = add ? std::span<const OpId>(&op.id, 1) : std::span<const OpId>(op.removed_tags);
  Members members;
  PASSERELLE_RETURN_IF_ERROR(LoadMembers(op, tags, &members));
  const bool changed = add ? members.Add(op.id, *op.value) : members.Remove(*op.value, op.removed_tags);
  return changed ? StoreMembers(op, members) : Status::Ok();
}

Result<crdt::TextDoc*> Merger::Text(const std::string& entity_id, const std::string& field) {
  auto key = std::make_pair(entity_id, field);
  auto it = texts_.find(key);
  if (it != texts_.end()) return &it->second.doc;
  // The state, the column and the chunks together (text_store.h), unless the previous save kept them.
  std::optional<StoredText> text;
  if (text_cache_) text = text_cache_->Take(entity_id, field, text_cache_at_);
  if (!text) {
    PASSERELLE_ASSIGN_OR_RETURN(text, text_store_.Load(entity_id, field, local_));
  }
  if (!text) text.emplace(crdt::TextDoc(local_));
  return &texts_.emplace(key, std::move(*text)).first->second.doc;
}

// A document that holds no op at all (a local save of "" into a new note) writes nothing:
// replicas that never received a text op keep NULL, and this one must agree with them.
Status Merger::FlushTexts(size_t* buffered) {
  for (auto& [key, text] : texts_) {
    if (text.doc.Version().empty() && text.doc.PendingCount() == 0) continue;
    // The state, and only the chunks of the text the batch changed (text_store.h).
    PASSERELLE_RETURN_IF_ERROR(text_store_.Save(key.first, key.second, text));
    ++texts_saved_;
    *buffered += text.doc.PendingCount();
    for (const crdt::TextOp& op : text.doc.TakeDropped()) PASSERELLE_RETURN_IF_ERROR(RelogWhole(key.first, key.second, op));
  }
  return Status::Ok();
}

std::optional<std::pair<std::pair<std::string, std::string>, StoredText>> Merger::TakeSavedText() {
  if (texts_saved_ != 1 || texts_.size() != 1) return std::nullopt;
  auto node = texts_.extract(texts_.begin());
  return std::make_pair(std::move(node.key()), std::move(node.mapped()));
}

// A logged insertion keeps only its ids (log_value.h) while its characters are in the state; one
// the document dropped (malformed once its dependencies came: only a faulty peer sends such an op)
// gets its whole bytes back, so the log still hands it on as it was received. Rare: the field's
// text ops are found by a scan of the log.
Status Merger::RelogWhole(const std::string& entity_id, const std::string& field, const crdt::TextOp& op) {
  PASSERELLE_ASSIGN_OR_RETURN(int64_t entity_ref, refs_.Entity(entity_id));
  PASSERELLE_ASSIGN_OR_RETURN(int64_t field_ref, refs_.Field(field));
  const auto whole = crdt::EncodeTextOp(op);
  std::vector<uint8_t> scratch;
  const auto stripped = StoredLogValue(
      OpKind::kText, std::string_view(reinterpret_cast<const char*>(whole.data()), whole.size()), &scratch);
  const std::vector<uint8_t> wanted(stripped.begin(), stripped.end());
  auto& q = Cached("SELECT replica_ref, counter FROM oplog WHERE entity_ref = ? AND field_ref = ? AND kind = 4 "
                   "AND value = ?");
  q.Bind(1, entity_ref).Bind(2, field_ref).BindBlob(3, wanted);
  std::vector<std::pair<int64_t, uint64_t>> rows;
  while (q.Step()) rows.emplace_back(q.Int(0), q.U64(1));
  PASSERELLE_RETURN_IF_ERROR(q.status());
  q.Reset();
  for (const auto& [replica_ref, counter] : rows)
    PASSERELLE_RETURN_IF_ERROR(Cached("UPDATE oplog SET value = ? WHERE replica_ref = ? AND counter = ?")
                                   .BindBlob(1, whole)
                                   .Bind(2, replica_ref)
                                   .BindU64(3, counter)
                                   .Run());
  return Status::Ok();
}

}  // namespace passerelle::core
