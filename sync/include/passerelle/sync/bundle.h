// Sync bundle files: the container that carries a Payload between devices without a network
// (and the unit a network transport will reuse). Layout (docs/sync.md, "Bundle format"):
//   88-byte header in clear (magic, version, flags, team key id, sender, recipient, bundle id,
//   secretstream header), then length-prefixed chunks of libsodium
//   crypto_secretstream_xchacha20poly1305 ciphertext; the header is the first chunk's associated
//   data, the last chunk carries the FINAL tag. The payload inside is zstd-compressed when that
//   makes it smaller.
// Opening verifies everything before returning anything: a truncated, damaged, altered or
// foreign bundle is refused with one sentence saying which, and nothing is half-read.
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "passerelle/platform/secure_buffer.h"
#include "passerelle/platform/status.h"
#include "passerelle/sync/op_codec.h"

namespace passerelle::sync {

inline constexpr uint16_t kBundleFormatVersion = 1;
inline constexpr size_t kTeamKeyBytes = 32;
inline constexpr size_t kBundleHeaderBytes = 88;
inline constexpr size_t kBundleChunkBytes = 64 * 1024;  // plaintext per encrypted chunk

using TeamKeyId = std::array<uint8_t, 16>;

// Public fingerprint of a team key (keyed BLAKE2b of a constant): it reveals nothing about the
// key but lets an importer say "another team's key" rather than "damaged".
TeamKeyId KeyIdOf(const platform::SecureBuffer& team_key);

struct BundleHeader {
  uint16_t version = 0;
  uint16_t flags = 0;  // bit 0: payload compressed with zstd
  TeamKeyId key_id{};
  crdt::ReplicaId sender = 0;
  crdt::ReplicaId recipient = 0;
  core::BundleId id{};
};

// Encodes, compresses if it pays, encrypts and authenticates. Fails only with kInvalidInput for
// a key that is not 32 bytes, or kInternal if libsodium cannot start.
Result<std::vector<uint8_t>> SealBundle(const Payload& payload, const platform::SecureBuffer& team_key);

// Reads the clear header (no key needed). kCorrupt / kUnsupported as for OpenBundle.
Result<BundleHeader> ReadBundleHeader(std::span<const uint8_t> file);

struct OpenLimits {
  size_t max_payload_bytes = size_t{1} << 30;  // decompressed; fuzz targets use less
};

// Verifies, decrypts, decompresses and decodes. Errors (one sentence each):
//   kCorrupt  "not a sync bundle", "incomplete (cut short)", "another team's key",
//             "damaged or altered";
//   kUnsupported  made by a newer Passerelle.
Result<Payload> OpenBundle(std::span<const uint8_t> file, const platform::SecureBuffer& team_key,
                           const OpenLimits& limits = {});

// A bundle opened for a large import: every chunk verified and decrypted, the payload's header
// decoded, its ops left in their compact encoding and decoded a batch at a time (a new device's
// first bundle of years of history would otherwise be held decoded whole: docs/sync.md, "Large
// imports in bounded batches"). A malformed op is found only when its batch is read: the import
// reads every batch once before it writes anything. The plain bytes are wiped on destruction.
class OpenedBundle {
 public:
  ~OpenedBundle();
  OpenedBundle(const OpenedBundle&) = delete;
  OpenedBundle& operator=(const OpenedBundle&) = delete;
  // Sender, acknowledgement, names, organisation; `ops` stays empty.
  Payload& payload() { return payload_; }
  size_t op_count() const { return reader_->size(); }
  // Replaces *out with the next ops (at most `max`; empty at the end). kCorrupt "damaged or
  // altered" for a malformed op, kUnsupported as OpenBundle.
  Status NextOps(size_t max, std::vector<core::Op>* out);
  void Rewind() { reader_->Rewind(); }

 private:
  friend Result<std::unique_ptr<OpenedBundle>> OpenBundleStream(std::span<const uint8_t>,
                                                                const platform::SecureBuffer&, const OpenLimits&);
  OpenedBundle() = default;
  std::vector<uint8_t> plain_;
  Payload payload_;
  std::optional<OpsReader> reader_;
};
Result<std::unique_ptr<OpenedBundle>> OpenBundleStream(std::span<const uint8_t> file,
                                                       const platform::SecureBuffer& team_key,
                                                       const OpenLimits& limits = {});

namespace detail {
// Seals arbitrary bytes as a bundle body (flags as in the header). Exposed for the fuzz target,
// which must get past authentication to reach decompression and payload decoding.
Result<std::vector<uint8_t>> SealBody(std::vector<uint8_t> body, uint16_t flags, const BundleHeader& header,
                                      const platform::SecureBuffer& team_key);
}  // namespace detail

}  // namespace passerelle::sync
