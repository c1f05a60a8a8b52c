// The vault's organisation and its verified recipients (organisation.h), and the secret-key
// operations only the core performs (organisation_keys.h).
#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "organisation_keys.h"
#include "passerelle/core/case_files.h"
#include "passerelle/core/model.h"
#include "passerelle/core/sync_store.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core {
namespace organisation_internal {
namespace {

static_assert(crypto_box_PUBLICKEYBYTES == kOrganisationKeyBytes && crypto_box_SECRETKEYBYTES == 32);
static_assert(crypto_sign_PUBLICKEYBYTES == kOrganisationKeyBytes && crypto_sign_SECRETKEYBYTES == 64);

// A lone worker without a service name is their own organisation's name.
std::string NameFor(const std::string& service, const std::string& worker) {
  return IsBlank(service) ? worker : service;
}

Result<OrganisationSecrets> FromSeeds(std::string_view name, OrganisationKind kind, const uint8_t* box_seed,
                                      const uint8_t* sign_seed) {
  OrganisationSecrets org;
  org.card.name = std::string(name);
  org.card.kind = kind;
  org.encryption_secret = platform::SecureBuffer(crypto_box_SECRETKEYBYTES);
  org.signing_secret = platform::SecureBuffer(crypto_sign_SECRETKEYBYTES);
  if (crypto_box_seed_keypair(org.card.encryption_key.data(), org.encryption_secret.data(), box_seed) != 0 ||
      crypto_sign_seed_keypair(org.card.signing_key.data(), org.signing_secret.data(), sign_seed) != 0)
    return Internal("The organisation's keys could not be made.");
  org.card.id = OrganisationIdOf(org.card.signing_key);
  return org;
}

// The public half of organisation_self's row: nullopt if a column is damaged.
std::optional<OrganisationCard> CardOf(const std::string& name, const std::string& kind_id,
                                       std::span<const uint8_t> enc_pub, std::span<const uint8_t> sig_pub) {
  auto kind = ParseOrganisationKind(kind_id);
  if (!kind || enc_pub.size() != 32 || sig_pub.size() != 32) return std::nullopt;
  OrganisationCard card;
  card.name = name;
  card.kind = *kind;
  std::copy(enc_pub.begin(), enc_pub.end(), card.encryption_key.begin());
  std::copy(sig_pub.begin(), sig_pub.end(), card.signing_key.begin());
  card.id = OrganisationIdOf(card.signing_key);
  return card;
}

Result<std::optional<OrganisationSecrets>> ReadOwn(sqlite3* db) {
  sql::Stmt q(db,
              "SELECT name, kind, encryption_public, encryption_secret, signing_public, signing_secret "
              "FROM organisation_self WHERE singleton = 1");
  if (!q.Step()) {
    if (!q.status().ok()) return q.status();
    return std::optional<OrganisationSecrets>();
  }
  OrganisationSecrets org;
  auto card = CardOf(q.Text(0), q.Text(1), q.Blob(2), q.Blob(4));
  auto enc_sec = q.Blob(3), sig_sec = q.Blob(5);
  if (!card || enc_sec.size() != 32 || sig_sec.size() != 64) return Corrupt("The vault's organisation record is damaged.");
  org.card = std::move(*card);
  org.encryption_secret = platform::SecureBuffer(32);
  org.signing_secret = platform::SecureBuffer(64);
  std::copy(enc_sec.begin(), enc_sec.end(), org.encryption_secret.data());
  std::copy(sig_sec.begin(), sig_sec.end(), org.signing_secret.data());
  return std::optional<OrganisationSecrets>(std::move(org));
}

}  // namespace

Status ValidateOrganisationKind(std::string_view kind_id) {
  if (ParseOrganisationKind(kind_id)) return Status::Ok();
  return InvalidInput("The organisation kind " + QuotedForMessage(kind_id) +
                      " is not known (allowed: service, maison_de_justice).");
}

Result<OrganisationSecrets> Fresh(std::string_view name, OrganisationKind kind) {
  if (!platform::InitCrypto()) return Internal("The cryptography library could not start.");
  platform::SecureBuffer seeds(64);
  platform::RandomBytes({seeds.data(), seeds.size()});
  return FromSeeds(name, kind, seeds.data(), seeds.data() + 32);
}

Result<OrganisationSecrets> DerivedFromTeamKey(const platform::SecureBuffer& team_key, std::string_view name) {
  if (!platform::InitCrypto()) return Internal("The cryptography library could not start.");
  static constexpr std::string_view kContext = "passerelle organisation from team key v1";
  platform::SecureBuffer seeds(64);
  crypto_generichash(seeds.data(), seeds.size(), reinterpret_cast<const uint8_t*>(kContext.data()), kContext.size(),
                     team_key.data(), team_key.size());
  // Teams before organisations were all services: a maison de justice joins no service's team.
  return FromSeeds(name, OrganisationKind::kService, seeds.data(), seeds.data() + 32);
}

Status StoreOwn(sqlite3* db, const OrganisationSecrets& org, std::string_view origin) {
  sql::Stmt q(db,
              "INSERT INTO organisation_self(singleton, id, name, kind, encryption_public, encryption_secret, "
              "signing_public, signing_secret, origin) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT(singleton) DO UPDATE SET id = excluded.id, name = excluded.name, kind = excluded.kind, "
              "encryption_public = excluded.encryption_public, encryption_secret = excluded.encryption_secret, "
              "signing_public = excluded.signing_public, signing_secret = excluded.signing_secret, "
              "origin = excluded.origin");
  q.Bind(1, org.card.id).Bind(2, org.card.name).Bind(3, OrganisationKindId(org.card.kind));
  q.BindBlob(4, org.card.encryption_key).BindBlob(5, org.encryption_secret.bytes());
  q.BindBlob(6, org.card.signing_key).BindBlob(7, org.signing_secret.bytes()).Bind(8, origin);
  return q.Run();
}

Status CreateOrganisation(sqlite3* db, const VaultOptions& options) {
  PASSERELLE_RETURN_IF_ERROR(ValidateOrganisationKind(options.organisation_kind));
  PASSERELLE_ASSIGN_OR_RETURN(auto org, Fresh(NameFor(options.service, options.worker),
                                              *ParseOrganisationKind(options.organisation_kind)));
  return StoreOwn(db, org, "created");
}

Status EnsureOrganisation(Vault& v) {
  if (v.read_only()) return Status::Ok();
  PASSERELLE_ASSIGN_OR_RETURN(auto own, ReadOwn(internal::Db(v)));
  if (own) return Status::Ok();
  return LoadSecrets(v).status();  // makes and stores it
}

Result<OrganisationSecrets> LoadSecrets(Vault& v) {
  sqlite3* db = internal::Db(v);
  PASSERELLE_ASSIGN_OR_RETURN(auto own, ReadOwn(db));
  if (own) return std::move(*own);
  // A vault made before organisations: its organisation is made now, once.
  SyncStore store(v);
  PASSERELLE_ASSIGN_OR_RETURN(auto team_key, store.TeamKey());
  const std::string name = NameFor(v.service(), v.worker());
  auto org = team_key ? DerivedFromTeamKey(*team_key, name) : Fresh(name, OrganisationKind::kService);
  if (!org.ok()) return org.status();
  if (v.read_only()) {
    if (team_key) return std::move(org).value();  // derived: the same every time, nothing to store
    return NotFound("This vault has no organisation yet; open it once where it can be written.");
  }
  PASSERELLE_RETURN_IF_ERROR(StoreOwn(db, *org, team_key ? "derived" : "created"));
  return std::move(org).value();
}

}  // namespace organisation_internal

