// Team keys (team.h): creation and passphrase wrapping.
#include "passerelle/sync/team.h"

#include <sodium.h>

#include <cstring>
#include <string_view>

#include "passerelle/sync/bundle.h"
#include "wire.h"

namespace passerelle::sync {
namespace {

constexpr std::string_view kMagic = "PSRLTEAM";
constexpr uint16_t kVersion = 1;
constexpr uint16_t kKdfArgon2id13 = 1;
constexpr size_t kAdBytes = 72;
static_assert(kAdBytes + kTeamKeyBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES == kTeamKeyFileBytes);

// Argon2id derivation of the wrapping key, in guarded memory.
Result<platform::SecureBuffer> DeriveKek(const platform::SecureBuffer& passphrase, const uint8_t* salt,
                                         uint64_t opslimit, uint64_t memlimit) {
  platform::SecureBuffer kek(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  if (crypto_pwhash(kek.data(), kek.size(), reinterpret_cast<const char*>(passphrase.data()), passphrase.size(), salt,
                    opslimit, static_cast<size_t>(memlimit), crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Internal("Not enough memory to derive the key from the passphrase.");
  return kek;
}

}  // namespace

Result<platform::SecureBuffer> NewTeamKey() {
  if (!platform::InitCrypto()) return Internal("The cryptography library could not start.");
  platform::SecureBuffer key(kTeamKeyBytes);
  platform::RandomBytes({key.data(), key.size()});
  return key;
}

Result<std::vector<uint8_t>> WrapTeamKey(const platform::SecureBuffer& key, const platform::SecureBuffer& passphrase,
                                         const core::KdfParams& kdf) {
  if (passphrase.empty()) return InvalidInput("The team passphrase must not be empty.");
  if (key.size() != kTeamKeyBytes) return InvalidInput("A team key is 32 bytes.");
  if (!platform::InitCrypto()) return Internal("The cryptography library could not start.");
  uint8_t salt[crypto_pwhash_SALTBYTES];
  uint8_t nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
  platform::RandomBytes(salt);
  platform::RandomBytes(nonce);
  wire::Writer w;
  w.Raw({reinterpret_cast<const uint8_t*>(kMagic.data()), kMagic.size()});
  w.FixedLE(kVersion, 2);
  w.FixedLE(kKdfArgon2id13, 2);
  w.FixedLE(0, 4);
  w.FixedLE(kdf.opslimit, 8);
  w.FixedLE(kdf.memlimit, 8);
  w.Raw(salt);
  w.Raw(nonce);
  PASSERELLE_ASSIGN_OR_RETURN(auto kek, DeriveKek(passphrase, salt, kdf.opslimit, kdf.memlimit));
  std::vector<uint8_t> out = w.Take();
  out.resize(kTeamKeyFileBytes);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kAdBytes, &clen, key.data(), key.size(), out.data(),
                                             kAdBytes, nullptr, nonce, kek.data());
  return out;
}

Result<platform::SecureBuffer> UnwrapTeamKey(std::span<const uint8_t> file, const platform::SecureBuffer& passphrase) {
  if (file.size() < kMagic.size() || std::memcmp(file.data(), kMagic.data(), kMagic.size()) != 0)
    return Corrupt("This file is not a Passerelle team key file.");
  if (file.size() != kTeamKeyFileBytes) return Corrupt("The team key file is damaged (wrong size).");
  if (!platform::InitCrypto()) return Internal("The cryptography library could not start.");
  wire::Reader r(file);
  r.Raw(kMagic.size());
  uint64_t version = r.FixedLE(2), kdf_id = r.FixedLE(2), reserved = r.FixedLE(4);
  uint64_t opslimit = r.FixedLE(8), memlimit = r.FixedLE(8);
  auto salt = r.Raw(crypto_pwhash_SALTBYTES);
  auto nonce = r.Raw(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  if (version > kVersion)
    return Status::Error(Code::kUnsupported, "The team key file was made by a newer version of Passerelle; update the app.");
  // Bounds on the cost keep a crafted file from asking for hours of work or all the memory.
  if (version == 0 || kdf_id != kKdfArgon2id13 || reserved != 0 || opslimit < crypto_pwhash_OPSLIMIT_MIN ||
      opslimit > 64 || memlimit < crypto_pwhash_MEMLIMIT_MIN || memlimit > (uint64_t{4} << 30))
    return Corrupt("The team key file is damaged.");
  PASSERELLE_ASSIGN_OR_RETURN(auto kek, DeriveKek(passphrase, salt.data(), opslimit, memlimit));
  platform::SecureBuffer key(kTeamKeyBytes);
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(key.data(), &mlen, nullptr, file.data() + kAdBytes,
                                                 file.size() - kAdBytes, file.data(), kAdBytes, nonce.data(),
                                                 kek.data()) != 0 ||
      mlen != kTeamKeyBytes)
    return Status::Error(Code::kWrongPassphrase, "Wrong team passphrase (or the team key file was altered).");
  return key;
}

}  // namespace passerelle::sync
