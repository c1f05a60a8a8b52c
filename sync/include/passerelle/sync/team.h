// Team keys: the 32-byte secret every device of a team shares to seal and open sync bundles.
// It is created once ("team init"), kept inside each encrypted vault, and handed to colleagues
// as a team key file protected by a passphrase ("team export" / "team join"). The passphrase
// travels separately (said aloud, not e-mailed with the file).
//
// Team key file: 120 bytes in the sealed-key layout the vault's own key file uses
// (passerelle/core/sealed_key.h) with the magic "PSRLTEAM": the team key sealed under an
// Argon2id-derived key, the header bound as associated data, so a tampered cost or salt fails
// like a wrong passphrase.
// Organisation section (since issue 12): a team is one organisation's (core/organisation.h), so
// the file goes on with that organisation's identity, name, kind and key pairs, sealed under the
// team key (so, like it, under the passphrase) with the first 130 bytes bound as associated data:
//  120  magic "PSRLORG1"        8
//  128  section version (1)     u16
//  130  body length             u32 (at most kMaxTeamOrganisationBytes)
//  134  body                    sealed by the core (SyncStore::SealOrganisationForTeam)
// A 120-byte file was made before organisations: it still opens; joining with it is decided in
// SyncStore::JoinTeam (docs/sync.md, "Organisations").
// The vault-side commands (team init / export / join) are in engine.h.
// Thread-safety: pure functions.
#pragma once

#include <span>
#include <vector>

#include "passerelle/core/vault.h"
#include "passerelle/platform/secure_buffer.h"
#include "passerelle/platform/status.h"

namespace passerelle::sync {

inline constexpr size_t kTeamKeyFileBytes = 120;  // the sealed key; the organisation section follows
inline constexpr size_t kTeamOrganisationHeaderBytes = 14;
inline constexpr size_t kMaxTeamOrganisationBytes = 8192;

// The parts of a team key file, views into it.
struct TeamKeyFileParts {
  std::span<const uint8_t> sealed_key;    // the first 120 bytes
  std::span<const uint8_t> associated;    // bytes 0..130: what the organisation's seal binds
  std::span<const uint8_t> organisation;  // the sealed body; empty for a file made before organisations
};
// Splits without opening. kCorrupt ("not a team key file", "damaged") as UnwrapTeamKey.
Result<TeamKeyFileParts> SplitTeamKeyFile(std::span<const uint8_t> file);
// The organisation section's header for a body of `body_bytes` (what `associated` ends with).
std::vector<uint8_t> TeamOrganisationHeader(size_t body_bytes);

// A fresh random team key in guarded memory.
Result<platform::SecureBuffer> NewTeamKey();

// Wraps `key` under `passphrase` (Argon2id with `kdf`); returns the file's bytes.
// kInvalidInput for an empty passphrase.
Result<std::vector<uint8_t>> WrapTeamKey(const platform::SecureBuffer& key, const platform::SecureBuffer& passphrase,
                                         const core::KdfParams& kdf);
// Reverse (the key only; a file with an organisation section opens too). kWrongPassphrase if the
// passphrase does not open it; kCorrupt if the file is not a team key file or is damaged;
// kUnsupported for a newer version.
Result<platform::SecureBuffer> UnwrapTeamKey(std::span<const uint8_t> file, const platform::SecureBuffer& passphrase);

}  // namespace passerelle::sync
