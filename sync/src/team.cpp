// Team keys (team.h): creation and passphrase wrapping.
#include "passerelle/sync/team.h"

#include <sodium.h>

#include "passerelle/core/sealed_key.h"
#include "passerelle/sync/bundle.h"

namespace passerelle::sync {
namespace {

static_assert(kTeamKeyBytes == core::sealed_key::kSecretBytes && kTeamKeyFileBytes == core::sealed_key::kFileBytes);

constexpr core::sealed_key::Format kFormat{
    .magic = "PSRLTEAM",
    .out_of_memory = "Not enough memory to derive the key from the passphrase.",
    .wrong_passphrase = "Wrong team passphrase (or the team key file was altered).",
};

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
  if (!core::sealed_key::CostAcceptable(kdf.opslimit, kdf.memlimit))
    return InvalidInput("The key-derivation cost is outside what a key file may hold.");
  return core::sealed_key::Seal(kFormat, key, passphrase, kdf);
}

Result<platform::SecureBuffer> UnwrapTeamKey(std::span<const uint8_t> file, const platform::SecureBuffer& passphrase) {
  core::sealed_key::Header h;
  switch (core::sealed_key::ReadHeader(file, kFormat, &h)) {
    case core::sealed_key::Shape::kNotThisKind: return Corrupt("This file is not a Passerelle team key file.");
    case core::sealed_key::Shape::kWrongSize: return Corrupt("The team key file is damaged (wrong size).");
    case core::sealed_key::Shape::kSealedKey: break;
  }
  if (!platform::InitCrypto()) return Internal("The cryptography library could not start.");
  if (h.version > core::sealed_key::kVersion)
    return Status::Error(Code::kUnsupported, "The team key file was made by a newer version of Passerelle; update the app.");
  // Bounds on the cost keep a crafted file from asking for hours of work or all the memory.
  if (h.version == 0 || h.kdf != core::sealed_key::kKdfArgon2id13 || h.reserved != 0 ||
      !core::sealed_key::CostAcceptable(h.opslimit, h.memlimit))
    return Corrupt("The team key file is damaged.");
  return core::sealed_key::Open(kFormat, file, passphrase);
}

}  // namespace passerelle::sync
