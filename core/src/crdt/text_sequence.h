// The document's characters in document order, deleted ones included, stored as runs ("spans")
// of characters typed in one go, in fixed-size leaves. Three ways in: by visible position (for
// local edits, through a cursor cache: editing is local, so the next lookup starts where the
// last one ended), by character id (for remote ops, through a per-replica index from counter to
// leaf), and in order (for encoding). Private to the CRDT target; not thread-safe.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace passerelle::crdt::internal {

// Replica index meaning "no character": the start or the end of the text.
constexpr uint32_t kNone = UINT32_MAX;

// A character id with its replica interned as an index into the document's replica table.
struct Ref {
  uint32_t replica = kNone;
  uint64_t counter = 0;
  bool none() const { return replica == kNone; }
  friend bool operator==(const Ref&, const Ref&) = default;
};

// Characters with counters [counter, counter + length) of one replica, consecutive in the
// document. Character i > 0 has the previous one as origin-left; all share origin_right.
struct Span {
  uint64_t counter = 0;
  uint64_t left_counter = 0;
  uint64_t right_counter = 0;
  uint32_t replica = 0;
  uint32_t left_replica = kNone;
  uint32_t right_replica = kNone;
  uint32_t length = 0;
  uint32_t text = 0;  // offset of the first code point in the document's code point store
  bool deleted = false;

  Ref left() const { return {left_replica, left_counter}; }
  Ref right() const { return {right_replica, right_counter}; }
  void set_left(Ref r) { left_replica = r.replica, left_counter = r.counter; }
  void set_right(Ref r) { right_replica = r.replica, right_counter = r.counter; }
  Ref At(uint64_t offset) const { return {replica, counter + offset}; }
  Ref Last() const { return At(length - 1); }
  uint64_t end() const { return counter + length; }
  bool Contains(Ref r) const {
    return r.replica == replica && r.counter >= counter && r.counter - counter < length;
  }
};

// Whether `next` holds the characters typed straight after `prev`'s, at the same spot: then the
// two describe one run and can be stored (and encoded) as one.
inline bool Continues(const Span& prev, const Span& next) {
  return next.replica == prev.replica && next.counter == prev.end() && next.left() == prev.Last() &&
         next.right() == prev.right();
}

constexpr uint32_t kLeafCapacity = 64;
// Leaves built by DecodeState are filled this far, leaving room for the splits edits cause.
constexpr uint32_t kLoadFill = 48;

struct Leaf {
  uint32_t ordinal = 0;  // index in SpanList's leaves
  uint32_t count = 0;
  uint64_t visible = 0;  // non-deleted characters in this leaf
  Span spans[kLeafCapacity];
};

// A character's place: span `span` of leaf `leaf`, `offset` characters in. With span == count
// of the last leaf it is the end of the document.
struct Loc {
  uint32_t leaf = 0;
  uint32_t span = 0;
  uint32_t offset = 0;
};

// Comparable key of a place in the document; valid until the list next changes shape.
struct Order {
  uint64_t major = 0;
  uint64_t minor = 0;
  friend auto operator<=>(const Order&, const Order&) = default;
};
constexpr Order kBeforeAll{0, 0};
constexpr Order kAfterAll{UINT64_MAX, UINT64_MAX};

class SpanList {
 public:
  SpanList();
  SpanList(SpanList&&) noexcept = default;
  SpanList& operator=(SpanList&&) noexcept = default;

  // Makes room in the id index for replica indices below `n`.
  void ReserveReplicas(size_t n);

  uint64_t visible() const { return visible_; }
  size_t leaf_count() const { return leaves_.size(); }
  const Leaf& leaf(size_t i) const { return *leaves_[i]; }

  Span& At(Loc l) { return leaves_[l.leaf]->spans[l.span]; }
  const Span& At(Loc l) const { return leaves_[l.leaf]->spans[l.span]; }
  Loc End() const { return {static_cast<uint32_t>(leaves_.size() - 1), leaves_.back()->count, 0}; }
  bool IsEnd(Loc l) const { return l.leaf + 1 == leaves_.size() && l.span == leaves_.back()->count; }
  // Start of the span after the one at `l`, or End().
  Loc NextSpan(Loc l) const;
  Order OrderOf(Loc l) const {
    return {(static_cast<uint64_t>(l.leaf) + 1) << 8 | l.span, l.offset};
  }

  std::optional<Loc> Find(Ref r) const;
  Ref CharBefore(Loc l) const;  // none at the start of the document
  Ref CharAt(Loc l) const;      // none at End()

  // The character with `pos` visible characters before it (skipping the deleted ones in
  // between), or End() when pos == visible().
  Loc FindVisible(uint64_t pos);

  // Splits the leaf of `l` if fewer than `extra` more spans fit in it; returns the same place.
  // Callers that split a span twice use it first so the place they hold stays valid.
  Loc MakeRoom(Loc l, uint32_t extra);
  // Ensures a span starts at `l` and returns that place (with offset 0).
  Loc Split(Loc l);
  // Places `s` at span boundary `at`; returns where it landed. `indexed_in`: the leaf the id
  // index already sends s's counters to, if any (a span being split off).
  Loc Insert(Loc at, const Span& s, const Leaf* indexed_in = nullptr);
  // Places new characters at `at` (any place; split if inside a span): grows the span before
  // when they continue its run (typing), else inserts `s` as a span of its own.
  void Place(Loc at, const Span& s);
  // Deletes `take` characters from `l`, all within the span at `l` (a no-op if it is deleted
  // already), and re-joins the deleted run with deleted neighbours of the same run. Returns a
  // place in the span that now holds them.
  Loc DeleteWithin(Loc l, uint32_t take);

  // Loading: AppendLoaded for every span in document order (run i lands in leaf
  // i / kLoadFill), then IndexLoaded for each span in counter order per replica (one sorted
  // pass, which the loader does anyway), then FinishLoad.
  void AppendLoaded(const Span& s);
  void IndexLoaded(uint32_t replica, uint64_t counter, size_t run);
  void FinishLoad();

 private:
  void Grow(Loc l, uint32_t n);
  bool MergeWithNext(Loc l);
  void AddVisible(Leaf& leaf, int64_t delta);
  void SplitLeaf(uint32_t i);
  void AssignIndex(const Span& s, Leaf* leaf);

  std::vector<std::unique_ptr<Leaf>> leaves_;
  // Per replica: counter -> the leaf holding that replica's characters from this counter until
  // the next key. Counters of deletions fall in some entry too; nothing looks them up.
  std::vector<std::map<uint64_t, Leaf*>> where_;
  // Per replica: end of its highest span, so an index entry is never added past it.
  std::vector<uint64_t> ends_;
  uint64_t visible_ = 0;
  // Visible characters before leaves_[cursor_leaf_]; kept exact by AddVisible and SplitLeaf.
  uint32_t cursor_leaf_ = 0;
  uint64_t cursor_start_ = 0;
};

}  // namespace passerelle::crdt::internal
