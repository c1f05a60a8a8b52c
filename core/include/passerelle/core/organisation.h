// Organisations: who a vault's worker works for, and who may receive what leaves it.
//
// A vault belongs to a worker of ONE organisation: a service (CAPREV, a CAW, a SAJ...) or a
// maison de justice. The organisation has an identity: a name, a kind, an X25519 key pair (sealed
// packets addressed to it) and an Ed25519 key pair (what it signs). Every device of a team holds
// the same organisation identity: the team key file carries it (sync/team.h), and joining a team
// adopts it; a vault of another organisation cannot join. Other organisations are recipients:
// they get nothing through sync, only through disclosures, to the organisations whose public
// identity card this vault holds as verified (the fingerprint read aloud and checked).
// Secret keys never leave the core (organisation_keys.h is internal). See docs/disclosures.md.
// Thread-safety: as the Vault passed in.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/core/vault.h"
#include "passerelle/platform/status.h"

namespace passerelle::core {

enum class OrganisationKind : uint8_t { kService, kMaisonDeJustice };

// Stable ids "service" and "maison_de_justice" (the CLI's --org-kind, the card file).
std::string_view OrganisationKindId(OrganisationKind kind);
std::optional<OrganisationKind> ParseOrganisationKind(std::string_view id);

inline constexpr size_t kOrganisationKeyBytes = 32;
using PublicKey = std::array<uint8_t, kOrganisationKeyBytes>;

// The public identity card: a file anybody may hold.
struct OrganisationCard {
  std::string id;    // "org-" + 16 hex digits of a hash of the signing key: stable, derived
  std::string name;  // "CAPREV Bruxelles", "Maison de justice de Mons"
  OrganisationKind kind = OrganisationKind::kService;
  PublicKey encryption_key{};  // X25519 (crypto_box_seal recipients)
  PublicKey signing_key{};     // Ed25519
  // Short and readable aloud: 16 characters of a hash of the whole card (name, kind and both
  // keys) in a 32-letter alphabet without 0/O, 1/I/L, in four groups: "7K3Q-9XPA-M2DE-4HRT".
  std::string Fingerprint() const;
};

// The id an organisation with this signing key has.
std::string OrganisationIdOf(const PublicKey& signing_key);

// Two names of one organisation: equal once case and runs of spaces are ignored ("CAPREV
// Bruxelles" and "caprev  bruxelles"). With the kind, what a team key file and a bundle compare.
bool SameOrganisationName(std::string_view a, std::string_view b);
// "CAPREV (a service)", "Maison de justice de Mons (a maison de justice)": for refusals.
std::string DescribeOrganisation(std::string_view name, OrganisationKind kind);

// The card file's text (UTF-8 lines "key: value", see docs/disclosures.md "Organisations").
std::string EncodeCard(const OrganisationCard& card);
// Reverse. Safe on any bytes (fuzzed: tests/fuzz/org_card_fuzz.cpp); kInvalidInput with one
// sentence for anything that is not a well-formed card (the id must match the signing key).
Result<OrganisationCard> DecodeCard(std::string_view file_text);

// This vault's organisation. A vault made before organisations gets one the first time it is
// asked (writable vaults only): a service named after the vault's service, whose keys are
// derived from the team key when the vault has one (so every upgraded device of one team agrees)
// or random otherwise.
Result<OrganisationCard> OwnOrganisation(Vault& v);

// Recipients this vault has verified (cards imported with their fingerprint confirmed), by name.
Result<std::vector<OrganisationCard>> VerifiedRecipients(Vault& v);
// One of them by id or name (case-insensitive); kNotFound if unknown here.
Result<OrganisationCard> FindRecipient(Vault& v, std::string_view id_or_name);
// Records `card_text` as a verified recipient. `confirmed_fingerprint`, when not empty, must be
// the card's fingerprint (spaces, dashes and case ignored): kRefused otherwise, nothing written.
// The vault's own card is refused (kInvalidInput); a card with the id of a recorded one replaces
// it only when its keys are the same (a changed key for a known id is kConflict).
Result<OrganisationCard> AddVerifiedRecipient(Vault& v, std::string_view card_text,
                                              std::string_view confirmed_fingerprint);

}  // namespace passerelle::core
