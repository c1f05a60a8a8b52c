// The organisation's secret keys, used inside the core only: nothing outside core/ can include
// this header, so no front end ever holds a secret key. The keys live in the encrypted vault and
// are read into guarded memory (platform/secure_buffer.h) for each use, then wiped.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "passerelle/core/organisation.h"
#include "passerelle/core/vault.h"
#include "passerelle/platform/secure_buffer.h"

struct sqlite3;

namespace passerelle::core {

// Ed25519 detached signature of `message` by this vault's organisation.
Result<std::array<uint8_t, 64>> SignAsOrganisation(Vault& v, std::span<const uint8_t> message);
// crypto_box_seal_open with this vault's organisation's X25519 key pair. kCorrupt when the
// sealed bytes were not sealed to this organisation (or were altered).
Result<std::vector<uint8_t>> OpenSealedToOrganisation(Vault& v, std::span<const uint8_t> sealed);

namespace organisation_internal {

// The whole identity, secrets in guarded memory: what the team key file carries (sync/team.h
// reaches it through sync_store.h's TeamOrganisation, never this header).
struct OrganisationSecrets {
  OrganisationCard card;
  platform::SecureBuffer encryption_secret;  // X25519 secret key, 32 bytes
  platform::SecureBuffer signing_secret;     // Ed25519 secret key (libsodium's 64-byte form)
};

Result<OrganisationSecrets> LoadSecrets(Vault& v);
// Vault::Open, once migrated: a vault made before organisations gets its organisation there and
// then (a writable vault only; a read-only one derives it in memory when asked), so that no later
// command writes it on the way to a refusal.
Status EnsureOrganisation(Vault& v);

// Vault::Create: the new vault's organisation, with fresh key pairs (inside Create's own setup).
Status CreateOrganisation(sqlite3* db, const VaultOptions& options);
// The kind id is known, or one sentence saying it is not (checked before Create makes any file).
Status ValidateOrganisationKind(std::string_view kind_id);

// The identity an upgraded vault that already had a team key gets: keys derived from the team
// key, so every device of one team agrees on them.
Result<OrganisationSecrets> DerivedFromTeamKey(const platform::SecureBuffer& team_key, std::string_view name);
// Fresh random key pairs.
Result<OrganisationSecrets> Fresh(std::string_view name, OrganisationKind kind);
// Replaces the vault's organisation (inside the caller's transaction).
Status StoreOwn(sqlite3* db, const OrganisationSecrets& org, std::string_view origin);

}  // namespace organisation_internal
}  // namespace passerelle::core
