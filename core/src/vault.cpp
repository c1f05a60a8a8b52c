// Vault lifecycle: create, open (unlock), passphrase change, identity, integrity check.
// The mutation path itself is in apply.cpp.
#include "passerelle/core/vault.h"

#include <sodium.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <map>
#include <memory>
#include <ctime>

#include "journal_check.h"
#include "key_file.h"
#include "key_file_store.h"
#include "organisation_keys.h"
#include "passerelle/core/directory.h"
#include "passerelle/core/model.h"
#include "passerelle/platform/file.h"
#include "schema.h"
#include "sql.h"
#include "sync_index.h"
#include "text_store.h"
#include "sqlite_process.h"

namespace passerelle::core {
namespace {

std::string KeyPath(const std::string& path) { return path + ".key"; }

// How the database file is opened. Read-only modes never write the database file; kImmutable also
// never touches PATH-wal or PATH-shm (SQLite's immutable=1), for media where they cannot exist.
enum class OpenMode { kCreate, kWritable, kReadOnly, kImmutable };

// A "file:" URI for sqlite3_open_v2: the path percent-encoded, so '?' or '#' in a name stay literal.
std::string FileUri(const std::string& path, OpenMode mode) {
  std::string uri = "file:";
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    }
  }
  if (mode == OpenMode::kReadOnly) uri += "?mode=ro";
  if (mode == OpenMode::kImmutable) uri += "?mode=ro&immutable=1";
  return uri;
}

bool ReadOnlyMode(OpenMode mode) { return mode == OpenMode::kReadOnly || mode == OpenMode::kImmutable; }

// Opens the SQLCipher database with the raw 256-bit key (no PBKDF2: our Argon2id already did the
// slow part) and applies the connection settings every vault uses.
Result<sqlite3*> OpenDatabase(const std::string& path, const platform::SecureBuffer& data_key, OpenMode mode,
                              int64_t cache_mib, bool memory_security) {
  if (memory_security) sqlite_process::Configure();
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_URI;
  if (ReadOnlyMode(mode))
    flags |= SQLITE_OPEN_READONLY;
  else
    flags |= SQLITE_OPEN_READWRITE | (mode == OpenMode::kCreate ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(FileUri(path, mode).c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status st = sql::FromSqlite(db, rc, "open");
    sqlite3_close(db);
    return st;
  }
  // Before the first read: that read may meet another program's write or checkpoint, and must wait
  // for it rather than fail. 10 s covers the longest write two writers (CLI and app) make.
  sqlite3_busy_timeout(db, 10000);
  // Note texts are read through passerelle_text (text_store.h), from the first query on.
  if (Status fn = RegisterTextFunctions(db); !fn.ok()) {
    sqlite3_close(db);
    return fn;
  }
#ifdef SQLITE_HAS_CODEC
  // Nothing decrypted may outlive its use: SQLite's freed blocks are wiped by our allocator
  // (sqlite_process.cpp explains why not SQLCipher's mlock-per-block memory security). If SQLite was
  // started before a vault was opened, the allocator can no longer be swapped and SQLCipher's own
  // memory security (process-wide, one-way, slower) does the wiping instead.
  if (memory_security && !sqlite_process::HeapInstalled()) {
    if (Status mem = sql::Exec(db, "PRAGMA cipher_memory_security = ON"); !mem.ok()) {
      sqlite3_close(db);
      return mem;
    }
  }
#endif
  // "x'<64 hex>'" tells SQLCipher the key is raw; built in guarded memory, wiped on return.
  platform::SecureBuffer spec(3 + 2 * data_key.size());
  spec.data()[0] = 'x';
  spec.data()[1] = '\'';
  sodium_bin2hex(reinterpret_cast<char*>(spec.data() + 2), 2 * data_key.size() + 1, data_key.data(), data_key.size());
  spec.data()[spec.size() - 1] = '\'';
#ifdef SQLITE_HAS_CODEC
  rc = sqlite3_key(db, spec.data(), static_cast<int>(spec.size()));
#else
  // Only the benchmark's plain-SQLite baseline (passerelle_core_plain) is built without the codec.
  rc = SQLITE_OK;
#endif
  spec.Wipe();
  Status st = rc == SQLITE_OK ? Status::Ok() : sql::FromSqlite(db, rc, "key setup");
  // The first read decrypts page 1: a mismatched key or a damaged first page shows up here as
  // SQLITE_NOTADB. An existing vault always has tables: an empty (0-byte, or truncated to nothing)
  // file is damage, and must not be initialised as a new vault.
  if (st.ok()) {
    sql::Stmt q(db, "SELECT count(*) FROM sqlite_master");
    if (!q.Step()) st = q.status().ok() ? Internal("Counting the vault's tables returned nothing.") : q.status();
    else if (mode != OpenMode::kCreate && q.Int(0) == 0)
      st = Corrupt("The vault's database is empty or truncated (" + path + "); restore it from a backup.");
  }
  std::string settings = "PRAGMA temp_store = MEMORY;"
                         "PRAGMA cache_size = -" + std::to_string(cache_mib * 1024) + ";";
  // Switching to WAL writes the header: only where the vault may be written.
  if (!ReadOnlyMode(mode))
    settings = "PRAGMA journal_mode = WAL;"
               "PRAGMA synchronous = FULL;"  // a saved note survives a power cut, not just a crash
               + settings;
  if (st.ok()) st = sql::Exec(db, settings);
  if (!st.ok()) {
    sqlite3_close(db);
    return st;
  }
  return db;
}

// True when neither the database file nor its directory may be written by this process (read-only
// media, a write-protected copy): SQLite must then neither write the file nor create PATH-shm.
bool CanWrite(const std::string& path) {
  std::string dir = path.substr(0, path.find_last_of('/') + 1);
  if (dir.empty()) dir = ".";
  return ::access(path.c_str(), W_OK) == 0 && ::access(dir.c_str(), W_OK) == 0;
}

bool NonEmptyFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && st.st_size > 0;
}

}  // namespace

