#include "passerelle/core/sealed_key.h"

#include <sodium.h>

#include <cstring>

#include "passerelle/platform/bytes.h"

namespace passerelle::core::sealed_key {
namespace {

constexpr size_t kSaltBytes = crypto_pwhash_SALTBYTES;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
static_assert(kSaltBytes == 16);
static_assert(kMinMemlimit >= crypto_pwhash_MEMLIMIT_MIN && kMinOpslimit >= crypto_pwhash_OPSLIMIT_MIN);
static_assert(32 + kSaltBytes + kNonceBytes == kHeaderBytes);  // magic, fixed fields, salt, nonce
static_assert(kHeaderBytes + kSecretBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES == kFileBytes);

// Argon2id derivation of the wrapping key, in guarded memory.
Result<platform::SecureBuffer> DeriveKek(const Format& format, const platform::SecureBuffer& passphrase,
                                         const uint8_t* salt, uint64_t opslimit, uint64_t memlimit) {
  platform::SecureBuffer kek(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  if (crypto_pwhash(kek.data(), kek.size(), reinterpret_cast<const char*>(passphrase.data()), passphrase.size(), salt,
                    opslimit, static_cast<size_t>(memlimit), crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Internal(std::string(format.out_of_memory));
  return kek;
}

}  // namespace

Shape ReadHeader(std::span<const uint8_t> file, const Format& format, Header* header) {
  if (file.size() < kMagicBytes || format.magic.size() != kMagicBytes ||
      std::memcmp(file.data(), format.magic.data(), kMagicBytes) != 0)
    return Shape::kNotThisKind;
  if (file.size() != kFileBytes) return Shape::kWrongSize;
  platform::ByteReader r(file.subspan(kMagicBytes));
  header->version = static_cast<uint16_t>(r.FixedLE(2));
  header->kdf = static_cast<uint16_t>(r.FixedLE(2));
  header->reserved = static_cast<uint32_t>(r.FixedLE(4));
  header->opslimit = r.FixedLE(8);
  header->memlimit = r.FixedLE(8);
  header->salt = r.Raw(kSaltBytes);
  header->nonce = r.Raw(kNonceBytes);
  return Shape::kSealedKey;
}

Result<std::vector<uint8_t>> Seal(const Format& format, const platform::SecureBuffer& secret,
                                  const platform::SecureBuffer& passphrase, const KdfParams& kdf) {
  if (secret.size() != kSecretBytes || format.magic.size() != kMagicBytes)
    return Internal("A sealed key is 32 bytes under an 8-byte signature.");
  uint8_t salt[kSaltBytes];
  uint8_t nonce[kNonceBytes];
  platform::RandomBytes(salt);
  platform::RandomBytes(nonce);
  platform::ByteWriter w(kFileBytes);
  w.Raw({reinterpret_cast<const uint8_t*>(format.magic.data()), kMagicBytes});
  w.FixedLE(kVersion, 2);
  w.FixedLE(kKdfArgon2id13, 2);
  w.FixedLE(0, 4);
  w.FixedLE(kdf.opslimit, 8);
  w.FixedLE(kdf.memlimit, 8);
  w.Raw(salt);
  w.Raw(nonce);
  PASSERELLE_ASSIGN_OR_RETURN(auto kek, DeriveKek(format, passphrase, salt, kdf.opslimit, kdf.memlimit));
  std::vector<uint8_t> out = w.Take();
  out.resize(kFileBytes);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kHeaderBytes, &clen, secret.data(), secret.size(),
                                             out.data(), kHeaderBytes, nullptr, nonce, kek.data());
  return out;
}

Result<platform::SecureBuffer> Open(const Format& format, std::span<const uint8_t> file,
                                    const platform::SecureBuffer& passphrase) {
  Header h;
  if (ReadHeader(file, format, &h) != Shape::kSealedKey)
    return Internal("Only a sealed key whose header was checked can be opened.");
  PASSERELLE_ASSIGN_OR_RETURN(auto kek, DeriveKek(format, passphrase, h.salt.data(), h.opslimit, h.memlimit));
  platform::SecureBuffer secret(kSecretBytes);
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(secret.data(), &mlen, nullptr, file.data() + kHeaderBytes,
                                                 kFileBytes - kHeaderBytes, file.data(), kHeaderBytes,
                                                 h.nonce.data(), kek.data()) != 0 ||
      mlen != kSecretBytes)
    return Status::Error(Code::kWrongPassphrase, std::string(format.wrong_passphrase));
  return secret;
}

}  // namespace passerelle::core::sealed_key
