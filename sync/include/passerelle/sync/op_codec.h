// Wire encoding of operations and of a bundle's payload (format: docs/sync.md, "Wire format").
// Compact and versioned: replica ids and strings (entity ids, field names) are interned in
// per-block tables, counters and clocks are zigzag deltas. Decoders are safe on arbitrary bytes
// (fuzzed: tests/fuzz/): they never crash, never read out of bounds, never allocate more than a
// small multiple of their input, and reject with kCorrupt anything the encoder could not have
// produced; a newer format version yields kUnsupported. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "passerelle/core/sync_store.h"
#include "passerelle/platform/status.h"

namespace passerelle::sync {

inline constexpr uint8_t kOpsFormatVersion = 1;
// 2: the payload names the sender's organisation (name and kind; version 1 bundles name none).
inline constexpr uint8_t kPayloadFormatVersion = 2;

// Encodes ops with their ids, stamps and values. Never fails. Ops must carry their ids
// (replica and counter nonzero), as ops read from a vault's log do.
std::vector<uint8_t> EncodeOps(const std::vector<core::Op>& ops);
// Reverse of EncodeOps. Structural checks only (ids nonzero, kinds known, values present where
// the kind needs one, clocks before the year 3000); Vault::Apply validates the rest before it
// writes anything.
Result<std::vector<core::Op>> DecodeOps(std::span<const uint8_t> bytes);

// The same decoding a batch at a time: a new device's first bundle carries years of history, and
// its decoded ops took several times the bytes of the block (every entity id and value a string of
// its own). The block's bytes stay as they are; each Next materialises up to `max` ops, with
// DecodeOps's checks in DecodeOps's order (trailing bytes are found when the last op is read).
// `bytes` must outlive the reader. Thread-safety: one thread at a time.
class OpsReader {
 public:
  // Reads the tables and the op count; kCorrupt / kUnsupported as DecodeOps.
  static Result<OpsReader> Open(std::span<const uint8_t> bytes);
  size_t size() const { return static_cast<size_t>(n_ops_); }
  // Replaces *out with the next ops (at most `max`); an empty *out means every op was read.
  Status Next(size_t max, std::vector<core::Op>* out);
  // Back to the first op.
  void Rewind();

 private:
  OpsReader() = default;
  std::span<const uint8_t> bytes_;
  size_t ops_at_ = 0;  // where the first op starts
  size_t pos_ = 0;     // where the next op starts
  uint64_t n_ops_ = 0, read_ = 0, last_hlc_ = 0;
  std::vector<uint64_t> replicas_, last_counter_;
  std::vector<std::string> strings_;
};

// What a bundle carries, before compression and encryption: what the importing vault merges (the
// core's IncomingBundle: bundle id, sender, its acknowledgement — every op it holds, its own
// private ops hidden —, the names it knows, the ops), so a decoded payload goes to
// SyncStore::Import as it is, plus the addressing.
struct Payload : core::IncomingBundle {
  crdt::ReplicaId recipient = 0;  // 0: addressed to a device not met yet
  int64_t created_at_millis = 0;
  // The sender's organisation (organisation.h): a team's bundles stay inside one organisation, and
  // an importer of another organisation refuses them. Empty in a version 1 payload.
  std::string organisation_name;
  std::string organisation_kind;  // "service" or "maison_de_justice"
};

std::vector<uint8_t> EncodePayload(const Payload& payload);
Result<Payload> DecodePayload(std::span<const uint8_t> bytes);
// Everything but the ops (their block is left undecoded; *ops_at is where it starts in `bytes`),
// for OpsReader.
Result<Payload> DecodePayloadHead(std::span<const uint8_t> bytes, size_t* ops_at);

}  // namespace passerelle::sync
