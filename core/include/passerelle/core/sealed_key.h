// A 32-byte secret sealed under a passphrase: the one file layout behind the vault's key file
// (core/src/key_file.h, magic "PSRLKEY1") and the team key file (sync/team.h, "PSRLTEAM").
// 120 bytes, little-endian:
//   0  magic                    8   (the file's kind, given by the caller)
//   8  format version (1)       u16
//  10  kdf id (1 = argon2id13)  u16
//  12  reserved (0)             u32
//  16  opslimit                 u64
//  24  memlimit (bytes)         u64
//  32  salt                     16
//  48  nonce                    24
//  72  XChaCha20-Poly1305(secret, 32 bytes) + tag 16, associated data = bytes 0..71
// Binding the header as associated data means a tampered cost or salt fails like a wrong
// passphrase instead of silently weakening the key.
//
// The codec reads and writes the layout; each caller keeps its own policy (which versions it
// accepts, the cost bounds it allows before spending them, its messages), so the two files keep
// exactly the answers they always gave.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "passerelle/core/vault.h"
#include "passerelle/platform/secure_buffer.h"
#include "passerelle/platform/status.h"

namespace passerelle::core::sealed_key {

inline constexpr size_t kMagicBytes = 8;
inline constexpr size_t kSecretBytes = 32;
inline constexpr size_t kFileBytes = 120;
inline constexpr size_t kHeaderBytes = 72;  // the associated data
inline constexpr uint16_t kVersion = 1;
inline constexpr uint16_t kKdfArgon2id13 = 1;

// The Argon2id costs a sealed-key file may hold, checked before any is spent (both files, on read
// and on write): 1–16 passes and a power-of-two memory cost from libsodium's minimum (8 KiB, for
// test fixtures) to 1 GiB. Passerelle writes 3 passes / 256 MiB or 1 pass / 8 MiB, so one flipped
// bit in a written memory cost always falls outside (a power of two with one bit changed is zero
// or has two bits): a damaged file is reported as damaged instead of making Argon2id allocate
// gigabytes.
inline constexpr uint64_t kMinOpslimit = 1, kMaxOpslimit = 16;
inline constexpr uint64_t kMinMemlimit = 8ull << 10, kMaxMemlimit = 1ull << 30;
inline constexpr bool CostAcceptable(uint64_t opslimit, uint64_t memlimit) {
  const bool power_of_two = (memlimit & (memlimit - 1)) == 0;
  return opslimit >= kMinOpslimit && opslimit <= kMaxOpslimit && memlimit >= kMinMemlimit &&
         memlimit <= kMaxMemlimit && power_of_two;
}

// What distinguishes one sealed-key file from another.
struct Format {
  std::string_view magic;             // kMagicBytes bytes
  std::string_view out_of_memory;     // Argon2id could not get the memory the cost asks for
  std::string_view wrong_passphrase;  // the passphrase does not open the file (or it was altered)
};

struct Header {
  uint16_t version = 0;
  uint16_t kdf = 0;
  uint32_t reserved = 0;
  uint64_t opslimit = 0;
  uint64_t memlimit = 0;
  std::span<const uint8_t> salt;   // views into the file read
  std::span<const uint8_t> nonce;
};

enum class Shape {
  kSealedKey,    // magic and size match: `header` is filled
  kNotThisKind,  // shorter than the magic, or another magic
  kWrongSize,    // the magic matches, the size does not
};

// Reads the header of `file` (spends nothing: call before Open, to refuse absurd costs).
Shape ReadHeader(std::span<const uint8_t> file, const Format& format, Header* header);

// Seals `secret` (kSecretBytes) under `passphrase` with a fresh salt and nonce; returns the file.
// The caller checks `kdf` against its own bounds first.
Result<std::vector<uint8_t>> Seal(const Format& format, const platform::SecureBuffer& secret,
                                  const platform::SecureBuffer& passphrase, const KdfParams& kdf);

// Opens a file whose header ReadHeader accepted and the caller's policy allowed.
// kWrongPassphrase (format.wrong_passphrase) when the passphrase does not open it.
Result<platform::SecureBuffer> Open(const Format& format, std::span<const uint8_t> file,
                                    const platform::SecureBuffer& passphrase);

}  // namespace passerelle::core::sealed_key
