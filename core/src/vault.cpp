// Vault lifecycle: create, open (unlock), passphrase change, identity. The mutation path itself
// is in apply.cpp, the integrity check in check.cpp.
#include "passerelle/core/vault.h"

#include <sodium.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
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
  v->data_key_ = std::move(data_key);
  v->cache_mib_ = options.cache_mib;
  v->memory_security_ = options.memory_security;
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
  if (!opened.ok()) return key_file.pending ? keyfile::PendingKeyRefused(path, opened.status()) : opened.status();
  sqlite3* db = opened.value();
  // A leftover PATH.key.tmp is settled only where the vault may be written.
  if (!read_only) keyfile::SettleStoredKeyFile(path, key_file);
  std::unique_ptr<Vault> v(new Vault());
  v->db_ = db;
  v->path_ = path;
  v->read_only_ = read_only;
  v->clock_ = options.clock ? options.clock : &platform::SystemClock::Instance();
  v->data_key_ = std::move(data_key.value());
  v->cache_mib_ = options.cache_mib;
  v->memory_security_ = options.memory_security;
  v->immutable_ = mode == OpenMode::kImmutable;
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

Result<sqlite3*> Vault::OpenSecondConnection(int64_t cache_mib) const {
  if (data_key_.empty()) return Internal("The vault's key is no longer held.");
  return OpenDatabase(path_, data_key_, immutable_ ? OpenMode::kImmutable : OpenMode::kReadOnly, cache_mib,
                      memory_security_);
}

void Vault::CloseSecondConnection(sqlite3* db) {
  if (db == nullptr) return;
  ForgetTextCache(db);
  sqlite3_close_v2(db);
}

}  // namespace passerelle::core
