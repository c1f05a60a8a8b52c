// The op log's `value` column as stored (schema v11, issue 14). A text op inserting a long run of
// text (a note saved once: its whole body) is stored zstd-compressed, because the log is a
// WITHOUT ROWID table and a row of more than about 1,000 bytes spills onto its own, mostly empty,
// overflow page (docs/vault.md, "Storage of the log"). Every other value is stored as it is.
// Written by the Merger, read back by the SyncStore (export) and the field history: all three go
// through this one codec, so an op leaves the log exactly as it was applied.
//
// Unambiguous: a compressed value starts with zstd's frame magic (28 B5 2F FD), which no text op
// encoding starts with (its first byte is its format version, 1). Rows written before v9 (plain)
// read back unchanged.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/core/op.h"
#include "passerelle/platform/status.h"

namespace passerelle::core {

// Text ops shorter than this stay plain: compressing them saves little and costs every save.
inline constexpr size_t kLogCompressFrom = 256;

// The bytes to store for an op of `kind` with `value`: compressed when that is worth it.
// `scratch` holds the compressed bytes; the result views `value` or `scratch`.
std::span<const uint8_t> StoredLogValue(OpKind kind, std::string_view value, std::vector<uint8_t>* scratch);

// Reverse of StoredLogValue. kCorrupt if a compressed value does not inflate (damage).
Result<std::string> LoggedValue(OpKind kind, std::span<const uint8_t> stored);

}  // namespace passerelle::core
