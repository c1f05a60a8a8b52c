// Text sequence CRDT for note bodies: several devices edit the same note offline and, once their
// operations are exchanged in any order (with duplicates), every device shows the same text with
// every device's characters kept. The algorithm is FugueMax in its origin-left/origin-right form
// (the "YjsMod" integration): concurrent insertions at one spot never interleave character by
// character. See docs/sync-text.md for the design and the byte formats.
//
// Pure code over values: no I/O, no clock, no randomness. Thread-safety: a TextDoc is not
// synchronised; const member functions may run concurrently with each other, never with a
// non-const one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "passerelle/platform/status.h"

namespace passerelle::crdt {

// One id per device and document. Two devices must never share one: their edits would be
// taken for each other's.
using ReplicaId = uint64_t;

// A character's identity: the replica that typed it and that replica's counter when it did.
// Each replica counts every character it inserts (and each deletion it makes, see TextOp), so a
// run of typed characters has consecutive counters and is stored as one item.
struct CharId {
  ReplicaId replica = 0;
  uint64_t counter = 0;
  friend auto operator<=>(const CharId&, const CharId&) = default;
};

// `length` characters typed by `replica` with counters counter, counter+1, ... (length >= 1).
struct CharRange {
  ReplicaId replica = 0;
  uint64_t counter = 0;
  uint64_t length = 0;
  friend auto operator<=>(const CharRange&, const CharRange&) = default;
};

// An operation to ship to the other replicas. Produced by TextDoc's edit functions, consumed by
// TextDoc::Apply. An op with no text (insert) or no ranges (delete) is a no-op: it uses no
// counter and Apply accepts it without effect.
struct TextOp {
  enum class Kind : uint8_t { kInsert = 1, kDelete = 2 };
  Kind kind = Kind::kInsert;
  // Insert: the first character's id; the i-th code point of `text` has counter id.counter + i.
  // Delete: the deletion's own id; a deletion uses exactly one counter value of its replica, so
  // Version() also tells which deletions a replica has seen.
  CharId id;
  // Insert only: the characters that were immediately left and right of the insertion point on
  // the inserting replica (deleted ones included); nullopt means the start / end of the text.
  std::optional<CharId> origin_left;
  std::optional<CharId> origin_right;
  std::string text;                // insert only: valid UTF-8
  std::vector<CharRange> deleted;  // delete only: the characters it removes

  bool IsNoop() const { return kind == Kind::kInsert ? text.empty() : deleted.empty(); }
  friend bool operator==(const TextOp&, const TextOp&) = default;
};

// Compact, versioned binary form of one op (format described in docs/sync-text.md). Never fails.
std::vector<uint8_t> EncodeTextOp(const TextOp& op);

// Reverse of EncodeTextOp. Safe on arbitrary bytes: anything that is not exactly one well-formed
// op (truncated, trailing bytes, bad varint, counter overflow, invalid UTF-8, unknown kind)
// yields Code::kCorrupt; a format version newer than this build yields Code::kUnsupported.
Result<TextOp> DecodeTextOp(std::span<const uint8_t> bytes);
// DecodeTextOp, same checks, without copying an insertion's text: `op.text` stays empty, `*text`
// views the text inside `bytes` and `*code_points` is its length in code points (both left as
// they were for a deletion). For readers that only look at the text (validation, the log's
// stored form), which would otherwise copy it and throw the copy away.
Result<TextOp> DecodeTextOpView(std::span<const uint8_t> bytes, std::string_view* text, uint64_t* code_points);

// For each replica, how many of its counter values (characters and deletions) a document has
// applied: replica r's ops with counter < version[r] are all in. Missing replicas count as 0.
using TextVersion = std::map<ReplicaId, uint64_t>;

class TextDoc {
 public:
  // An empty document whose local edits are numbered under `local`.
  explicit TextDoc(ReplicaId local);
  ~TextDoc();
  TextDoc(TextDoc&&) noexcept;
  TextDoc& operator=(TextDoc&&) noexcept;
  TextDoc(const TextDoc&) = delete;
  TextDoc& operator=(const TextDoc&) = delete;

  ReplicaId local_replica() const;

