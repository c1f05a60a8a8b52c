// The merge context of one Vault::Apply call (private to the core): it logs ops, merges them
// into the materialised rows per their field's rule, and keeps each field's history chain.
//
// The merge rules themselves are pure value types (crdt::LwwRegister, crdt::OrSet, crdt::TextDoc
// in passerelle/core/crdt/): the Merger loads their state, calls them and stores the result.
//
// Per-batch state so a batch of 100,000 ops costs one read and one write per (entity, field), not
// per op: register writes are folded (last-writer-wins only needs the batch's highest stamp,
// whatever order the ops came in), each text document is loaded and saved once, and every
// statement run per op or per field is prepared once.
//
// History chain: each logged op names the op logged before it on the same field in this vault
// (`prev_replica_ref`, `prev_counter`), and `field_clock` holds the newest (`last_*`). A field's
// history is that chain, walked backwards (a recursive query; a few rows per field in practice).
// It replaces an index on (entity, field) over the whole log, which cost a random B-tree insert
// per op: a fifth of a large merge (docs/vault.md, "Storage of the log").
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "passerelle/core/crdt/or_set.h"
#include "passerelle/core/crdt/register.h"
#include "passerelle/core/crdt/text.h"
#include "passerelle/core/model.h"
#include "passerelle/core/op.h"
#include "refs.h"
#include "sql.h"
#include "text_store.h"

namespace passerelle::core {

class Merger {
 public:
  Merger(sqlite3* db, ReplicaId local) : db_(db), local_(local), refs_(db), text_store_(db) {}

  // A local save may start from the text the vault's previous save kept in memory (text_store.h,
  // TextCache), valid at `at` (read at the start of this transaction).
  void UseTextCache(TextCache* cache, const TextCache::Stamp& at) {
    text_cache_ = cache;
    text_cache_at_ = at;
  }
  // After FlushTexts: the one text this batch saved, to keep for the next save (nullopt when it
  // saved none or several: only a single note being typed is worth keeping).
  std::optional<std::pair<std::pair<std::string, std::string>, StoredText>> TakeSavedText();

  // Logs every remote op of `ops` that the log lacks and sets (*fresh)[i] for those. Call once,
  // before the merge of the batch.
  Status LogRemote(const std::vector<Op>& ops, std::vector<char>* fresh);
  // Logs a local op (its id just assigned, new by construction).
  Status Log(const Op& op);

  // Every entity that has an op has a row (even if all its writes lost), so replicas holding the
  // same ops hold the same rows. Once per entity per batch.
  Status EnsureRow(const EntitySpec& entity, std::string_view id);
  // For the report: entities an applied op changed.
  Status Touch(std::string_view id);
  std::vector<std::string> Touched() const;

  // Remembers a register write if it beats the batch's best write to its field so far. A losing
  // write is still logged: it is part of the field's history, just not its value. `op` must
  // outlive the Merger (Apply's own vector).
  // `index`: the op's place in the batch given to LogRemote, which already found its entity.
  Status StageRegister(const EntitySpec& entity, const Op& op, size_t index);
  // Fills a local remove's tags with the adds this replica has observed.
  Status ObserveTags(Op& op);
  Status MergeSet(const EntitySpec& entity, const Op& op);
  // The text document of a field, loaded once per batch; the caller is about to change it.
  Result<crdt::TextDoc*> Text(const std::string& entity_id, const std::string& field);

  // Autosave coalescing (docs/vault.md, "Autosave history"): if this vault's own op `counter` (the
  // insertion the previous autosave logged, which the caller knows no bundle has carried) is still
  // the op logged last on this field here, and `edit` is an insertion that continues it (typed right after its last character, before the
  // same right neighbour, with the next character ids), the logged op is rewritten to carry both
  // and true is returned: `edit` needs no op of its own. The merged op is exactly the ops it
  // replaces (a run of typed characters is one item in the text CRDT either way, and the added
  // characters depend on nothing the op did not), keeps its id and stamp, and since no other
  // replica has seen it, every replica still receives one version of it. Merging stops at
  // kCoalesceMaxBytes, so a save never rewrites more than that (the typing cost stays flat).
  static constexpr size_t kCoalesceMaxBytes = 2048;
  Result<bool> ExtendUnshared(const std::string& entity_id, const std::string& field, uint64_t counter,
                              const crdt::TextOp& edit);

  // Writes what the batch changed: field_clock rows (chain heads and register winners), the
  // register columns the batch won, then every touched text's state and string.
  Status FlushFields();
  Status FlushTexts(size_t* buffered);
  // Stores a dropped insertion's whole bytes back in its log row (merger.cpp, FlushTexts).
  Status RelogWhole(const std::string& entity_id, const std::string& field, const crdt::TextOp& op);
  // Keeps the sync index (what the log holds, the ops of private notes: sync_index.h) in step with
  // the ops this batch logged, in the batch's transaction. After FlushFields: it reads the notes'
  // merged scope. Defined in sync_index.cpp.
  Status FlushSyncIndex();

