// Private RAII helpers over the SQLite C API for the core's own modules. Not a public header:
// other modules never see SQL.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "passerelle/platform/status.h"

namespace passerelle::core::sql {

class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view text);
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool valid() const { return stmt_ != nullptr; }
  const Status& prepare_status() const { return prepare_status_; }

  Stmt& Bind(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const std::optional<std::string>& v) {
    if (v) return Bind(i, std::string_view(*v));
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& BindU64(int i, uint64_t v) { return Bind(i, static_cast<int64_t>(v)); }
  Stmt& BindBlob(int i, std::span<const uint8_t> v) {
    sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // Bind without a copy: `v` must stay alive and unchanged until the statement is reset. For hot
  // paths: with SQLCipher's memory security every copy is an mlock'ed allocation (two syscalls).
  Stmt& BindRef(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  Stmt& BindBlobRef(int i, std::span<const uint8_t> v) {
    sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  Stmt& BindNull(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }

  // Steps once: true when a row is available, false when done. Errors land in status().
  bool Step();
  Status Run();  // steps to completion, for statements without rows
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  const Status& status() const { return status_; }

  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  uint64_t U64(int col) const { return static_cast<uint64_t>(sqlite3_column_int64(stmt_, col)); }
  std::string Text(int col) const {
    auto p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  std::optional<std::string> OptText(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Text(col);
  }
  std::span<const uint8_t> Blob(int col) const {
    auto p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, col));
    return {p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
  }
  sqlite3_stmt* raw() { return stmt_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  Status prepare_status_;
  Status status_;
};

// Runs one or more statements without results.
Status Exec(sqlite3* db, std::string_view sql);

// A transaction that rolls back unless committed. BEGIN IMMEDIATE takes the write lock up front so
// a long merge can't fail half-way on a lock upgrade. Begun inside another transaction it is a
// savepoint, so a caller can make Apply part of a larger all-or-nothing unit (a sync import
// records the bundle and the sender's acknowledgement in the same transaction as the merge).
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  ~Transaction();
  Status Begin();
  Status Commit();

 private:
  sqlite3* db_;
  bool open_ = false;
  bool nested_ = false;
};

Status FromSqlite(sqlite3* db, int rc, std::string_view what);

// What the core knows about a vault connection beyond SQLite's own view, consulted before every
// write (Transaction::Begin and a commit hook, so writes outside Transaction are covered too):
// - damage: once any statement meets SQLITE_CORRUPT/NOTADB, the connection refuses every later
//   write, so a known-damaged file is never written into;
// - a vanished journal: SQLite keeps writing into a -wal file that was deleted (or replaced) while
//   the vault was open, and those writes would be lost at the next open; the journal's identity
//   (device, inode) is recorded when the vault opens and compared before each commit;
// - read-only: every write is refused with one sentence instead of SQLite's message.
struct GuardOptions {
  std::string journal_path;  // PATH-wal; empty when there is no journal to watch (immutable open)
  bool read_only = false;
};
// Starts guarding `db`; Unguard must be called before sqlite3_close.
void Guard(sqlite3* db, const GuardOptions& options);
void Unguard(sqlite3* db);
// From now on `db` refuses every write (Check found damage the statements themselves did not meet).
void MarkDamaged(sqlite3* db);
// Ok when `db` may be written; otherwise why not (kCorrupt, or kIoError for read-only).
Status WriteRefusal(sqlite3* db);
// True when a connection to `path` (the database file) is open and guarded in this process.
bool IsOpenHere(const std::string& path);

Status ReadOnlyRefusal();

}  // namespace passerelle::core::sql
