// The team's organisation (sync_store.h): sealed into the team key file on export, opened,
// checked and adopted on join. Secrets stay in guarded memory and inside the core.
#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "organisation_keys.h"
#include "passerelle/core/sync_store.h"
#include "passerelle/platform/bytes.h"
#include "sql.h"
#include "vault_internal.h"

namespace passerelle::core {
namespace {

using organisation_internal::OrganisationSecrets;

constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

// Its own key, derived from the team key: the team key itself only ever seals bundles.
platform::SecureBuffer SectionKey(const platform::SecureBuffer& team_key) {
  static constexpr std::string_view kContext = "passerelle team organisation v1";
  platform::SecureBuffer key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  crypto_generichash(key.data(), key.size(), reinterpret_cast<const uint8_t*>(kContext.data()), kContext.size(),
                     team_key.data(), team_key.size());
  return key;
}

Status Damaged() { return Corrupt("The team key file's organisation is damaged or was altered."); }

Result<OrganisationSecrets> OpenSection(const platform::SecureBuffer& team_key, std::span<const uint8_t> sealed,
                                        std::span<const uint8_t> associated) {
  if (sealed.size() < kNonceBytes + kTagBytes) return Damaged();
  platform::SecureBuffer plain(sealed.size() - kNonceBytes - kTagBytes);
  platform::SecureBuffer key = SectionKey(team_key);
  unsigned long long n = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), &n, nullptr, sealed.data() + kNonceBytes,
                                                 sealed.size() - kNonceBytes, associated.data(), associated.size(),
                                                 sealed.data(), key.data()) != 0)
    return Damaged();
  // kind u8 | name (u32 length, bytes) | X25519 public 32 | secret 32 | Ed25519 public 32 | secret 64
  platform::ByteReader r(plain.bytes());
  const uint8_t kind_byte = r.U8();
  const uint64_t name_len = r.FixedLE(4);
  if (!r.ok() || name_len > plain.size()) return Damaged();
  auto name = r.Raw(static_cast<size_t>(name_len));
  auto enc_pub = r.Raw(32), enc_sec = r.Raw(32), sig_pub = r.Raw(32), sig_sec = r.Raw(64);
  if (!r.ok() || r.Remaining() != 0 || kind_byte > 1) return Damaged();
  OrganisationSecrets org;
  org.card.kind = static_cast<OrganisationKind>(kind_byte);
  org.card.name.assign(name.begin(), name.end());
  std::copy(enc_pub.begin(), enc_pub.end(), org.card.encryption_key.begin());
  std::copy(sig_pub.begin(), sig_pub.end(), org.card.signing_key.begin());
  org.encryption_secret = platform::SecureBuffer(32);
  org.signing_secret = platform::SecureBuffer(64);
  std::copy(enc_sec.begin(), enc_sec.end(), org.encryption_secret.data());
  std::copy(sig_sec.begin(), sig_sec.end(), org.signing_secret.data());
  // The secret keys must be the public keys' own: a section that pairs them wrongly is damaged.
  uint8_t check[32];
  if (crypto_scalarmult_base(check, org.encryption_secret.data()) != 0 ||
      sodium_memcmp(check, org.card.encryption_key.data(), 32) != 0 ||
      sodium_memcmp(org.signing_secret.data() + 32, org.card.signing_key.data(), 32) != 0)
    return Damaged();
  org.card.id = OrganisationIdOf(org.card.signing_key);
  return org;
}

}  // namespace

Result<std::vector<uint8_t>> SyncStore::SealOrganisationForTeam(const platform::SecureBuffer& team_key,
                                                                std::span<const uint8_t> associated) {
  if (!platform::InitCrypto()) return Internal("The cryptography library could not start.");
  PASSERELLE_ASSIGN_OR_RETURN(OrganisationSecrets org, organisation_internal::LoadSecrets(vault_));
  const size_t plain_size = 1 + 4 + org.card.name.size() + 32 + 32 + 32 + 64;
  platform::SecureBuffer plain(plain_size);
  {
    size_t at = 0;
    auto put = [&](const void* p, size_t n) {
      std::memcpy(plain.data() + at, p, n);
      at += n;
    };
    const uint8_t kind = static_cast<uint8_t>(org.card.kind);
    put(&kind, 1);
    uint8_t len[4];
    platform::StoreFixedLE(len, org.card.name.size());
    put(len, 4);
    put(org.card.name.data(), org.card.name.size());
    put(org.card.encryption_key.data(), 32);
    put(org.encryption_secret.data(), 32);
    put(org.card.signing_key.data(), 32);
    put(org.signing_secret.data(), 64);
  }
  std::vector<uint8_t> out(kNonceBytes + plain_size + kTagBytes);
  platform::RandomBytes({out.data(), kNonceBytes});
  platform::SecureBuffer key = SectionKey(team_key);
  unsigned long long n = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kNonceBytes, &n, plain.data(), plain.size(),
                                             associated.data(), associated.size(), nullptr, out.data(), key.data());
  return out;
}

Status SyncStore::JoinTeam(const platform::SecureBuffer& team_key, std::span<const uint8_t> sealed,
                           std::span<const uint8_t> associated) {
  if (team_key.size() != 32) return InvalidInput("A team key is 32 bytes.");
  if (!platform::InitCrypto()) return Internal("The cryptography library could not start.");
  PASSERELLE_ASSIGN_OR_RETURN(OrganisationSecrets own, organisation_internal::LoadSecrets(vault_));
  auto team = sealed.empty() ? organisation_internal::DerivedFromTeamKey(team_key, own.card.name)
                             : OpenSection(team_key, sealed, associated);
  if (!team.ok()) return team.status();
  if (team->card.kind != own.card.kind || !SameOrganisationName(team->card.name, own.card.name)) {
    std::string why = "This vault belongs to " + DescribeOrganisation(own.card.name, own.card.kind) +
                      " and cannot join the team of " + DescribeOrganisation(team->card.name, team->card.kind) +
                      ": a team stays inside one organisation, so nothing was changed.";
    if (sealed.empty())
      why = "This team key file was made before organisations, for a service's team, so " +
            DescribeOrganisation(own.card.name, own.card.kind) + " cannot join it; nothing was changed.";
    return Refused(why);
  }
  sql::Transaction tx(internal::Db(vault_));
  PASSERELLE_RETURN_IF_ERROR(tx.Begin());
  PASSERELLE_RETURN_IF_ERROR(SetTeamKey(team_key, /*replace=*/false));
  PASSERELLE_RETURN_IF_ERROR(
      organisation_internal::StoreOwn(internal::Db(vault_), *team, sealed.empty() ? "derived" : "team"));
  return tx.Commit();
}

}  // namespace passerelle::core