Result<std::unique_ptr<Vault>> Vault::Create(const std::string& path, const platform::SecureBuffer& passphrase,
                                             const VaultOptions& options) {
  if (passphrase.empty()) return InvalidInput("The passphrase must not be empty.");
  // The worker's and service's names become authors and referents of every record: the same
  // text rules as any one-line field, checked before any file is made.
  for (const auto& [what, value] : {std::pair<const char*, const std::string&>{"The worker's name", options.worker},
                                    {"The service's name", options.service}}) {
    if (std::string why; !ValidateText(what, value, /*multi_line=*/false, kMaxLineCodePoints, kMaxLineCodePoints * 4, &why))
      return InvalidInput(why);
  }
  PASSERELLE_RETURN_IF_ERROR(organisation_internal::ValidateOrganisationKind(options.organisation_kind));
  if (platform::FileExists(path) || platform::FileExists(KeyPath(path)))
    return Conflict("A vault already exists at " + path + "; choose another path.");
  if (!platform::InitCrypto()) return Internal("The cryptography library could not start.");
  platform::SecureBuffer data_key(keyfile::kDataKeyBytes);
  platform::RandomBytes({data_key.data(), data_key.size()});
  PASSERELLE_ASSIGN_OR_RETURN(auto wrapped, keyfile::Wrap(data_key, passphrase, options.kdf));

  auto cleanup = [&] {
    (void)platform::RemoveFile(path);
    (void)platform::RemoveFile(path + "-wal");
    (void)platform::RemoveFile(path + "-shm");
    (void)platform::RemoveFile(KeyPath(path));
  };
  auto db = OpenDatabase(path, data_key, OpenMode::kCreate, options.cache_mib, options.memory_security);
  if (!db.ok()) {
    cleanup();
    return db.status();
  }
  std::unique_ptr<Vault> v(new Vault());
  v->db_ = db.value();
  v->path_ = path;
  v->clock_ = options.clock ? options.clock : &platform::SystemClock::Instance();
  Status st = schema::Migrate(v->db_);
  if (st.ok()) {
    ReplicaId replica = 0;
    while (replica == 0 || replica > static_cast<uint64_t>(INT64_MAX)) replica = platform::RandomU64() >> 1;
    sql::Stmt ins(v->db_,
                  "INSERT INTO replica_state(singleton, replica_id, next_counter, hlc_last, worker, service, created_at)"
                  " VALUES (1, ?, 1, 0, ?, ?, ?)");
    ins.BindU64(1, replica).Bind(2, options.worker).Bind(3, options.service).Bind(4, platform::FormatUtc(v->clock_->NowMillis()));
    st = ins.Run();
    if (st.ok()) st = organisation_internal::CreateOrganisation(v->db_, options);
  }
  // The key file is written last: until it exists the half-made database is unusable and removed.
  if (st.ok()) st = platform::WriteFileAtomic(KeyPath(path), wrapped);
  if (st.ok()) st = v->LoadIdentity();
  if (st.ok() && !options.shipped_directory.empty())
    st = directory::UpdateFromShipped(*v, options.shipped_directory).status();
  if (!st.ok()) {
    v.reset();
    cleanup();
    return st;
  }
  sql::Guard(v->db_, {path + "-wal", false});
  return v;
}