using organisation_internal::LoadSecrets;

// The card alone, without the secret keys: a sync import compares every bundle's organisation
// with it, and copying the secrets into guarded memory (an mmap, mprotect and munmap each) was
// ~8 % of a hub session's merge of 49 bundles.
Result<OrganisationCard> OwnOrganisation(Vault& v) {
  sql::Stmt q(internal::Db(v), "SELECT name, kind, encryption_public, signing_public FROM organisation_self "
                               "WHERE singleton = 1");
  if (q.Step()) {
    auto card = organisation_internal::CardOf(q.Text(0), q.Text(1), q.Blob(2), q.Blob(3));
    if (!card) return Corrupt("The vault's organisation record is damaged.");
    return std::move(*card);
  }
  PASSERELLE_RETURN_IF_ERROR(q.status());
  PASSERELLE_ASSIGN_OR_RETURN(auto org, LoadSecrets(v));  // none yet: made (and stored) once
  return org.card;
}

Result<std::array<uint8_t, 64>> SignAsOrganisation(Vault& v, std::span<const uint8_t> message) {
  PASSERELLE_ASSIGN_OR_RETURN(auto org, LoadSecrets(v));
  std::array<uint8_t, 64> sig{};
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), org.signing_secret.data());
  return sig;
}

Result<std::vector<uint8_t>> OpenSealedToOrganisation(Vault& v, std::span<const uint8_t> sealed) {
  if (sealed.size() < crypto_box_SEALBYTES) return Corrupt("The sealed packet is too short to be one.");
  PASSERELLE_ASSIGN_OR_RETURN(auto org, LoadSecrets(v));
  std::vector<uint8_t> plain(sealed.size() - crypto_box_SEALBYTES);
  if (crypto_box_seal_open(plain.data(), sealed.data(), sealed.size(), org.card.encryption_key.data(),
                           org.encryption_secret.data()) != 0)
    return Corrupt("The packet is not addressed to this organisation, or it was altered.");
  return plain;
}