 private:
  struct LoggedOp {  // an op id as the log stores it
    int64_t replica_ref = 0;
    uint64_t counter = 0;
  };
  struct RegisterWrite {  // what a field's last-writer-wins register holds
    LoggedOp op;
    // The winning op's value when it came in this batch (Apply's own vector); nullptr for the
    // winner loaded from storage, whose value is already in its column.
    const std::optional<std::string>* value = nullptr;
    friend bool operator==(const RegisterWrite&, const RegisterWrite&) = default;
  };
  struct FieldState {
    int64_t field_ref = 0;
    std::string_view name;  // set by StageRegister (a view of the op's field)
    bool dirty = false;     // the row must be written
    std::optional<LoggedOp> head;  // last op logged on this field here
    // The stored winner, offered every register write of the batch.
    crdt::LwwRegister<RegisterWrite> winner;
  };
  struct BatchEntity {
    int64_t ref = 0;
    bool scoped = false;  // a note or an assessment: its ops matter to the sync index's withheld rows
    bool ensured = false;
    bool touched = false;
    std::vector<FieldState> fields;  // every field with a field_clock row or an op in this batch
  };
  using EntityMap = std::unordered_map<std::string, BatchEntity, StringHash, std::equal_to<>>;

  sql::Stmt& Cached(const std::string& text);
  // "INSERT OR IGNORE INTO <entity>(id) VALUES (?)", prepared once per entity type.
  sql::Stmt& InsertRow(const EntitySpec& entity);
  // The statements run once per op or per field keep their own slot: no key building or lookup.
  sql::Stmt& Hot(std::unique_ptr<sql::Stmt>& slot, const char* text);
  // The entity's ref and field_clock rows, read once per batch.
  Result<BatchEntity*> Load(std::string_view id);
  Result<FieldState*> Field(BatchEntity& e, std::string_view field);
  // Links `op` into its field's history chain: the op logged before it on that field, and the
  // refs its log row needs.
  struct Chained {
    std::optional<LoggedOp> prev;
    int64_t replica_ref = 0, entity_ref = 0, field_ref = 0;
  };
  Result<Chained> Chain(const Op& op);
  // `tags`, `value_buf`: storage for the bound blobs, alive until the statement runs.
  Status BindLogRow(sql::Stmt& q, int first, const Op& op, const Chained& c, std::vector<uint8_t>* tags,
                    std::vector<uint8_t>* value_buf);
  // A set field's entries under `tags`, as stored, and the entries of `members` stored back.
  using Members = crdt::OrSet<std::string, OpId>;
  Status LoadMembers(const Op& op, std::span<const OpId> tags, Members* members);
  Status StoreMembers(const Op& op, const Members& members);
  struct LoggedForSync {  // every op this batch logged, for FlushSyncIndex
    int64_t replica_ref = 0;
    uint64_t counter = 0;
    int64_t entity_ref = 0, field_ref = 0;
    bool local = false;  // a local edit of this batch (Log), not a merged op (LogRemote)
  };

  sqlite3* db_;
  ReplicaId local_;
  std::vector<LoggedForSync> logged_;
  std::map<int64_t, std::string> logged_notes_;  // entity ref -> id of each note with an op logged here
  Refs refs_;
  EntityMap entities_;
  std::vector<BatchEntity*> op_entity_;  // per op of LogRemote's batch (remote ops only)
  BatchEntity* last_entity_ = nullptr;  // ops come grouped by entity: most lookups are this one
  std::string_view last_entity_id_;
  std::map<std::string, std::unique_ptr<sql::Stmt>> stmts_;
  std::unique_ptr<sql::Stmt> log_one_, held_in_span_, clock_get_, own_op_get_, own_op_put_;
  std::map<size_t, std::unique_ptr<sql::Stmt>> log_many_;   // by row count
  std::map<size_t, std::unique_ptr<sql::Stmt>> clock_put_;  // by row count
  std::map<std::pair<std::string, std::string>, StoredText> texts_;
  TextStore text_store_;  // loads and saves texts_ (text_store.h)
  TextCache* text_cache_ = nullptr;
  TextCache::Stamp text_cache_at_;
  size_t texts_saved_ = 0;
  std::map<const EntitySpec*, std::unique_ptr<sql::Stmt>> insert_row_;
  // The row upsert of FlushFields, by entity type and set of columns (a bit per field).
  std::map<std::pair<const EntitySpec*, uint64_t>, std::unique_ptr<sql::Stmt>> upsert_row_;
  bool fields_flushed_ = false;  // FlushFields ran: EnsureRow writes the row at once
};

}  // namespace passerelle::core