  // Local edit: inserts `utf8` before the code point at `pos_codepoints` (clamped to Length())
  // and returns the op to ship. Ill-formed UTF-8 is not rejected (a note being typed must not
  // lose keystrokes): each maximal ill-formed subsequence becomes U+FFFD, as WHATWG decoders do.
  // Empty text returns a no-op. The document's history is capped at 2^32-1 code points; an
  // insertion past the cap is refused by returning a no-op and leaving the document unchanged.
  TextOp Insert(size_t pos_codepoints, std::string_view utf8);

  // Local edit: removes `len_codepoints` code points from `pos_codepoints` (the range is clamped
  // to the text) and returns the op to ship; an empty range returns a no-op.
  TextOp Delete(size_t pos_codepoints, size_t len_codepoints);

  // For an editor's autosave: turns the current text into `new_utf8` with at most one delete and
  // one insert (common prefix and suffix kept, so concurrent edits elsewhere in the note merge
  // cleanly). Ill-formed UTF-8 is replaced as in Insert. Returns the ops to ship, possibly none.
  std::vector<TextOp> ReplaceAll(std::string_view new_utf8);

  // Merges an op from any replica (or one of our own, coming back). Idempotent, and the result
  // does not depend on the order ops arrive in. An op whose causal dependencies are not here yet
  // (its origins, the characters it deletes, or its replica's earlier counters) is kept in the
  // document and applied as soon as they arrive; that still returns OK. An op already applied,
  // or already waiting, is ignored with OK. Failure leaves the document unchanged:
  // Code::kCorrupt if the op is malformed (invalid UTF-8, counter overflow, an origin or target
  // that names a deletion instead of a character); Code::kInvalidInput if it would take the
  // history past 2^32-1 code points. A buffered op found malformed later is dropped.
  Status Apply(const TextOp& remote);

  std::string Text() const;  // UTF-8
  size_t Length() const;     // code points

  // Whole document: every character ever inserted (deleted ones as tombstones, with their
  // text), every deletion, and the ops still waiting for dependencies; enough to merge any
  // future op and to serve OpsSince. Never fails. Deterministic: replicas holding the same ops
  // produce the same bytes (with the same zstd library). Compressed with zstd.
  std::vector<uint8_t> EncodeState() const;

  // Reverse of EncodeState, for a replica that will edit as `local` (the same id as before if
  // this device saved it: its counters go on from the saved version). Safe on arbitrary bytes:
  // Code::kCorrupt for damage that EncodeState could not have produced (truncation, ids that
  // overlap or do not add up, origins that are not characters, more than 256 MiB inflated),
  // Code::kUnsupported for a newer format version.
  static Result<TextDoc> DecodeState(std::span<const uint8_t> bytes, ReplicaId local);

  // The same state without the visible text (format 2): only the deleted characters' text is
  // kept, because the storage holds the visible text already (a note's `body` column: the text
  // is then stored once, docs/vault.md "Text stored once"). Deterministic like EncodeState.
  std::vector<uint8_t> EncodeStateWithoutText() const;
  // Reverse of either encoding: `visible` is Text() as it stood when the state was encoded (used,
  // and required, by format 2; ignored by format 1). Code::kCorrupt if it does not fit the runs.
  static Result<TextDoc> DecodeState(std::span<const uint8_t> bytes, ReplicaId local, std::string_view visible);

  // The text of the `count` characters with ids first, first+1, ... of one replica (an insert
  // op's characters), read from the applied characters (deleted ones included) or from an op
  // still waiting here; nullopt if the document does not hold all of them.
  std::optional<std::string> TextOf(CharId first, uint64_t count) const;

  // The ops a replica at version `known` lacks, in an order it can apply without buffering
  // (each op after those it depends on). Applying them all to such a replica gives it this
  // document's text. Ops waiting for dependencies here are not included.
  std::vector<TextOp> OpsSince(const TextVersion& known) const;

  // What this document has applied (buffered ops not included).
  TextVersion Version() const;

  // How many received ops are waiting for dependencies.
  size_t PendingCount() const;

  // The waiting insertions dropped since the last call because they turned out malformed once
  // their dependencies arrived (Apply's contract). Their characters are nowhere in the document,
  // so a store that kept only their ids must keep them whole again (the vault's log, log_value.h).
  std::vector<TextOp> TakeDropped();

 private:
  struct State;
  explicit TextDoc(std::unique_ptr<State> state);
  std::vector<uint8_t> Encode(bool visible_text) const;
  std::unique_ptr<State> state_;
};

}  // namespace passerelle::crdt