Result<std::unique_ptr<Vault>> Vault::Open(const std::string& path, const platform::SecureBuffer& passphrase,
                                           const VaultOptions& options) {
  if (!platform::FileExists(path)) return NotFound("No vault at " + path + ".");
  // PATH.key, or the leftover of a write killed before its rename (key_file_store.h).
  PASSERELLE_ASSIGN_OR_RETURN(auto key_file, keyfile::ReadStoredKeyFile(path));
  // Unwrap before touching the database: a wrong passphrase must leave every byte as it was.
  auto data_key = keyfile::Unwrap(key_file.bytes, passphrase);
  if (!data_key.ok()) return key_file.pending ? keyfile::PendingKeyRefused(path, data_key.status()) : data_key.status();

  // Before SQLite opens the file (it would rebuild PATH-shm from what PATH-wal still holds).
  std::optional<journal::Loss> loss;
  if (!sql::IsOpenHere(path)) loss = journal::FindLoss(path);
  bool read_only = options.read_only || !CanWrite(path);
  if (loss && !read_only)
    return Corrupt("Saved changes are missing from the vault: " + loss->describe() + " " + path +
                   "-wal (deleted or damaged after the program stopped); nothing was written: restore the vault "
                   "from a backup, or open it read-only to read what remains.");
  OpenMode mode = OpenMode::kWritable;
  // Read-only: let SQLite read recent saves from PATH-wal when it holds some; otherwise (or when it
  // is known to be damaged) open immutable, so nothing beside the file is created or touched.
  if (read_only) mode = NonEmptyFile(path + "-wal") && !loss ? OpenMode::kReadOnly : OpenMode::kImmutable;
  auto opened = OpenDatabase(path, data_key.value(), mode, options.cache_mib, options.memory_security);
  data_key.value().Wipe();
  if (!opened.ok()) return key_file.pending ? keyfile::PendingKeyRefused(path, opened.status()) : opened.status();
  sqlite3* db = opened.value();
  // A leftover PATH.key.tmp is settled only where the vault may be written.
  if (!read_only) keyfile::SettleStoredKeyFile(path, key_file);
  std::unique_ptr<Vault> v(new Vault());
  v->db_ = db;
  v->path_ = path;
  v->read_only_ = read_only;
  v->clock_ = options.clock ? options.clock : &platform::SystemClock::Instance();
  if (loss) v->journal_loss_ = "saved changes are missing: " + loss->describe() + " " + path + "-wal";
  // This first read also opens PATH-wal, whose identity the guard then records.
  PASSERELLE_ASSIGN_OR_RETURN(int version, schema::CurrentVersion(db));
  sql::Guard(db, {mode == OpenMode::kImmutable ? std::string() : path + "-wal", read_only});
  if (read_only && version < schema::LatestVersion())
    return IoError("The vault is read-only here and was made by an older Passerelle; open it once where it can be "
                   "written, to upgrade it.");
  PASSERELLE_RETURN_IF_ERROR(schema::Migrate(v->db_));
  PASSERELLE_RETURN_IF_ERROR(v->LoadIdentity());
  PASSERELLE_RETURN_IF_ERROR(organisation_internal::EnsureOrganisation(*v));
  return v;
}

