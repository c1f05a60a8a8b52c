// The key file beside a vault (PATH.key): the data key wrapped under an Argon2id-derived
// key-encryption key, 120 bytes in the sealed-key layout (passerelle/core/sealed_key.h) with the
// magic "PSRLKEY1". Binding the parameters as associated data means a tampered cost or salt fails
// like a wrong passphrase instead of silently weakening the vault.
#pragma once

#include <cstdint>
#include <vector>

#include "passerelle/core/vault.h"
#include "passerelle/platform/secure_buffer.h"
#include "passerelle/platform/status.h"

namespace passerelle::core::keyfile {

constexpr size_t kDataKeyBytes = 32;
constexpr size_t kKeyFileBytes = 120;

// Wraps `data_key` under `passphrase`; returns the key file's bytes.
Result<std::vector<uint8_t>> Wrap(const platform::SecureBuffer& data_key, const platform::SecureBuffer& passphrase,
                                  const KdfParams& kdf);
// Unwraps; kWrongPassphrase when the passphrase does not match, kCorrupt/kUnsupported for a
// malformed or newer file.
Result<platform::SecureBuffer> Unwrap(const std::vector<uint8_t>& file, const platform::SecureBuffer& passphrase);

}  // namespace passerelle::core::keyfile
