// TextDoc's insides, shared by the files that implement it (edits and merge in text_doc.cpp,
// state codec in text_state_codec.cpp, deltas in text_ops_since.cpp). Private to the CRDT
// target.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "passerelle/core/crdt/text.h"
#include "text_sequence.h"

namespace passerelle::crdt {

// The characters one deletion removed, kept so OpsSince can hand the deletion on.
struct DeleteTarget {
  uint64_t counter = 0;
  uint64_t length = 0;
  uint32_t replica = 0;
};
struct DeleteRecord {
  uint64_t counter = 0;  // the deletion's own counter
  uint32_t replica = 0;
  uint32_t first_target = 0;  // into State::delete_targets
  uint32_t target_count = 0;
};

struct TextDoc::State {
  explicit State(ReplicaId local_id);
  // No replica interned yet, for DecodeState, which interns the saved table in its order.
  struct Empty {};
  explicit State(Empty) {}

  uint32_t Intern(ReplicaId id);
  std::optional<uint32_t> IndexOf(ReplicaId id) const;
  CharId ToCharId(internal::Ref r) const { return {replica_ids[r.replica], r.counter}; }
  std::optional<CharId> ToOptional(internal::Ref r) const {
    return r.none() ? std::nullopt : std::optional<CharId>(ToCharId(r));
  }
  // Whether every counter of `id.replica` up to and including id.counter is applied.
  bool Known(CharId id) const;

  TextOp LocalInsert(size_t pos, std::u32string_view cps);
  TextOp LocalDelete(size_t pos, size_t len);
  Status Apply(const TextOp& op);

  // Marks [counter, counter + length) of `replica` deleted. The range must be known characters.
  void DeleteRange(uint32_t replica, uint64_t counter, uint64_t length);
  // Places a run of new characters after `left`, by the FugueMax rule: the last `length` code
  // points of `chars`, appended there by the caller.
  void Integrate(uint32_t replica, uint64_t counter, internal::Ref left, internal::Ref right, uint32_t length);
  void RecordDelete(uint32_t replica, uint64_t counter, const std::vector<DeleteTarget>& targets);

  // Result of trying one op: applied, already there, or waiting for `missing` (a counter of a
  // replica that must be applied first).
  enum class Outcome { kApplied, kDuplicate, kWaiting };
  Status TryApply(const TextOp& op, Outcome* outcome, CharId* missing);
  Status TryInsert(const TextOp& op, Outcome* outcome, CharId* missing);
  Status TryDelete(const TextOp& op, Outcome* outcome, CharId* missing);
  // Re-tries the buffered ops that were waiting for counters of `replica` below its new next.
  void Wake(ReplicaId replica, std::vector<TextOp>& ready);
  void Buffer(TextOp op, CharId missing);

  std::vector<ReplicaId> replica_ids;  // interned index -> id
  std::vector<uint64_t> next;          // interned index -> first counter not applied yet
  std::unordered_map<ReplicaId, uint32_t> replica_index;
  uint32_t local = 0;

  internal::SpanList list;
  std::u32string chars;  // code points of every character ever inserted; Span::text indexes it
  // Text() while it is known without walking the spans: set by loading a state with its visible
  // text and by ReplaceAll (the note's own text, issue 14: a save no longer encodes the whole text
  // twice), dropped by every change to the characters (the four places that place or delete them).
  std::optional<std::string> text;
  // Waiting insertions dropped as malformed when woken, until TakeDropped (not saved).
  std::vector<TextOp> dropped;

  std::vector<DeleteRecord> deletes;  // in the order they were applied
  std::vector<DeleteTarget> delete_targets;

  // Buffered ops by the counter they wait for: ready once next[replica] > counter.
  std::multimap<std::pair<ReplicaId, uint64_t>, TextOp> waiting;
  // (kind, replica, counter, counters used) of each buffered op, to ignore redelivered copies.
  std::set<std::tuple<uint8_t, ReplicaId, uint64_t, uint64_t>> waiting_keys;
};

// Counters an op uses: one per inserted code point, one per deletion, none for a no-op.
// Returns nullopt for text that is not valid UTF-8.
std::optional<uint64_t> CounterSpan(const TextOp& op);

}  // namespace passerelle::crdt
