// The op log's `removed_tags` column: the add tags an observed remove names (op.h, kSetRemove),
// 16 bytes each, replica then counter, both u64 little-endian. Written by the Merger when it logs
// an op, read back by the SyncStore when it sends the op on; both go through this one codec.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "passerelle/core/op.h"
#include "passerelle/platform/bytes.h"

namespace passerelle::core {

inline constexpr size_t kTagBlobEntryBytes = 16;

inline std::vector<uint8_t> EncodeTagBlob(const std::vector<OpId>& tags) {
  std::vector<uint8_t> out;
  out.reserve(tags.size() * kTagBlobEntryBytes);
  for (const auto& t : tags) {
    platform::PutFixedLE(out, t.replica, 8);
    platform::PutFixedLE(out, t.counter, 8);
  }
  return out;
}

// A trailing partial entry (never written) is ignored, as the log has always read it.
inline std::vector<OpId> DecodeTagBlob(std::span<const uint8_t> blob) {
  std::vector<OpId> tags;
  platform::ByteReader in(blob);
  while (in.Remaining() >= kTagBlobEntryBytes) {
    const uint64_t replica = in.FixedLE(8);
    tags.push_back({replica, in.FixedLE(8)});
  }
  return tags;
}

}  // namespace passerelle::core
