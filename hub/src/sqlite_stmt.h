// Private to the SQLite store (store_sqlite.cpp): one statement, either prepared for one use or
// taken from the connection's cache of prepared statements (the hub runs the same few queries on
// every request; preparing each anew cost a parse and a plan per call, under the store's lock),
// and the pool of read-only connections the store reads through.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "passerelle/platform/status.h"

namespace passerelle::hub::internal {

inline Status SqliteError(sqlite3* db, const char* what) {
  const int code = sqlite3_errcode(db);
  std::string msg = std::string("The hub's database could not ") + what + ": " + sqlite3_errmsg(db) + ".";
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return Corrupt(std::move(msg));
  return IoError(std::move(msg));
}

// Prepared statements of one connection, keyed by their SQL text's address (string literals):
// used only under the lock that guards the connection; finalized with it.
class StmtCache {
 public:
  explicit StmtCache(sqlite3* db) : db_(db) {}
  ~StmtCache() {
    for (auto& [sql, stmt] : stmts_) sqlite3_finalize(stmt);
  }
  StmtCache(const StmtCache&) = delete;
  StmtCache& operator=(const StmtCache&) = delete;
  sqlite3* db() const { return db_; }
  // Null when the SQL does not prepare (the caller reports the connection's error).
  sqlite3_stmt* Get(const char* sql) {
    auto it = stmts_.find(sql);
    if (it != stmts_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) return nullptr;
    stmts_.emplace(sql, stmt);
    return stmt;
  }

 private:
  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> stmts_;
};

// One statement for the scope: a cached one is reset and unbound at the end, a one-off finalized.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : owned_(true) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  Stmt(StmtCache& cache, const char* sql) : stmt_(cache.Get(sql)), owned_(false) {
    rc_ = stmt_ != nullptr ? SQLITE_OK : SQLITE_ERROR;
  }
  ~Stmt() {
    if (owned_) {
      sqlite3_finalize(stmt_);
    } else if (stmt_ != nullptr) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool prepared() const { return rc_ == SQLITE_OK; }
  Stmt& Bind(int i, std::string_view s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& BindBlob(int i, const void* data, size_t n) {
    sqlite3_bind_blob64(stmt_, i, n == 0 ? "" : data, n, SQLITE_TRANSIENT);
    return *this;
  }
  int Step() { return stmt_ == nullptr ? SQLITE_MISUSE : sqlite3_step(stmt_); }
  std::string Text(int col) {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col));
  }
  int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
  std::vector<uint8_t> Blob(int col) {
    const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, col));
    return p == nullptr ? std::vector<uint8_t>() : std::vector<uint8_t>(p, p + sqlite3_column_bytes(stmt_, col));
  }
  sqlite3_stmt* raw() { return stmt_; }
  // Ready for the next row of a loop over one cached statement.
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  bool owned_;
  int rc_;
};

// Read-only connections to one database file in WAL mode: a reader sees the last commit and
// neither waits for the writer nor holds it up. Each is used by one thread at a time (Take, then
// Give back); up to kIdle are kept open.
class ReaderPool {
 public:
  struct Reader {
    sqlite3* db = nullptr;
    std::unique_ptr<StmtCache> cache;
    ~Reader() {
      cache.reset();
      sqlite3_close_v2(db);
    }
  };
  static constexpr size_t kIdle = 8;

  explicit ReaderPool(std::string path) : path_(std::move(path)) {}
  // An idle reader or a new one; null when none can be opened.
  std::unique_ptr<Reader> Take() {
    {
      std::lock_guard lock(mu_);
      if (!idle_.empty()) {
        auto r = std::move(idle_.back());
        idle_.pop_back();
        return r;
      }
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
      sqlite3_close_v2(db);
      return nullptr;
    }
    sqlite3_busy_timeout(db, 10000);
    auto r = std::make_unique<Reader>();
    r->db = db;
    r->cache = std::make_unique<StmtCache>(db);
    return r;
  }
  void Give(std::unique_ptr<Reader> r) {
    if (!r) return;
    std::lock_guard lock(mu_);
    if (idle_.size() < kIdle) idle_.push_back(std::move(r));
  }
  void Clear() {
    std::lock_guard lock(mu_);
    idle_.clear();
  }

 private:
  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Reader>> idle_;
};

}  // namespace passerelle::hub::internal
