#include "key_file.h"

#include <sodium.h>

#include "passerelle/core/sealed_key.h"

namespace passerelle::core::keyfile {
namespace {

static_assert(kDataKeyBytes == sealed_key::kSecretBytes && kKeyFileBytes == sealed_key::kFileBytes);

// A version or KDF id just above ours is a newer Passerelle; anything larger is damage.
constexpr uint64_t kMaxPlausibleVersion = 15;

constexpr sealed_key::Format kFormat{
    .magic = "PSRLKEY1",
    .out_of_memory = "Not enough memory to derive the vault key from the passphrase.",
    // The tag cannot tell a wrong passphrase from a flipped bit in the salt, nonce or sealed key.
    .wrong_passphrase = "Wrong passphrase, or the vault's key file is damaged.",
};

bool AllBytesAre(std::span<const uint8_t> bytes, uint8_t value) {
  for (uint8_t b : bytes)
    if (b != value) return false;
  return true;
}

// Salt and nonce come from the random generator: all-zero or all-0xff means erased, not drawn.
bool Erased(std::span<const uint8_t> bytes) { return AllBytesAre(bytes, 0) || AllBytesAre(bytes, 0xff); }

}  // namespace


Result<std::vector<uint8_t>> Wrap(const platform::SecureBuffer& data_key, const platform::SecureBuffer& passphrase,
                                  const KdfParams& kdf) {
  if (!platform::InitCrypto()) return Internal("The cryptography library could not start.");
  if (!KdfCostAcceptable(kdf.opslimit, kdf.memlimit))
    return InvalidInput("The key-derivation cost is outside what a key file may hold.");
  return sealed_key::Seal(kFormat, data_key, passphrase, kdf);
}

Result<platform::SecureBuffer> Unwrap(const std::vector<uint8_t>& file, const platform::SecureBuffer& passphrase) {
  if (!platform::InitCrypto()) return Internal("The cryptography library could not start.");
  sealed_key::Header h;
  if (sealed_key::ReadHeader(file, kFormat, &h) != sealed_key::Shape::kSealedKey)
    return Corrupt("The vault's key file is damaged (wrong size or signature).");
  if (h.version == 0 || h.version > kMaxPlausibleVersion || h.kdf == 0 || h.kdf > kMaxPlausibleVersion)
    return Corrupt("The vault's key file is damaged (impossible format version).");
  if (h.version != sealed_key::kVersion || h.kdf != sealed_key::kKdfArgon2id13)
    return Status::Error(Code::kUnsupported, "The vault's key file was made by a newer version of Passerelle.");
  // Refuse a cost Passerelle never writes before spending it: one flipped bit in the memory cost
  // must not make Argon2id try to allocate gigabytes.
  if (!KdfCostAcceptable(h.opslimit, h.memlimit))
    return Corrupt("The vault's key file is damaged (impossible key-derivation cost).");
  if (h.reserved != 0 || Erased(h.salt) || Erased(h.nonce))
    return Corrupt("The vault's key file is damaged (its header fields are impossible).");
  return sealed_key::Open(kFormat, file, passphrase);
}

}  // namespace passerelle::core::keyfile
