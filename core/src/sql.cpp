#include "sql.h"

#include <sys/stat.h>

#include <climits>
#include <cstdlib>
#include <map>
#include <mutex>

namespace passerelle::core::sql {
namespace {

struct GuardState {
  std::string db_path;
  std::string journal_path;
  bool read_only = false;
  bool watch_journal = false;
  dev_t journal_dev = 0;
  ino_t journal_ino = 0;
  bool damaged = false;
  bool journal_lost = false;
};

// Connections are few (one or two per open vault) and looked up once per write or error: a map
// under a mutex is enough. Keyed by the connection, since SQLite 3.42 has no per-connection data.
std::mutex& GuardMutex() {
  static std::mutex m;
  return m;
}
std::map<sqlite3*, GuardState>& Guards() {
  static std::map<sqlite3*, GuardState> guards;
  return guards;
}

// Set by the commit hook just before it turns a commit into a rollback, read by FromSqlite on the
// same thread right after: SQLite reports only SQLITE_CONSTRAINT_COMMITHOOK.
thread_local Status tls_commit_refusal;

Status DamagedRefusal(const std::string& detail) {
  return Corrupt("The vault's database is damaged (" + detail + "); nothing was written: restore it from a backup.");
}

Status JournalLostRefusal() {
  return IoError(
      "The vault's journal file vanished while it was open; nothing more can be saved until the vault is "
      "reopened.");
}

// Call with the mutex held.
Status RefusalLocked(GuardState& g) {
  if (g.read_only) return ReadOnlyRefusal();
  if (g.damaged) return DamagedRefusal("an earlier read found it malformed");
  if (g.journal_lost) return JournalLostRefusal();
  if (g.watch_journal) {
    struct stat st {};
    if (::stat(g.journal_path.c_str(), &st) != 0 || st.st_dev != g.journal_dev || st.st_ino != g.journal_ino) {
      g.journal_lost = true;
      return JournalLostRefusal();
    }
  }
  return Status::Ok();
}

int CommitHook(void* arg) {
  auto* db = static_cast<sqlite3*>(arg);
  // Read transactions commit too (BEGIN ... COMMIT around reads); only writes are guarded.
  if (sqlite3_txn_state(db, "main") != SQLITE_TXN_WRITE) return 0;
  Status refusal = WriteRefusal(db);
  if (refusal.ok()) return 0;
  tls_commit_refusal = refusal;
  return 1;  // SQLite rolls the transaction back
}

bool IsReadOnly(sqlite3* db) {
  std::lock_guard lock(GuardMutex());
  auto it = Guards().find(db);
  return it != Guards().end() && it->second.read_only;
}

}  // namespace

void MarkDamaged(sqlite3* db) {
  std::lock_guard lock(GuardMutex());
  auto it = Guards().find(db);
  if (it != Guards().end()) it->second.damaged = true;
}

Status ReadOnlyRefusal() { return IoError("The vault is read-only here; nothing was written."); }

void Guard(sqlite3* db, const GuardOptions& options) {
  GuardState g;
  const char* name = sqlite3_db_filename(db, "main");
  g.db_path = name ? name : "";
  g.journal_path = options.journal_path;
  g.read_only = options.read_only;
  struct stat st {};
  if (!g.journal_path.empty() && ::stat(g.journal_path.c_str(), &st) == 0) {
    g.watch_journal = true;
    g.journal_dev = st.st_dev;
    g.journal_ino = st.st_ino;
  }
  {
    std::lock_guard lock(GuardMutex());
    Guards()[db] = std::move(g);
  }
  sqlite3_commit_hook(db, CommitHook, db);
}

void Unguard(sqlite3* db) {
  sqlite3_commit_hook(db, nullptr, nullptr);
  std::lock_guard lock(GuardMutex());
  Guards().erase(db);
}

Status WriteRefusal(sqlite3* db) {
  std::lock_guard lock(GuardMutex());
  auto it = Guards().find(db);
  if (it == Guards().end()) return Status::Ok();
  return RefusalLocked(it->second);
}

bool IsOpenHere(const std::string& path) {
  char resolved[PATH_MAX];
  if (::realpath(path.c_str(), resolved) == nullptr) return false;
  std::lock_guard lock(GuardMutex());
  for (const auto& [db, g] : Guards())
    if (g.db_path == resolved) return true;
  return false;
}

Status FromSqlite(sqlite3* db, int rc, std::string_view what) {
  if (rc == SQLITE_CONSTRAINT_COMMITHOOK && !tls_commit_refusal.ok()) {
    Status refusal = tls_commit_refusal;
    tls_commit_refusal = Status::Ok();
    return refusal;
  }
  std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int primary = rc & 0xff;
  // SQLCipher reports a page whose HMAC fails (a flipped or truncated page) as a bare SQLITE_ERROR
  // with no message of its own ("SQL logic error"), never as SQLITE_CORRUPT. Our statements are
  // fixed and tested, so a message-less SQLITE_ERROR is the codec's: the page is damaged.
  if (primary == SQLITE_ERROR && detail == sqlite3_errstr(SQLITE_ERROR)) {
    primary = SQLITE_CORRUPT;
    detail = "a page failed its authentication check";
  }
  std::string msg = "Vault " + std::string(what) + " failed: " + detail + ".";
  switch (primary) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      // From now on this connection refuses to write: a damaged file is only ever read.
      if (db) MarkDamaged(db);
      return Corrupt("The vault's database is damaged or does not match its key file (" + detail +
                     "); restore it from a backup.");
    case SQLITE_READONLY:
      if (db && IsReadOnly(db)) return ReadOnlyRefusal();
      return IoError(msg);
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
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
  if (rc != SQLITE_DONE) status_ = FromSqlite(db_, sqlite3_extended_errcode(db_), "query");
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
  if (rc != SQLITE_OK) return FromSqlite(db, sqlite3_extended_errcode(db), "statement");
  return Status::Ok();
}

Transaction::~Transaction() {
  if (!open_) return;
  sqlite3_exec(db_, nested_ ? "ROLLBACK TO passerelle_nested; RELEASE passerelle_nested" : "ROLLBACK", nullptr,
               nullptr, nullptr);
}

Status Transaction::Begin() {
  nested_ = sqlite3_get_autocommit(db_) == 0;
  // Refuse before taking the write lock: a read-only, damaged or journal-less vault is not written.
  if (!nested_) PASSERELLE_RETURN_IF_ERROR(WriteRefusal(db_));
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
