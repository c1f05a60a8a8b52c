// The vault: one worker's encrypted store of case files on one device.
//
// Files: PATH is the SQLCipher database (every page, the WAL included, encrypted with a random
// 256-bit data key); PATH.key is a 120-byte key file holding that data key wrapped by a
// key-encryption key derived from the passphrase with Argon2id (see docs/vault.md). Changing the
// passphrase rewrites only PATH.key. A wrong passphrase is detected before the database is
// touched, so every file stays byte-identical.
//
// All changes to case data go through Apply(), the single mutation path shared by local edits and
// remote merges. Thread-safety: a Vault is used from one thread at a time; destroying it is
// "lock": the connection closes and the key is wiped from guarded memory.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "passerelle/core/op.h"
#include "passerelle/platform/clock.h"
#include "passerelle/platform/secure_buffer.h"
#include "passerelle/platform/status.h"

struct sqlite3;

namespace passerelle::core {

namespace internal {
struct VaultAccess;  // the raw connection, for the core's own modules: core/src/vault_internal.h
}  // namespace internal

// Argon2id cost. Stored in the key file, so a vault always opens with the cost it was made with.
struct KdfParams {
  uint64_t opslimit = 3;
  uint64_t memlimit = 256ull << 20;  // 256 MiB, 3 passes: ~0.45 s on the reference 2-core machine
  static KdfParams Default() { return {}; }
  // Only for test fixtures and benchmarks that open vaults thousands of times.
  static KdfParams LowCostForTests() { return {1, 8ull << 20}; }
};

struct VaultOptions {
  KdfParams kdf;                         // used by Create and ChangePassphrase
  platform::Clock* clock = nullptr;      // nullptr: the system clock
  std::string worker;                    // Create: who writes in this vault (author, referent)
  std::string service;                   // Create: the worker's service (CAPREV, CAW, SAJ...)
  // Create: the kind of the worker's organisation, "service" or "maison_de_justice"
  // (organisation.h); the organisation is named after `service` (or the worker when empty) and
  // gets fresh X25519 and Ed25519 key pairs.
  std::string organisation_kind = "service";
  int64_t cache_mib = 32;                // SQLCipher page cache: decrypted pages stay hot
  // SQLCipher memory security: SQLite's heap is mlock'ed and zeroed on free, so decrypted pages
  // never reach swap and nothing decrypted outlives a lock. Process-wide and irreversible once on;
  // only the benchmark turns it off, to measure the codec's own cost.
  bool memory_security = true;
  // Open without ever writing: for a vault on read-only media or an audit copy. Every reading
  // operation works; every write is refused with kIoError ("The vault is read-only here...").
  // Open also falls back to read-only on its own when the file or its directory is not writable.
  bool read_only = false;
  // Create: the app's assets folder whose directory/ (services.json + vocabulary.json) is installed
  // in the new vault (directory.h, UpdateFromShipped); "" = a vault with no directory (tests). A
  // shipped file that cannot be read or is invalid fails the creation, and nothing is left behind.
  std::string shipped_directory;
};

// What one Apply call did; the sync screen shows it after an import.
struct ApplyReport {
  size_t applied = 0;     // new ops written to the log
  size_t duplicates = 0;  // ops already in the log (idempotent re-delivery)
  size_t buffered = 0;    // text ops waiting for causal predecessors
  size_t coalesced = 0;   // local text insertions merged into this device's last unshared op (no new op)
  std::vector<std::string> touched_entities;  // sorted, unique
  std::vector<OpId> assigned;                 // ids given to the local ops, in order
};

// Version vector: for each replica, the highest op counter this vault holds contiguously.
using VersionVector = std::map<ReplicaId, uint64_t>;

class Vault {
 public:
  // Creates PATH and PATH.key; fails with kConflict if either exists. Nothing is left behind on
  // failure.
  static Result<std::unique_ptr<Vault>> Create(const std::string& path, const platform::SecureBuffer& passphrase,
                                               const VaultOptions& options);
  // Opens an existing vault, running pending schema migrations in one transaction.
  // Errors: kNotFound (no vault), kWrongPassphrase, kCorrupt (key file or database damaged, an
  // empty or truncated database, saved changes lost with the journal file: see docs/vault.md),
  // kUnsupported (made by a newer Passerelle). Nothing is written when Open fails.
  static Result<std::unique_ptr<Vault>> Open(const std::string& path, const platform::SecureBuffer& passphrase,
                                             const VaultOptions& options = {});
  // Re-wraps the data key under a new passphrase; the database is not re-encrypted. The key file
  // is replaced atomically: a crash leaves the old or the new passphrase working, never neither.
  static Status ChangePassphrase(const std::string& path, const platform::SecureBuffer& old_passphrase,
                                 const platform::SecureBuffer& new_passphrase, const KdfParams& kdf);

