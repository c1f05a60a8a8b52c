// Where a vault's key file lives (PATH.key) and what a killed passphrase change leaves behind.
// A key file is replaced through platform::WriteFileAtomic: PATH.key.tmp is written and synced, then
// renamed over PATH.key. A process killed in between leaves PATH.key.tmp:
//   - beside an intact PATH.key (a killed `passwd`): the leftover was never the key in use; it is
//     removed at the next successful open, once PATH.key has proven it opens the vault;
//   - with no PATH.key (a `create` killed just before its last step, or a key file deleted by
//     hand): the leftover may be the only copy of the key, so it is never removed; it is tried,
//     and renamed to PATH.key only once it has opened the vault's database.
// Removal and promotion are best effort: on read-only media the files stay as they are.
// Thread-safety: none needed (no shared state); concurrent writers are the database's concern.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "passerelle/platform/status.h"

namespace passerelle::core::keyfile {

std::string KeyPath(const std::string& vault_path);
std::string PendingKeyPath(const std::string& vault_path);

struct StoredKeyFile {
  std::vector<uint8_t> bytes;
  bool pending = false;  // read from PATH.key.tmp because PATH.key is missing
};

// Reads PATH.key, or a whole PATH.key.tmp when PATH.key is missing; NotFound when neither exists.
Result<StoredKeyFile> ReadStoredKeyFile(const std::string& vault_path);

// The open failed with a pending key file: why, in one sentence (the leftover is kept).
Status PendingKeyRefused(const std::string& vault_path, const Status& why);

// Called once the key file has opened the vault: promotes a pending key file to PATH.key, or
// removes a leftover PATH.key.tmp beside PATH.key.
void SettleStoredKeyFile(const std::string& vault_path, const StoredKeyFile& key);

}  // namespace passerelle::core::keyfile
