// Team keys: the 32-byte secret every device of a team shares to seal and open sync bundles.
// It is created once ("team init"), kept inside each encrypted vault, and handed to colleagues
// as a team key file protected by a passphrase ("team export" / "team join"). The passphrase
// travels separately (said aloud, not e-mailed with the file).
//
// Team key file: 120 bytes in the sealed-key layout the vault's own key file uses
// (passerelle/core/sealed_key.h) with the magic "PSRLTEAM": the team key sealed under an
// Argon2id-derived key, the header bound as associated data, so a tampered cost or salt fails
// like a wrong passphrase.
// Thread-safety: free functions; the vault ones as the Vault.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "passerelle/core/vault.h"
#include "passerelle/platform/secure_buffer.h"
#include "passerelle/platform/status.h"

namespace passerelle::sync {

inline constexpr size_t kTeamKeyFileBytes = 120;

// A fresh random team key in guarded memory.
Result<platform::SecureBuffer> NewTeamKey();

// Wraps `key` under `passphrase` (Argon2id with `kdf`); returns the file's bytes.
// kInvalidInput for an empty passphrase.
Result<std::vector<uint8_t>> WrapTeamKey(const platform::SecureBuffer& key, const platform::SecureBuffer& passphrase,
                                         const core::KdfParams& kdf);
// Reverse. kWrongPassphrase if the passphrase does not open it; kCorrupt if the file is not a
// team key file or is damaged; kUnsupported for a newer version.
Result<platform::SecureBuffer> UnwrapTeamKey(std::span<const uint8_t> file, const platform::SecureBuffer& passphrase);

// "team init": gives the vault a new team key. kConflict if it already has one.
Status InitTeam(core::Vault& vault);
// "team export": writes the vault's team key, wrapped, to `path` (atomically).
// kNotFound if the vault has no team key yet.
Status ExportTeamKey(core::Vault& vault, const std::string& path, const platform::SecureBuffer& passphrase,
                     const core::KdfParams& kdf);
// "team join": reads a team key file and stores the key in the vault. Joining the team the
// vault already belongs to is a no-op; a different team is kConflict (nothing changes).
Status JoinTeam(core::Vault& vault, const std::string& path, const platform::SecureBuffer& passphrase);

}  // namespace passerelle::sync