Status Vault::ChangePassphrase(const std::string& path, const platform::SecureBuffer& old_passphrase,
                               const platform::SecureBuffer& new_passphrase, const KdfParams& kdf) {
  if (new_passphrase.empty()) return InvalidInput("The new passphrase must not be empty.");
  PASSERELLE_ASSIGN_OR_RETURN(auto key_bytes, platform::ReadFile(KeyPath(path)));
  PASSERELLE_ASSIGN_OR_RETURN(auto data_key, keyfile::Unwrap(key_bytes, old_passphrase));
  PASSERELLE_ASSIGN_OR_RETURN(auto wrapped, keyfile::Wrap(data_key, new_passphrase, kdf));
  return platform::WriteFileAtomic(KeyPath(path), wrapped);
}

Vault::~Vault() {
  if (db_) ForgetTextCache(db_);  // the last saved note's text goes with the lock
  if (db_) sql::Unguard(db_);
  if (db_) sqlite3_close_v2(db_);  // SQLCipher wipes its copy of the key when the connection closes
}

Status Vault::LoadIdentity() {
  sql::Stmt q(db_, "SELECT replica_id, worker, service FROM replica_state WHERE singleton = 1");
  if (!q.Step()) return q.status().ok() ? Corrupt("The vault has no identity record.") : q.status();
  replica_ = q.U64(0);
  worker_ = q.Text(1);
  service_ = q.Text(2);
  return Status::Ok();
}

std::string Vault::NewEntityId(std::string_view prefix) {
  // 11 hex digits of creation time (ms) then 32 random bits: ids sort by creation, so new rows
  // append to the right edge of their B-trees (fewer pages touched, and encrypted, per save),
  // and two devices would have to pick the same 32 bits in the same millisecond to collide.
  uint64_t ms = static_cast<uint64_t>(platform::SystemClock::Instance().NowMillis()) & 0xFFFFFFFFFFFull;
  uint8_t raw[4];
  platform::RandomBytes(raw);
  char out[32];
  std::snprintf(out, sizeof out, "%011llx%02x%02x%02x%02x", static_cast<unsigned long long>(ms), raw[0], raw[1],
                raw[2], raw[3]);
  return std::string(prefix) + "-" + out;
}

Result<VersionVector> Vault::Version() const {
  VersionVector vv;
  sql::Stmt q(db_,
              "SELECT r.replica, max(o.counter) FROM oplog o JOIN ref_replica r ON r.ref = o.replica_ref "
              "GROUP BY o.replica_ref");
  while (q.Step()) vv[q.U64(0)] = q.U64(1);
  if (!q.status().ok()) return q.status();
  return vv;
}