namespace {

std::string Folded(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string CompactFingerprint(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != '-' && c != ' ') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Result<std::vector<OrganisationCard>> ReadRecipients(const Vault& v) {
  sql::Stmt q(internal::Db(v),
              "SELECT name, kind, encryption_public, signing_public FROM organisation_recipient ORDER BY name, id");
  std::vector<OrganisationCard> out;
  while (q.Step()) {
    OrganisationCard c;
    c.name = q.Text(0);
    auto kind = ParseOrganisationKind(q.Text(1));
    auto enc = q.Blob(2), sig = q.Blob(3);
    if (!kind || enc.size() != 32 || sig.size() != 32) return Corrupt("A recorded recipient card is damaged.");
    c.kind = *kind;
    std::copy(enc.begin(), enc.end(), c.encryption_key.begin());
    std::copy(sig.begin(), sig.end(), c.signing_key.begin());
    c.id = OrganisationIdOf(c.signing_key);
    out.push_back(std::move(c));
  }
  if (!q.status().ok()) return q.status();
  return out;
}

}  // namespace

Result<std::vector<OrganisationCard>> VerifiedRecipients(Vault& v) { return ReadRecipients(v); }

Result<OrganisationCard> FindRecipient(Vault& v, std::string_view id_or_name) {
  PASSERELLE_ASSIGN_OR_RETURN(auto all, ReadRecipients(v));
  const std::string wanted = Folded(id_or_name);
  for (const auto& c : all)
    if (c.id == id_or_name || Folded(c.name) == wanted) return c;
  return NotFound("No verified recipient is called " + QuotedForMessage(id_or_name) +
                  ": import its card with org card import first.");
}

Result<OrganisationCard> AddVerifiedRecipient(Vault& v, std::string_view card_text,
                                              std::string_view confirmed_fingerprint) {
  PASSERELLE_ASSIGN_OR_RETURN(OrganisationCard card, DecodeCard(card_text));
  if (!confirmed_fingerprint.empty() && CompactFingerprint(confirmed_fingerprint) != CompactFingerprint(card.Fingerprint()))
    return Refused("The card's fingerprint is " + card.Fingerprint() +
                   ", not the one confirmed: check it with the organisation before importing.");
  PASSERELLE_ASSIGN_OR_RETURN(OrganisationCard own, OwnOrganisation(v));
  if (card.id == own.id) return InvalidInput("This is this vault's own organisation's card, not a recipient's.");
  PASSERELLE_ASSIGN_OR_RETURN(auto all, ReadRecipients(v));
  for (const auto& c : all) {
    if (c.id == card.id && c.encryption_key != card.encryption_key)
      return Conflict("A card with the id " + card.id + " and other keys is already recorded: ask the organisation which card is right.");
    if (c.id != card.id && Folded(c.name) == Folded(card.name))
      return Conflict("Another organisation called " + QuotedForMessage(card.name) +
                      " is already recorded: two recipients cannot share a name.");
  }
  sql::Stmt q(internal::Db(v),
              "INSERT INTO organisation_recipient(id, name, kind, encryption_public, signing_public, fingerprint, "
              "verified_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
              "kind = excluded.kind, fingerprint = excluded.fingerprint, verified_at = excluded.verified_at");
  q.Bind(1, card.id).Bind(2, card.name).Bind(3, OrganisationKindId(card.kind));
  q.BindBlob(4, card.encryption_key).BindBlob(5, card.signing_key).Bind(6, card.Fingerprint()).Bind(7, NowUtc(v));
  PASSERELLE_RETURN_IF_ERROR(q.Run());
  return card;
}

}  // namespace passerelle::core
