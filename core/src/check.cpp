// Vault::Check: SQLite's integrity_check and the vault's own verifications, over one state of the
// vault.
//
// At five years (docs/vault.md, "Integrity") half of check's time is integrity_check, which reads
// every page of the file and so makes SQLCipher authenticate and decrypt each one; the other half is
// the vault's own verifications on the main connection. The two do not depend on each other, so
// integrity_check runs on a second, read-only connection in a thread of its own while the main
// connection verifies: on two cores check takes the longer of the two instead of their sum. Both
// connections must read the same state, or a save committed between them by another program could
// make check report a problem that never existed (or miss one): the main connection holds one read
// transaction for all of its verifications, and the second connection opens that transaction's
// WAL snapshot. When that cannot be arranged (the caller is inside a write transaction, the vault
// is not in WAL mode, the second connection cannot open) integrity_check runs on the main
// connection first, as it always did: the result is the same, only slower.
#include <sqlite3.h>

#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "passerelle/core/model.h"
#include "passerelle/core/vault.h"
#include "sql.h"
#include "sync_index.h"
#include "text_store.h"

namespace passerelle::core {
namespace {
// The second connection's page cache. integrity_check reads the whole file twice (every tree's
// pages, then every table's rows against its indexes and NOT NULL columns) in an order no cache
// smaller than the file helps: at five years a 2 MiB cache decrypts 6 % more pages than the
// vault's 32 MiB one, but costs less CPU than filling 30 MiB more of memory (and 31 MiB less peak).
constexpr int64_t kIntegrityCacheMib = 2;

// SQLite's verification of the file: every B-tree page, overflow chain, free-list trunk page and
// index entry. Each row it returns names one problem; a lone "ok" means none.
Status IntegrityCheck(sqlite3* db, std::vector<std::string>* problems) {
  sql::Stmt q(db, "PRAGMA integrity_check");
  while (q.Step())
    if (q.Text(0) != "ok") problems->push_back("integrity_check: " + q.Text(0));
  return q.status();
}

// One read transaction on the main connection for the whole check (unless the caller already
// holds one), ended when the check returns. Nothing is written: COMMIT only releases the read.
class ReadTransaction {
 public:
  explicit ReadTransaction(sqlite3* db) : db_(db) {}
  ~ReadTransaction() {
    if (begun_) (void)sql::Exec(db_, "COMMIT");
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

  Status Begin() {
    if (sqlite3_get_autocommit(db_)) {
      PASSERELLE_RETURN_IF_ERROR(sql::Exec(db_, "BEGIN"));
      begun_ = true;
    }
    // BEGIN is deferred: the first read takes the snapshot the whole check then reads.
    sql::Stmt q(db_, "SELECT count(*) FROM sqlite_master");
    if (!q.Step()) return q.status().ok() ? Internal("Counting the vault's tables returned nothing.") : q.status();
    return Status::Ok();
  }

 private:
  sqlite3* db_;
  bool begun_ = false;
};

// Starts a read transaction on `second` at the state `main`'s read transaction sees; false when
// that cannot be made sure of (the caller then runs integrity_check on `main` instead).
bool PinToSameState(sqlite3* main, sqlite3* second, bool immutable) {
  // An immutable file (a read-only open without a journal) never changes: any read sees `main`'s state.
  if (immutable) return true;
  // A caller's own uncommitted writes are visible to `main` only.
  if (sqlite3_txn_state(main, "main") != SQLITE_TXN_READ) return false;
  if (!sql::Exec(second, "BEGIN").ok()) return false;
  sqlite3_snapshot* snapshot = nullptr;
  if (sqlite3_snapshot_get(main, "main", &snapshot) == SQLITE_OK) {
    bool pinned = sqlite3_snapshot_open(second, "main", snapshot) == SQLITE_OK;
    sqlite3_snapshot_free(snapshot);
    return pinned;
  }
  // SQLite has no snapshot to give when the journal holds no frame (the usual state right after
  // the vault opens: closing checkpointed everything into the file) or is not a WAL. `main` then
  // reads the file alone, under a lock that keeps any checkpoint from writing into it (WAL read
  // lock 0) or any writer from committing (rollback journal's shared lock): whatever was
  // committed since stays in the journal, which cannot be reset while `main` reads. So `second`
  // reads the same state exactly when its journal is still empty too, which is when it cannot
  // get a snapshot either, once its read transaction is open (snapshot_get opens it).
  if (sqlite3_snapshot_get(second, "main", &snapshot) == SQLITE_OK) {
    sqlite3_snapshot_free(snapshot);  // something was committed in between
    return false;
  }
  return sqlite3_txn_state(second, "main") == SQLITE_TXN_READ;
}

// integrity_check on a second connection, in a thread of its own. Everything it owns is released
// (the thread joined, the connection closed) by Finish or, on an early return, the destructor.
class SideIntegrityCheck {
 public:
  SideIntegrityCheck() = default;
  ~SideIntegrityCheck() { (void)Finish(); }
  SideIntegrityCheck(const SideIntegrityCheck&) = delete;
  SideIntegrityCheck& operator=(const SideIntegrityCheck&) = delete;

