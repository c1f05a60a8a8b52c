// Small helpers the core tests share: vault options that open in milliseconds, and the size of the
// operation log (white-box: through the internal raw connection, core/src/vault_internal.h).
#pragma once

#include <sqlite3.h>

#include <cstdint>

#include "passerelle/core/vault.h"
#include "vault_internal.h"

namespace passerelle::testing {

// A low-cost Argon2id (tests open vaults hundreds of times), worker "Ana" of service "SAJ".
inline core::VaultOptions FastVaultOptions(platform::Clock* clock = nullptr) {
  core::VaultOptions o;
  o.clock = clock;
  o.kdf = core::KdfParams::LowCostForTests();
  o.worker = "Ana";
  o.service = "SAJ";
  return o;
}

// Rows in the operation log: a refused write must leave it unchanged.
inline int64_t OpLogSize(const core::Vault& vault) {
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(core::internal::Db(vault), "SELECT count(*) FROM oplog", -1, &s, nullptr);
  sqlite3_step(s);
  int64_t n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return n;
}

}  // namespace passerelle::testing