  ~Vault();
  Vault(const Vault&) = delete;
  Vault& operator=(const Vault&) = delete;

  // THE mutation path. Validates every op, then in one transaction merges each into the
  // materialised rows (per the field's merge rule) and appends it to the operation log. Local ops
  // (id.replica == 0) get this replica's next ids and HLC stamps; remote ops keep theirs and
  // advance the local clock. Either every op is applied or none is (the vault is unchanged on
  // any error). Re-applying an op already in the log is a no-op.
  Result<ApplyReport> Apply(std::vector<Op> ops);

  ReplicaId replica() const { return replica_; }
  const std::string& worker() const { return worker_; }
  const std::string& service() const { return service_; }
  const std::string& path() const { return path_; }
  bool read_only() const { return read_only_; }
  platform::Clock& clock() { return *clock_; }

  // What this vault holds, per replica (see VersionVector).
  Result<VersionVector> Version() const;

  // PRAGMA integrity_check plus the domain invariants (every logged register op agrees with the
  // materialised row's winner; this replica's counters and clock cover its logged ops; no saved
  // change lost with the journal file). Returns the list of problems (empty = healthy); a
  // damaged database may also fail with kCorrupt. All of it reads one state of the vault: the
  // integrity_check runs on a second, read-only connection in its own thread, pinned to the same
  // snapshot (core/src/check.cpp).
  Result<std::vector<std::string>> Check() const;

  // Builds a fresh, time-ordered entity id with the type's prefix ("dos-19ab3c4d5e6f0a1b2c3").
  static std::string NewEntityId(std::string_view prefix);

 private:
  friend class SyncStore;  // imports bundles through ApplyInTransaction
  friend struct internal::VaultAccess;

  Vault() = default;
  Status LoadIdentity();
  // Apply's body, for a caller that already holds a write transaction and rolls all of it back
  // if this fails (SyncStore::Import). Skipping Apply's own savepoint matters for large merges:
  // a savepoint makes SQLite copy every page it changes into a sub-journal first.
  Result<ApplyReport> ApplyInTransaction(std::vector<Op> ops);
  // Apply's validation alone (nothing read or written): a batched import checks the whole bundle
  // before its first batch commits.
  static Status Validate(const std::vector<Op>& ops);
  // ApplyInTransaction for merged ops the caller has just passed through Validate, unchanged (a batched
  // import reads each batch twice, a hub session validates each bundle as it arrives): the
  // fields are looked up, their values not checked again (the text ops' decoding and UTF-8 scan
  // were 3-6 % of a new device's import). An op Validate would refuse is not detected here.
  Result<ApplyReport> ApplyValidatedInTransaction(std::vector<Op> ops);
  // A second connection to this vault that never writes, opened like this one but with its own
  // page cache of `cache_mib` (Check reads with it beside the main connection). The caller closes
  // it with CloseSecondConnection.
  Result<sqlite3*> OpenSecondConnection(int64_t cache_mib) const;
  static void CloseSecondConnection(sqlite3* db);

  sqlite3* db_ = nullptr;
  std::string path_;
  ReplicaId replica_ = 0;
  std::string worker_;
  std::string service_;
  platform::Clock* clock_ = nullptr;
  bool read_only_ = false;
  std::string journal_loss_;  // found at open (read-only opens only: writable ones refuse)
  // What OpenSecondConnection needs. The raw data key stays in guarded memory while the vault is
  // open (SQLCipher holds the same key for the main connection anyway) and is wiped with it.
  platform::SecureBuffer data_key_;
  int64_t cache_mib_ = 0;
  bool memory_security_ = true;
  bool immutable_ = false;  // opened with SQLite's immutable=1 (no journal, nothing beside the file)
};

}  // namespace passerelle::core