  // Takes `second`, which Finish closes with `close`. False when the thread could not start (and
  // `second` is closed): the caller then runs integrity_check itself.
  bool Start(sqlite3* second, void (*close)(sqlite3*)) {
    db_ = second;
    close_ = close;
    try {
      thread_ = std::thread([this] { status_ = IntegrityCheck(db_, &problems_); });
    } catch (const std::system_error&) {
      (void)Finish();
      return false;
    }
    return true;
  }

  // Waits for the check; its status, and its problems appended to `problems`.
  Status Finish(std::vector<std::string>* problems = nullptr) {
    if (thread_.joinable()) thread_.join();
    if (db_ != nullptr) close_(db_);
    db_ = nullptr;
    if (problems) problems->insert(problems->end(), problems_.begin(), problems_.end());
    return status_;
  }

 private:
  sqlite3* db_ = nullptr;
  void (*close_)(sqlite3*) = nullptr;
  std::thread thread_;
  Status status_;
  std::vector<std::string> problems_;
};

// Whether two result columns hold the same value, compared as text (NULL only equals NULL).
bool SameValue(sqlite3_stmt* a, int column_a, sqlite3_stmt* b, int column_b) {
  const bool null_a = sqlite3_column_type(a, column_a) == SQLITE_NULL;
  const bool null_b = sqlite3_column_type(b, column_b) == SQLITE_NULL;
  if (null_a || null_b) return null_a == null_b;
  const unsigned char* text_a = sqlite3_column_text(a, column_a);
  const int bytes_a = sqlite3_column_bytes(a, column_a);
  const unsigned char* text_b = sqlite3_column_text(b, column_b);
  const int bytes_b = sqlite3_column_bytes(b, column_b);
  return bytes_a == bytes_b && (bytes_a == 0 || std::memcmp(text_a, text_b, static_cast<size_t>(bytes_a)) == 0);
}

// A record's row, read once for all of its registers: one prepared statement per table, its
// columns found by name.
class RowReader {
 public:
  explicit RowReader(sqlite3* db) : db_(db) {}

  // The row of `id` (valid until Forget), or nullptr when there is none. Reads once per record.
  sqlite3_stmt* Read(const EntitySpec& spec, const std::string& id) {
    if (read_) return row_;
    read_ = true;
    table_ = &tables_[spec.name];
    if (!table_->stmt) {
      table_->stmt = std::make_unique<sql::Stmt>(db_, "SELECT * FROM " + std::string(spec.name) + " WHERE id = ?");
      sqlite3_stmt* raw = table_->stmt->raw();
      for (int i = 0; raw && i < sqlite3_column_count(raw); ++i) table_->columns[sqlite3_column_name(raw, i)] = i;
    }
    sql::Stmt& stmt = *table_->stmt;
    stmt.Reset();
    stmt.Bind(1, id);
    // A row that cannot be read (a damaged page) is reported as missing, as the per-field reads
    // this replaces did.
    row_ = stmt.Step() ? stmt.raw() : nullptr;
    return row_;
  }
  // The column of `field` in the row Read returned, or -1 (its table has no such column).
  int Column(const std::string& field) const {
    auto it = table_->columns.find(field);
    return it == table_->columns.end() ? -1 : it->second;
  }
  // The next Read is another record's.
  void Forget() {
    if (table_ && table_->stmt) table_->stmt->Reset();
    read_ = false;
    row_ = nullptr;
  }

