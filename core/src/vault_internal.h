// The vault's raw SQLite connection, for the core's own query modules (case files, history, dump,
// directory) and the sync storage door (SyncStore), and for white-box tests. Not part of the public
// headers: writing case tables through it bypasses Vault::Apply, the single mutation path, and is a
// bug; reading through it from outside the core couples the caller to the schema.
#pragma once

#include "passerelle/core/vault.h"

struct sqlite3;

namespace passerelle::core::internal {

// Vault names this struct its friend, so no public header declares anything callable.
struct VaultAccess {
  static sqlite3* Db(const Vault& vault) { return vault.db_; }
};

inline sqlite3* Db(const Vault& vault) { return VaultAccess::Db(vault); }

}  // namespace passerelle::core::internal
