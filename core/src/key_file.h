// The key file beside a vault (PATH.key): the data key wrapped under an Argon2id-derived
// key-encryption key, 120 bytes in the sealed-key layout (passerelle/core/sealed_key.h) with the
// magic "PSRLKEY1". Binding the parameters as associated data means a tampered cost or salt fails
// like a wrong passphrase instead of silently weakening the vault.
#pragma once

#include <cstdint>
#include <vector>

#include "passerelle/core/sealed_key.h"
#include "passerelle/core/vault.h"
#include "passerelle/platform/secure_buffer.h"
#include "passerelle/platform/status.h"

namespace passerelle::core::keyfile {

constexpr size_t kDataKeyBytes = 32;
constexpr size_t kKeyFileBytes = 120;

// The Argon2id costs a key file may hold: the sealed-key codec's bound (sealed_key.h), shared with
// the team key file.
inline constexpr uint64_t kMinOpslimit = sealed_key::kMinOpslimit, kMaxOpslimit = sealed_key::kMaxOpslimit;
inline constexpr uint64_t kMinMemlimit = sealed_key::kMinMemlimit, kMaxMemlimit = sealed_key::kMaxMemlimit;
inline bool KdfCostAcceptable(uint64_t opslimit, uint64_t memlimit) {
  return sealed_key::CostAcceptable(opslimit, memlimit);
}

// Wraps `data_key` under `passphrase`; returns the key file's bytes.
Result<std::vector<uint8_t>> Wrap(const platform::SecureBuffer& data_key, const platform::SecureBuffer& passphrase,
                                  const KdfParams& kdf);
// Unwraps; kCorrupt when the header is impossible (size, signature, version, cost, erased salt or
// nonce), kUnsupported for a newer file, kWrongPassphrase when the tag does not verify: a wrong
// passphrase, or damage in the salt, nonce or sealed key, which the tag cannot tell apart.
Result<platform::SecureBuffer> Unwrap(const std::vector<uint8_t>& file, const platform::SecureBuffer& passphrase);

}  // namespace passerelle::core::keyfile