 private:
  struct Table {
    std::unique_ptr<sql::Stmt> stmt;
    std::map<std::string, int, std::less<>> columns;
  };
  sqlite3* db_;
  std::map<std::string_view, Table> tables_;
  Table* table_ = nullptr;
  bool read_ = false;
  sqlite3_stmt* row_ = nullptr;
};

// The vault's own invariants, read on the main connection.
Status VerifyVault(sqlite3* db, std::vector<std::string>* problems_out) {
  std::vector<std::string>& problems = *problems_out;
  // What the vault acknowledged against what it holds: the replica's counter and clock are saved in
  // the same transaction as the ops they stamp, so a gap means part of the file went back in time
  // (a journal lost or damaged after a partial checkpoint, pages restored from elsewhere).
  // The newest stamp in the log is compared with the clock below, once the sync index's check has
  // read the whole log.
  std::optional<uint64_t> clock_last;
  {
    sql::Stmt q(db,
                "SELECT s.next_counter, s.hlc_last, (SELECT max(o.counter) FROM oplog o JOIN ref_replica r "
                "ON r.ref = o.replica_ref WHERE r.replica = s.replica_id) "
                "FROM replica_state s WHERE s.singleton = 1");
    if (q.Step()) {
      uint64_t next = q.U64(0), hlc_last = q.U64(1), logged = q.IsNull(2) ? 0 : q.U64(2);
      if (next > logged + 1)
        problems.push_back(std::to_string(next - 1 - logged) +
                           " saved changes are missing from the vault (this device numbered its changes up to " +
                           std::to_string(next - 1) + " but the log ends at " + std::to_string(logged) + ")");
      if (logged >= next)
        problems.push_back("the log holds changes numbered up to " + std::to_string(logged) +
                           " that this device's counter (" + std::to_string(next) + ") never gave");
      clock_last = hlc_last;
    } else if (q.status().ok()) {
      problems.push_back("the vault has no identity record");
    }
    if (!q.status().ok()) return q.status();
  }
  const size_t clock_problem_at = problems.size();
  // The log and the rows must agree: each register's winning stamp is a logged op whose value is
  // the materialised one, and every field's history chain starts at a logged op of that field.
  // One pass over the field clocks, in record order, reading each record's row once for all of its
  // registers (a five-year vault has half a million fields on 75,000 records).
  std::map<int64_t, std::string> field_names;
  {
    sql::Stmt f(db, "SELECT ref, name FROM ref_field");
    while (f.Step()) field_names[f.Int(0)] = f.Text(1);
    PASSERELLE_RETURN_IF_ERROR(f.status());
  }
  // The winner is looked up once; the head again only when it is another op (or the winner is
  // missing), so a field written once costs one read of the log.
  sql::Stmt q(db,
              "SELECT c.entity_ref, c.field_ref, c.hlc IS NOT NULL, w.counter IS NOT NULL, w.value, "
              "CASE WHEN w.counter IS NOT NULL AND c.last_replica_ref = c.replica_ref AND c.last_counter = c.counter "
              "THEN 1 ELSE EXISTS (SELECT 1 FROM oplog o WHERE o.replica_ref = c.last_replica_ref "
              "AND o.counter = c.last_counter AND o.entity_ref = c.entity_ref AND o.field_ref = c.field_ref) END "
              "FROM field_clock c LEFT JOIN oplog w ON c.hlc IS NOT NULL AND w.replica_ref = c.replica_ref "
              "AND w.counter = c.counter AND w.hlc = c.hlc AND w.entity_ref = c.entity_ref "
              "AND w.field_ref = c.field_ref AND w.kind = 1");
  sql::Stmt entity_id(db, "SELECT id FROM ref_entity WHERE ref = ?");
  RowReader rows(db);
  std::vector<std::string> broken_history;
  const size_t register_problems_from = problems.size();
  int64_t current = 0;
  bool first = true, known = false;
  std::string entity;
  const EntitySpec* spec = nullptr;
  while (q.Step()) {
    if (first || q.Int(0) != current) {
      first = false;
      current = q.Int(0);
      entity_id.Reset();
      entity_id.Bind(1, current);
      known = entity_id.Step();
      PASSERELLE_RETURN_IF_ERROR(entity_id.status());
      entity = known ? entity_id.Text(0) : std::string();
      spec = known ? SpecForId(entity) : nullptr;
      rows.Forget();
    }
    auto name = field_names.find(q.Int(1));
    if (!known || name == field_names.end()) continue;  // a field clock of nothing named: as before, not reported
    const std::string& field = name->second;
    if (q.Int(5) == 0) broken_history.push_back("the history of " + entity + "." + field + " is broken");
    if (q.Int(2) == 0) continue;  // a set or a text: no register
    if (q.Int(3) == 0) {
      problems.push_back("register " + entity + "." + field + " has no operation in the log");
      continue;
    }
    if (!spec) {
      problems.push_back("unknown entity id " + entity);
      continue;
    }
    sqlite3_stmt* row = rows.Read(*spec, entity);
    const int column = row ? rows.Column(field) : -1;
    if (column < 0) {
      problems.push_back("entity " + entity + " has a register but no row");
      continue;
    }
    if (!SameValue(row, column, q.raw(), 4)) problems.push_back("row " + entity + "." + field + " differs from the log");
  }
  PASSERELLE_RETURN_IF_ERROR(q.status());
  // Broken histories first, as the two passes this one replaces reported them.
  problems.insert(problems.begin() + static_cast<std::ptrdiff_t>(register_problems_from), broken_history.begin(),
                  broken_history.end());
  // Every note text's chunks inflate to well-formed text and belong to a note (text_store.h).
  PASSERELLE_RETURN_IF_ERROR(VerifyTextChunks(db, &problems));
  // The sync index (sync_index.h) says exactly what the log and the notes' scopes say.
  std::optional<uint64_t> newest_hlc;
  PASSERELLE_ASSIGN_OR_RETURN(auto index_problems, sync_index::Verify(db, &newest_hlc));
  problems.insert(problems.end(), index_problems.begin(), index_problems.end());
  if (clock_last && newest_hlc && *newest_hlc > *clock_last)
    problems.insert(problems.begin() + static_cast<std::ptrdiff_t>(clock_problem_at),
                    "the log holds changes stamped later than this device's clock");
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::string>> Vault::Check() const {
  ReadTransaction read(db_);
  PASSERELLE_RETURN_IF_ERROR(read.Begin());
  SideIntegrityCheck side;
  bool parallel = false;
  if (auto second = OpenSecondConnection(kIntegrityCacheMib); second.ok()) {
    if (PinToSameState(db_, *second, immutable_))
      parallel = side.Start(*second, &Vault::CloseSecondConnection);
    else
      CloseSecondConnection(*second);
  }
  std::vector<std::string> problems;
  if (!parallel) PASSERELLE_RETURN_IF_ERROR(IntegrityCheck(db_, &problems));
  // No `PRAGMA cipher_integrity_check` (issue 14): SQLCipher authenticates every page it reads, and
  // integrity_check reads every page that holds data (every B-tree page, overflow pages and the
  // free-list's trunk pages), so a flipped byte anywhere a record could be read from already fails
  // it. The second pragma read every page again (a fifth of check's time at five years) to also
  // authenticate the free pages, which hold no record (docs/vault.md, "Integrity").
  std::vector<std::string> own;
  Status verified = VerifyVault(db_, &own);
  if (parallel) {
    Status integrity = side.Finish(&problems);
    // The second connection is not guarded (sql.h): the damage it met is recorded on this one.
    if (integrity.code() == Code::kCorrupt) sql::MarkDamaged(db_);
    PASSERELLE_RETURN_IF_ERROR(integrity);
  }
  PASSERELLE_RETURN_IF_ERROR(verified);
  if (!journal_loss_.empty()) problems.push_back(journal_loss_);
  problems.insert(problems.end(), own.begin(), own.end());
  // A vault known to be damaged is only read from now on (docs/vault.md).
  if (!problems.empty()) sql::MarkDamaged(db_);
  return problems;
}

}  // namespace passerelle::core
