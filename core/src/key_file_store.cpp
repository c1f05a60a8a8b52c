#include "key_file_store.h"

#include "key_file.h"
#include "passerelle/platform/file.h"

namespace passerelle::core::keyfile {

std::string KeyPath(const std::string& vault_path) { return vault_path + ".key"; }
// platform::WriteFileAtomic's temporary name.
std::string PendingKeyPath(const std::string& vault_path) { return KeyPath(vault_path) + ".tmp"; }

Result<StoredKeyFile> ReadStoredKeyFile(const std::string& vault_path) {
  StoredKeyFile key;
  auto bytes = platform::ReadFile(KeyPath(vault_path));
  if (bytes.ok()) {
    key.bytes = std::move(bytes).value();
    return key;
  }
  if (bytes.status().code() != Code::kNotFound) return bytes.status();
  auto pending = platform::ReadFile(PendingKeyPath(vault_path));
  // A short leftover was cut off mid-write: it cannot be a key file, and is not one to try.
  if (!pending.ok() || pending.value().size() != kKeyFileBytes)
    return NotFound("The vault's key file " + KeyPath(vault_path) + " is missing.");
  key.bytes = std::move(pending).value();
  key.pending = true;
  return key;
}

Status PendingKeyRefused(const std::string& vault_path, const Status& why) {
  // Only a key that does not fit says something about the leftover; I/O trouble or a busy vault
  // is reported as it is.
  if (why.code() != Code::kWrongPassphrase && why.code() != Code::kCorrupt && why.code() != Code::kUnsupported)
    return why;
  if (why.code() == Code::kWrongPassphrase)
    return Status::Error(Code::kWrongPassphrase,
                         "Wrong passphrase, or the unfinished key file " + PendingKeyPath(vault_path) +
                             " (kept, as " + KeyPath(vault_path) + " is missing) is not this vault's.");
  return NotFound("The vault's key file " + KeyPath(vault_path) + " is missing, and the unfinished " +
                  PendingKeyPath(vault_path) + " (kept) does not open it.");
}

void SettleStoredKeyFile(const std::string& vault_path, const StoredKeyFile& key) {
  if (key.pending) {
    // Proven to open this vault; renamed (never rewritten: a kill mid-write could lose the only copy).
    (void)platform::RenameFile(PendingKeyPath(vault_path), KeyPath(vault_path));
    return;
  }
  if (platform::FileExists(PendingKeyPath(vault_path))) (void)platform::RemoveFile(PendingKeyPath(vault_path));
}

}  // namespace passerelle::core::keyfile
