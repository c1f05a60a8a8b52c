#include "key_file.h"

#include <sodium.h>

#include "passerelle/core/sealed_key.h"

namespace passerelle::core::keyfile {
namespace {

static_assert(kDataKeyBytes == sealed_key::kSecretBytes && kKeyFileBytes == sealed_key::kFileBytes);

constexpr sealed_key::Format kFormat{
    .magic = "PSRLKEY1",
    .out_of_memory = "Not enough memory to derive the vault key from the passphrase.",
    .wrong_passphrase = "Wrong passphrase.",
};

}  // namespace

Result<std::vector<uint8_t>> Wrap(const platform::SecureBuffer& data_key, const platform::SecureBuffer& passphrase,
                                  const KdfParams& kdf) {
  if (!platform::InitCrypto()) return Internal("The cryptography library could not start.");
  if (kdf.opslimit < crypto_pwhash_OPSLIMIT_MIN || kdf.memlimit < crypto_pwhash_MEMLIMIT_MIN)
    return InvalidInput("The key-derivation cost is below Argon2id's minimum.");
  return sealed_key::Seal(kFormat, data_key, passphrase, kdf);
}

Result<platform::SecureBuffer> Unwrap(const std::vector<uint8_t>& file, const platform::SecureBuffer& passphrase) {
  if (!platform::InitCrypto()) return Internal("The cryptography library could not start.");
  sealed_key::Header h;
  if (sealed_key::ReadHeader(file, kFormat, &h) != sealed_key::Shape::kSealedKey)
    return Corrupt("The vault's key file is damaged (wrong size or signature).");
  if (h.version != sealed_key::kVersion || h.kdf != sealed_key::kKdfArgon2id13)
    return Status::Error(Code::kUnsupported, "The vault's key file was made by a newer version of Passerelle.");
  // Refuse absurd costs before spending them: a tampered file must not make us allocate 1 TiB.
  if (h.opslimit < crypto_pwhash_OPSLIMIT_MIN || h.opslimit > 64 || h.memlimit < crypto_pwhash_MEMLIMIT_MIN ||
      h.memlimit > (4ull << 30))
    return Corrupt("The vault's key file is damaged (impossible key-derivation cost).");
  return sealed_key::Open(kFormat, file, passphrase);
}

}  // namespace passerelle::core::keyfile
