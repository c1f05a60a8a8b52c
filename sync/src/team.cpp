// Team keys (team.h): creation and passphrase wrapping.
#include "passerelle/sync/team.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "passerelle/core/sealed_key.h"
#include "passerelle/platform/bytes.h"
#include "passerelle/sync/bundle.h"

namespace passerelle::sync {
namespace {

static_assert(kTeamKeyBytes == core::sealed_key::kSecretBytes && kTeamKeyFileBytes == core::sealed_key::kFileBytes);

constexpr core::sealed_key::Format kFormat{
    .magic = "PSRLTEAM",
    .out_of_memory = "Not enough memory to derive the key from the passphrase.",
    .wrong_passphrase = "Wrong team passphrase (or the team key file was altered).",
};

constexpr std::string_view kOrganisationMagic = "PSRLORG1";
constexpr uint16_t kOrganisationSectionVersion = 1;

}  // namespace

std::vector<uint8_t> TeamOrganisationHeader(size_t body_bytes) {
  platform::ByteWriter w;
  w.Raw({reinterpret_cast<const uint8_t*>(kOrganisationMagic.data()), kOrganisationMagic.size()});
  w.FixedLE(kOrganisationSectionVersion, 2);
  w.FixedLE(body_bytes, 4);
  return w.Take();
}

Result<TeamKeyFileParts> SplitTeamKeyFile(std::span<const uint8_t> file) {
  TeamKeyFileParts parts;
  if (file.size() <= kTeamKeyFileBytes) {
    parts.sealed_key = file;
    return parts;
  }
  const auto rest = file.subspan(kTeamKeyFileBytes);
  if (rest.size() < kOrganisationMagic.size() ||
      std::memcmp(rest.data(), kOrganisationMagic.data(), kOrganisationMagic.size()) != 0 ||
      rest.size() < kTeamOrganisationHeaderBytes)
    return Corrupt("The team key file is damaged (wrong size).");
  const uint64_t version = platform::LoadFixedLE(rest.subspan(8, 2));
  const uint64_t length = platform::LoadFixedLE(rest.subspan(10, 4));
  if (version > kOrganisationSectionVersion)
    return Status::Error(Code::kUnsupported, "The team key file was made by a newer version of Passerelle; update the app.");
  if (version == 0 || length == 0 || length > kMaxTeamOrganisationBytes ||
      rest.size() != kTeamOrganisationHeaderBytes + length)
    return Corrupt("The team key file is damaged.");
  parts.sealed_key = file.first(kTeamKeyFileBytes);
  parts.associated = file.first(kTeamKeyFileBytes + 10);
  parts.organisation = rest.subspan(kTeamOrganisationHeaderBytes);
  return parts;
}

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

Result<platform::SecureBuffer> UnwrapTeamKey(std::span<const uint8_t> whole, const platform::SecureBuffer& passphrase) {
  core::sealed_key::Header h;
  // The magic first: a file of another kind is "not a team key file", whatever its length.
  if (core::sealed_key::ReadHeader(whole.first(std::min(whole.size(), kTeamKeyFileBytes)), kFormat, &h) ==
      core::sealed_key::Shape::kNotThisKind)
    return Corrupt("This file is not a Passerelle team key file.");
  PASSERELLE_ASSIGN_OR_RETURN(TeamKeyFileParts parts, SplitTeamKeyFile(whole));
  const std::span<const uint8_t> file = parts.sealed_key;
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
