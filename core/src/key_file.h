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

// The Argon2id costs a key file may hold: 1..16 passes and a power-of-two memory cost from
// libsodium's minimum (8 KiB, used by test fixtures that open vaults thousands of times) to 1 GiB.
// Passerelle writes 3 passes / 256 MiB (KdfParams::Default) or 1 pass / 8 MiB (LowCostForTests).
// One flipped bit in a written memory cost always leaves this set (a power of two with one bit
// changed is zero or has two bits), so a damaged file is reported as damaged instead of making
// Argon2id allocate gigabytes; a flipped bit in the passes costs at most 16 passes.
constexpr uint64_t kMinOpslimit = 1, kMaxOpslimit = 16;
constexpr uint64_t kMinMemlimit = 8ull << 10, kMaxMemlimit = 1ull << 30;
bool KdfCostAcceptable(uint64_t opslimit, uint64_t memlimit);

// Wraps `data_key` under `passphrase`; returns the key file's bytes.
Result<std::vector<uint8_t>> Wrap(const platform::SecureBuffer& data_key, const platform::SecureBuffer& passphrase,
                                  const KdfParams& kdf);
// Unwraps; kCorrupt when the header is impossible (size, signature, version, cost, erased salt or
// nonce), kUnsupported for a newer file, kWrongPassphrase when the tag does not verify: a wrong
// passphrase, or damage in the salt, nonce or sealed key, which the tag cannot tell apart.
Result<platform::SecureBuffer> Unwrap(const std::vector<uint8_t>& file, const platform::SecureBuffer& passphrase);

}  // namespace passerelle::core::keyfile
