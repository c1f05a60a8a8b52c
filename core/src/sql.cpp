#include "sql.h"

namespace passerelle::core::sql {

Status FromSqlite(sqlite3* db, int rc, std::string_view what) {
  std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int primary = rc & 0xff;
  std::string msg = "Vault " + std::string(what) + " failed: " + detail + ".";
  switch (primary) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return Corrupt("The vault database is damaged or does not match its key file (" + detail + ").");
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return IoError(msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Conflict("The vault is in use by another program; close it and try again.");
    default:
      return Internal(msg);
  }
}

Stmt::Stmt(sqlite3* db, std::string_view text) : db_(db) {
  int rc = sqlite3_prepare_v2(db, text.data(), static_cast<int>(text.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    prepare_status_ = FromSqlite(db, rc, "query preparation");
    status_ = prepare_status_;
    stmt_ = nullptr;
  }
}

bool Stmt::Step() {
  if (stmt_ == nullptr) return false;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) status_ = FromSqlite(db_, rc, "query");
  return false;
}

Status Stmt::Run() {
  if (stmt_ == nullptr) return prepare_status_;
  while (Step()) {
  }
  Status st = status_;
  Reset();
  status_ = Status::Ok();
  return st;
}

Status Exec(sqlite3* db, std::string_view text) {
  std::string s(text);
  char* err = nullptr;
  int rc = sqlite3_exec(db, s.c_str(), nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  if (rc != SQLITE_OK) return FromSqlite(db, rc, "statement");
  return Status::Ok();
}

Transaction::~Transaction() {
  if (!open_) return;
  sqlite3_exec(db_, nested_ ? "ROLLBACK TO passerelle_nested; RELEASE passerelle_nested" : "ROLLBACK", nullptr,
               nullptr, nullptr);
}

Status Transaction::Begin() {
  nested_ = sqlite3_get_autocommit(db_) == 0;
  PASSERELLE_RETURN_IF_ERROR(Exec(db_, nested_ ? "SAVEPOINT passerelle_nested" : "BEGIN IMMEDIATE"));
  open_ = true;
  return Status::Ok();
}

Status Transaction::Commit() {
  Status st = Exec(db_, nested_ ? "RELEASE passerelle_nested" : "COMMIT");
  if (st.ok()) open_ = false;
  return st;
}

}  // namespace passerelle::core::sql