Result<std::vector<std::string>> Vault::Check() const {
  std::vector<std::string> problems;
  {
    sql::Stmt q(db_, "PRAGMA integrity_check");
    while (q.Step())
      if (q.Text(0) != "ok") problems.push_back("integrity_check: " + q.Text(0));
    if (!q.status().ok()) return q.status();
  }
  // No `PRAGMA cipher_integrity_check` (issue 14): SQLCipher authenticates every page it reads, and
  // integrity_check reads every page that holds data (every B-tree page, overflow pages and the
  // free-list's trunk pages), so a flipped byte anywhere a record could be read from already fails
  // it. The second pragma read every page again (a fifth of check's time at five years) to also
  // authenticate the free pages, which hold no record (docs/vault.md, "Integrity").
  if (!journal_loss_.empty()) problems.push_back(journal_loss_);
  // What the vault acknowledged against what it holds: the replica's counter and clock are saved in
  // the same transaction as the ops they stamp, so a gap means part of the file went back in time
  // (a journal lost or damaged after a partial checkpoint, pages restored from elsewhere).
  {
    sql::Stmt q(db_,
                "SELECT s.next_counter, s.hlc_last, (SELECT max(o.counter) FROM oplog o JOIN ref_replica r "
                "ON r.ref = o.replica_ref WHERE r.replica = s.replica_id), (SELECT max(hlc) FROM oplog) "
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
      if (!q.IsNull(3) && q.U64(3) > hlc_last)
        problems.push_back("the log holds changes stamped later than this device's clock");
    } else if (q.status().ok()) {
      problems.push_back("the vault has no identity record");
    }
    if (!q.status().ok()) return q.status();
  }
  // The log and the rows must agree: each register's winning stamp is a logged op whose value is
  // the materialised one.
  // Every field's history chain starts at a logged op of that field.
  {
    sql::Stmt heads(db_,
                    "SELECT e.id, f.name FROM field_clock c JOIN ref_entity e ON e.ref = c.entity_ref "
                    "JOIN ref_field f ON f.ref = c.field_ref LEFT JOIN oplog o ON o.replica_ref = c.last_replica_ref "
                    "AND o.counter = c.last_counter AND o.entity_ref = c.entity_ref AND o.field_ref = c.field_ref "
                    "WHERE o.counter IS NULL");
    while (heads.Step()) problems.push_back("the history of " + heads.Text(0) + "." + heads.Text(1) + " is broken");
    if (!heads.status().ok()) return heads.status();
  }
  sql::Stmt q(db_,
              "SELECT e.id, f.name, o.value, o.counter FROM field_clock c "
              "JOIN ref_entity e ON e.ref = c.entity_ref JOIN ref_field f ON f.ref = c.field_ref "
              "LEFT JOIN oplog o ON o.replica_ref = c.replica_ref AND o.counter = c.counter AND o.hlc = c.hlc "
              "AND o.entity_ref = c.entity_ref AND o.field_ref = c.field_ref AND o.kind = 1 "
              "WHERE c.hlc IS NOT NULL");
  // One prepared statement per (table, column): a five-year vault has half a million registers.
  std::map<std::string, std::unique_ptr<sql::Stmt>> row_reads;
  while (q.Step()) {
    std::string entity = q.Text(0), field = q.Text(1);
    if (q.IsNull(3)) {
      problems.push_back("register " + entity + "." + field + " has no operation in the log");
      continue;
    }
    const EntitySpec* spec = SpecForId(entity);
    if (!spec) {
      problems.push_back("unknown entity id " + entity);
      continue;
    }
    auto& slot = row_reads[std::string(spec->name) + "." + field];
    if (!slot) slot = std::make_unique<sql::Stmt>(db_, "SELECT " + field + " FROM " + std::string(spec->name) + " WHERE id = ?");
    sql::Stmt& row = *slot;
    row.Reset();
    row.Bind(1, entity);
    if (!row.Step()) {
      problems.push_back("entity " + entity + " has a register but no row");
      continue;
    }
    if (row.OptText(0) != q.OptText(2)) problems.push_back("row " + entity + "." + field + " differs from the log");
    row.Reset();
  }
  if (!q.status().ok()) return q.status();
  // Every note text's chunks inflate to well-formed text and belong to a note (text_store.h).
  PASSERELLE_RETURN_IF_ERROR(VerifyTextChunks(db_, &problems));
  // The sync index (sync_index.h) says exactly what the log and the notes' scopes say.
  PASSERELLE_ASSIGN_OR_RETURN(auto index_problems, sync_index::Verify(db_));
  problems.insert(problems.end(), index_problems.begin(), index_problems.end());
  // A vault known to be damaged is only read from now on (docs/vault.md).
  if (!problems.empty()) sql::MarkDamaged(db_);
  return problems;
}

}  // namespace passerelle::core
