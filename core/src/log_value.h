// The op log's `value` column as stored (schema v11 and v15, issue 14). Written by the Merger,
// read back by the SyncStore (export), the field history and autosave coalescing: all go through
// this one codec, so an op leaves the log exactly as it was applied.
//
// - A text insertion (v15) is stored without its characters: a marker byte (kTextInState), the
//   number of code points it inserted, then the op encoded with empty text. The characters are in
//   the record's text state, which keeps every character ever inserted (deleted ones as
//   tombstones) and every op still waiting for its dependencies; reading the op back takes them
//   from there and re-encodes it, byte for byte (the op encoding is canonical). So a note's text is
//   stored once (docs/vault.md, "Text stored once").
// - Any other text op (a deletion) of 256 bytes or more is stored zstd-compressed (v11), because
//   the log is a WITHOUT ROWID table and a row of more than about 1,000 bytes spills onto its own,
//   mostly empty, overflow page. Every other value is stored as it is.
//
// Unambiguous: a compressed value starts with zstd's frame magic (28 B5 2F FD), a stripped
// insertion with kTextInState; no text op encoding starts with either (its first byte is its
// format version, 1). Rows written before v15 (whole or compressed insertions) read back as they
// are.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "passerelle/core/crdt/text.h"
#include "passerelle/core/op.h"
#include "passerelle/platform/status.h"
#include "sql.h"
#include "text_store.h"

namespace passerelle::core {

// Text ops shorter than this stay plain: compressing them saves little and costs every save.
inline constexpr size_t kLogCompressFrom = 256;
inline constexpr uint8_t kTextInState = 0xC5;

// The bytes to store for an op of `kind` with `value`. `scratch` holds the stripped or compressed
// bytes; the result views `value` or `scratch`.
std::span<const uint8_t> StoredLogValue(OpKind kind, std::string_view value, std::vector<uint8_t>* scratch);

// The characters of a logged insertion: `count` code points from `first` (TextDoc::TextOf of the
// op's record), nullopt if the document lacks them.
using LoggedTextSource = std::function<std::optional<std::string>(crdt::CharId first, uint64_t count)>;

// Reverse of StoredLogValue. kCorrupt if a compressed value does not inflate or the state lacks
// a stripped insertion's characters (damage).
Result<std::string> LoggedValue(OpKind kind, std::span<const uint8_t> stored, const LoggedTextSource& source);

// Whether a stored value needs its record's text state to be read back.
bool NeedsTextState(OpKind kind, std::span<const uint8_t> stored);

// LoggedValue for readers outside a merge (the outbox, the field history): loads the text state
// of each record whose insertions it reads, keeping the last few.
class LoggedValueReader {
 public:
  explicit LoggedValueReader(sqlite3* db) : store_(db) {}
  Result<std::string> Value(OpKind kind, std::span<const uint8_t> stored, const std::string& entity_id,
                            const std::string& field);

 private:
  TextStore store_;
  std::map<std::pair<std::string, std::string>, std::optional<crdt::TextDoc>> docs_;
};

}  // namespace passerelle::core
