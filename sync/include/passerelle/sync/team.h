// Team keys: the 32-byte secret every device of a team shares to seal and open sync bundles.
// It is created once ("team init"), kept inside each encrypted vault, and handed to colleagues
// as a team key file protected by a passphrase ("team export" / "team join"). The passphrase
// travels separately (said aloud, not e-mailed with the file).
//
// Team key file: 120 bytes in the sealed-key layout the vault's own key file uses
// (passerelle/core/sealed_key.h) with the magic "PSRLTEAM": the team key sealed under an
// Argon2id-derived key, the header bound as associated data, so a tampered cost or salt fails
// like a wrong passphrase.
// The vault-side commands (team init / export / join) are in engine.h.
// Thread-safety: pure functions.
#pragma once

#include <span>
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

}  // namespace passerelle::sync
