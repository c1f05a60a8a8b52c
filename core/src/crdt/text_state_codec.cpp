// Whole-document encoding (format in docs/sync-text.md): the runs in document order, split
// into columns (flags, replicas, counters, lengths, origins, text, deletions) so that zstd sees
// long stretches of similar bytes, and most fields are implied by the run before (a run
// continuing the previous one's counters, anchored on its last character...). Loading rebuilds
// the structure directly, without re-merging any op, which is what keeps a fresh replica fast.
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <numeric>

#include "text_doc_state.h"
#include "passerelle/platform/bytes.h"
#include "text_utf8.h"

namespace passerelle::crdt {

using platform::ByteReader;
using platform::PutBlock;
using platform::PutDelta;
using platform::PutVarint;
using platform::Varints;
using internal::Ref;
using internal::Span;

namespace {

constexpr char kMagic[4] = {'P', 'T', 'X', 'T'};
constexpr uint8_t kStateFormat = 1;
// Format 2: the same columns, but the text section holds only the deleted runs' text; the
// visible text is the caller's (the note's body column), so the text is stored once.
constexpr uint8_t kStateFormatNoText = 2;
constexpr uint64_t kMaxRawState = 256ull << 20;  // refuse to inflate more than this
// Large documents (long reports, the editing traces of the text benchmark) are encoded rarely and
// their size matters: level 12. An ordinary note's state (a few KB) is encoded at every save and
// for every note of a merge: level 12 took a third of a new device's first import (50,000 notes)
// for a few percent of bytes, so it gets level 3. Decoding costs the same at every level.
constexpr int kZstdLevel = 12;
constexpr int kZstdLevelSmall = 3;
constexpr size_t kSmallState = 64 * 1024;
// Code points of spare capacity a loaded document's store gets (format 2), for the edits to come.
constexpr size_t kStoreHeadroom = 1024;

// Per-run flags; the fields they make implicit are not written to their columns.
constexpr uint8_t kDeleted = 1;
constexpr uint8_t kSameReplica = 2;      // replica of the previous run
constexpr uint8_t kCounterFollows = 4;   // starts where this replica's previous run ended
constexpr uint8_t kLeftIsPrevious = 8;   // origin-left is the previous run's last character
constexpr uint8_t kLeftNone = 16;        // origin-left is the start of the text
constexpr uint8_t kRightSame = 32;       // origin-right equals the previous run's
constexpr uint8_t kRightNone = 64;       // origin-right is the end of the text
constexpr uint8_t kRightIsNext = 128;    // origin-right is the next run's first character
// Marks, while loading, a kRightIsNext origin until the next run is read.
constexpr uint32_t kRightPending = internal::kNone - 1;

// Byte-wise lexicographic order, the same as std::vector's operator<. Written out because GCC 12
// at -O2/-O3, inlining vector's operator<=> into std::sort, loses the bound of the memcmp length
// and reports a false -Wstringop-overread. A plain loop to the shorter size is enough here: the
// pending ops are few and short, and encoding is rare.
bool LessBytes(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  const size_t common = std::min(a.size(), b.size());
  for (size_t i = 0; i < common; ++i) {
    if (a[i] != b[i]) return a[i] < b[i];
  }
  return a.size() < b.size();
}

Status Bad(const char* what) { return Corrupt(std::string("A note's saved text is damaged: ") + what + "."); }


// One compression and one decompression context per thread, reused: a fresh one (ZSTD_compress,
// ZSTD_decompress) allocates and clears a few hundred kilobytes for every state, which was a
// visible part of a full export (one state decoded per note) and of every save. A TextDoc is used
// from one thread at a time, and the contexts keep no data between calls that changes the output.
ZSTD_CCtx* ThreadCctx() {
  thread_local std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> cctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  return cctx.get();
}
ZSTD_DCtx* ThreadDctx() {
  thread_local std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> dctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  return dctx.get();
}

}  // namespace

std::vector<uint8_t> TextDoc::EncodeState() const { return Encode(true); }

std::vector<uint8_t> TextDoc::EncodeStateWithoutText() const { return Encode(false); }

std::vector<uint8_t> TextDoc::Encode(bool visible_text) const {
  const State& st = *state_;
  // Table order is by replica id, so the bytes do not depend on arrival order.
  std::vector<uint32_t> table;
  for (uint32_t r = 0; r < st.replica_ids.size(); ++r) {
    if (st.next[r] > 0) table.push_back(r);
  }
  std::sort(table.begin(), table.end(), [&](uint32_t a, uint32_t b) { return st.replica_ids[a] < st.replica_ids[b]; });
  std::vector<uint64_t> rank(st.replica_ids.size(), 0);
  for (uint32_t i = 0; i < table.size(); ++i) rank[table[i]] = i;

  // Maximal runs: two replicas with the same history hold it cut differently in memory.
  std::vector<Span> runs;
  std::string text;
  for (size_t i = 0; i < st.list.leaf_count(); ++i) {
    const internal::Leaf& leaf = st.list.leaf(i);
    for (uint32_t k = 0; k < leaf.count; ++k) {
      const Span& s = leaf.spans[k];
      if (visible_text || s.deleted) internal::EncodeUtf8(st.chars.data() + s.text, s.length, text);
      if (!runs.empty() && runs.back().deleted == s.deleted && Continues(runs.back(), s)) {
        runs.back().length += s.length;
      } else {
        runs.push_back(s);
      }
    }
  }

  std::vector<uint8_t> flags, replicas, counters, lengths, lefts, rights;
  flags.reserve(runs.size());
  std::vector<uint64_t> last_end(st.replica_ids.size(), 0);
  auto put_ref = [&](std::vector<uint8_t>& col, Ref ref, uint64_t base) {
    PutVarint(col, rank[ref.replica]);
    PutDelta(col, ref.counter, base);
  };
  for (size_t i = 0; i < runs.size(); ++i) {
    const Span& s = runs[i];
    const Span* prev = i > 0 ? &runs[i - 1] : nullptr;
    uint8_t f = s.deleted ? kDeleted : 0;
    if (prev && prev->replica == s.replica) {
      f |= kSameReplica;
    } else {
      PutVarint(replicas, rank[s.replica]);
    }
    if (s.counter == last_end[s.replica]) {
      f |= kCounterFollows;
    } else {
      PutDelta(counters, s.counter, last_end[s.replica]);
    }
    last_end[s.replica] = s.end();
    PutVarint(lengths, s.length - 1);
    if (s.left().none()) {
      f |= kLeftNone;
    } else if (prev && s.left() == prev->Last()) {
      f |= kLeftIsPrevious;
    } else {
      put_ref(lefts, s.left(), s.counter);
    }
    if (s.right().none()) {
      f |= kRightNone;
    } else if (prev && s.right() == prev->right()) {
      f |= kRightSame;
    } else if (i + 1 < runs.size() && s.right() == runs[i + 1].At(0)) {
      f |= kRightIsNext;
    } else {
      put_ref(rights, s.right(), s.counter);
    }
    flags.push_back(f);
  }

  // Deletions grouped by replica in counter order. Their own counters are not written: they
  // are exactly the counters of the replica that no character uses.
  std::vector<uint32_t> order(st.deletes.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const DeleteRecord &x = st.deletes[a], &y = st.deletes[b];
    return std::make_pair(rank[x.replica], x.counter) < std::make_pair(rank[y.replica], y.counter);
  });
  std::vector<uint64_t> per_replica(table.size(), 0);
  for (const DeleteRecord& d : st.deletes) ++per_replica[rank[d.replica]];
  std::vector<uint8_t> target_counts, targets;
  std::vector<uint64_t> last_target(st.replica_ids.size(), 0);
  for (uint32_t idx : order) {
    const DeleteRecord& d = st.deletes[idx];
    PutVarint(target_counts, d.target_count);
    for (uint32_t t = d.first_target; t < d.first_target + d.target_count; ++t) {
      const DeleteTarget& target = st.delete_targets[t];
      PutVarint(targets, target.replica == d.replica ? 0 : rank[target.replica] + 1);
      PutDelta(targets, target.counter, last_target[target.replica]);
      PutVarint(targets, target.length - 1);
      last_target[target.replica] = target.counter;
    }
  }

  std::vector<std::vector<uint8_t>> pending;
  for (const auto& [key, op] : st.waiting) pending.push_back(EncodeTextOp(op));
  std::sort(pending.begin(), pending.end(), LessBytes);

  std::vector<uint8_t> raw;
  PutVarint(raw, table.size());
  for (uint32_t r : table) {
    platform::PutFixedLE(raw, st.replica_ids[r], 8);
    PutVarint(raw, st.next[r]);
    PutVarint(raw, per_replica[rank[r]]);
  }
  PutVarint(raw, runs.size());
  for (const auto* col : {&flags, &replicas, &counters, &lengths, &lefts, &rights}) PutBlock(raw, *col);
  PutVarint(raw, text.size());
  raw.insert(raw.end(), text.begin(), text.end());
  PutBlock(raw, target_counts);
  PutBlock(raw, targets);
  PutVarint(raw, pending.size());
  for (const auto& p : pending) PutBlock(raw, p);

  std::vector<uint8_t> out(kMagic, kMagic + 4);
  out.push_back(visible_text ? kStateFormat : kStateFormatNoText);
  PutVarint(out, raw.size());
  const size_t header = out.size();
  out.resize(header + ZSTD_compressBound(raw.size()));
  // Same bytes as ZSTD_compress (a fresh context each time), without allocating and clearing one
  // on every save (issue 14: the typing cost).
  const int level = raw.size() < kSmallState ? kZstdLevelSmall : kZstdLevel;
  ZSTD_CCtx* cctx = ThreadCctx();
  const size_t n = cctx ? ZSTD_compressCCtx(cctx, out.data() + header, out.size() - header, raw.data(), raw.size(), level)
                        : ZSTD_compress(out.data() + header, out.size() - header, raw.data(), raw.size(), level);
  // Compressing into a buffer of ZSTD_compressBound bytes cannot fail.
  out.resize(header + (ZSTD_isError(n) ? 0 : n));
  return out;
}

Result<TextDoc> TextDoc::DecodeState(std::span<const uint8_t> bytes, ReplicaId local) {
  return DecodeState(bytes, local, std::string_view());
}

Result<TextDoc> TextDoc::DecodeState(std::span<const uint8_t> bytes, ReplicaId local, std::string_view visible) {
  ByteReader outer(bytes, Varints::kCanonical);
  std::span<const uint8_t> magic;
  uint8_t format = 0;
  uint64_t raw_size = 0;
  if (!outer.Bytes(4, &magic) || std::memcmp(magic.data(), kMagic, 4) != 0) return Bad("not a text state");
  if (!outer.Byte(&format)) return Bad("truncated header");
  if (format > kStateFormatNoText) return Status::Error(Code::kUnsupported, "A note was saved by a newer version.");
  const bool own_text = format == kStateFormat;
  if (format == 0 || !outer.Varint(&raw_size) || raw_size > kMaxRawState) return Bad("bad header");
  std::span<const uint8_t> frame;
  if (!outer.Bytes(outer.Remaining(), &frame)) return Bad("truncated");
  if (ZSTD_getFrameContentSize(frame.data(), frame.size()) != raw_size) return Bad("size mismatch");
  auto raw = std::make_unique_for_overwrite<uint8_t[]>(static_cast<size_t>(raw_size));
  ZSTD_DCtx* dctx = ThreadDctx();
  const size_t got = dctx ? ZSTD_decompressDCtx(dctx, raw.get(), static_cast<size_t>(raw_size), frame.data(), frame.size())
                          : ZSTD_decompress(raw.get(), static_cast<size_t>(raw_size), frame.data(), frame.size());
  if (ZSTD_isError(got) || got != raw_size) return Bad("compressed data");
  ByteReader in(std::span<const uint8_t>(raw.get(), static_cast<size_t>(raw_size)), Varints::kCanonical);

  auto st = std::make_unique<State>(State::Empty{});
  uint64_t replica_count = 0;
  if (!in.Varint(&replica_count) || replica_count > in.Remaining() / 10) return Bad("replica table");
  std::vector<uint64_t> delete_count(static_cast<size_t>(replica_count));
  uint64_t deletions = 0;  // each needs at least a byte further on, which bounds the work below
  for (uint64_t i = 0; i < replica_count; ++i) {
    const ReplicaId id = in.FixedLE(8);
    uint64_t next = 0;
    if (!in.ok() || !in.Varint(&next) || !in.Varint(&delete_count[i]) || next == 0) {
      return Bad("replica table");
    }
    deletions += delete_count[i];
    if (delete_count[i] > raw_size || deletions > raw_size) return Bad("replica table");
    if (i > 0 && id <= st->replica_ids.back()) return Bad("replica table order");
    st->next[st->Intern(id)] = next;
  }
  const uint32_t replicas = static_cast<uint32_t>(replica_count);

  uint64_t run_count = 0;
  ByteReader flags(std::span<const uint8_t>{}), rep_col = flags, counter_col = flags, length_col = flags,
      left_col = flags, right_col = flags;
  if (!in.Varint(&run_count) || !in.Block(&flags) || flags.Remaining() != run_count || !in.Block(&rep_col) ||
      !in.Block(&counter_col) || !in.Block(&length_col) || !in.Block(&left_col) || !in.Block(&right_col)) {
    return Bad("run columns");
  }
  uint64_t text_size = 0;
  std::span<const uint8_t> text;
  if (!in.Varint(&text_size) || text_size > in.Remaining() || !in.Bytes(static_cast<size_t>(text_size), &text)) {
    return Bad("text");
  }
  // Format 1: every run's text in document order, straight into the store. Format 2: the
  // deleted runs' text here and the visible runs' text from `visible`, interleaved run by run
  // below into the same layout.
  std::u32string live, dead;
  if (own_text) {
    st->chars.reserve(text.size() + kStoreHeadroom);
    if (!internal::DecodeUtf8(in.AsChars(text), st->chars)) return Bad("text is not UTF-8");
  } else {
    // Room for the next save's typing: the store is appended to, and re-allocating a long
    // note's store on every save cost more than the rest of the edit (issue 14).
    live.reserve(visible.size() + kStoreHeadroom);
    if (!internal::DecodeUtf8(in.AsChars(text), dead)) return Bad("text is not UTF-8");
    if (!internal::DecodeUtf8(visible, live)) return Bad("visible text is not UTF-8");
  }
  if (st->chars.size() + live.size() + dead.size() > std::numeric_limits<uint32_t>::max()) return Bad("text too long");
  size_t live_at = 0, dead_at = 0;

  std::vector<Span> runs(static_cast<size_t>(run_count));
  std::vector<uint64_t> last_end(replicas, 0);
  uint64_t text_used = 0;
  auto read_ref = [&](ByteReader& col, uint64_t base, Ref* ref) {
    uint64_t r = 0;
    if (!col.Varint(&r) || r >= replicas || !col.Delta(base, &ref->counter)) return false;
    ref->replica = static_cast<uint32_t>(r);
    return ref->counter < st->next[ref->replica];
  };
  for (size_t i = 0; i < runs.size(); ++i) {
    Span& s = runs[i];
    uint8_t f = 0;
    uint64_t r = 0, len = 0;
    if (!flags.Byte(&f)) return Bad("run flags");
    s.deleted = (f & kDeleted) != 0;
    if (f & kSameReplica) {
      if (i == 0) return Bad("run replica");
      r = runs[i - 1].replica;
    } else if (!rep_col.Varint(&r) || r >= replicas) {
      return Bad("run replica");
    }
    s.replica = static_cast<uint32_t>(r);
    s.counter = last_end[r];
    if (!(f & kCounterFollows) && !counter_col.Delta(last_end[r], &s.counter)) return Bad("run counter");
    if (i > 0 && runs[i - 1].right_replica == kRightPending) runs[i - 1].set_right(s.At(0));
    if (!length_col.Varint(&len) || len >= std::numeric_limits<uint32_t>::max() ||
        s.counter + len + 1 < s.counter || s.counter + len + 1 > st->next[r]) {
      return Bad("run length");
    }
    s.length = static_cast<uint32_t>(len + 1);
    last_end[r] = s.end();
    s.text = static_cast<uint32_t>(text_used);
    text_used += s.length;
    if (!own_text) {
      const std::u32string& from = s.deleted ? dead : live;
      size_t& at = s.deleted ? dead_at : live_at;
      if (s.length > from.size() - at) return Bad(s.deleted ? "text shorter than its runs" : "visible text does not match");
      at += s.length;
    } else if (text_used > st->chars.size()) {
      return Bad("text shorter than its runs");
    }

    const int left_kinds = ((f & kLeftNone) != 0) + ((f & kLeftIsPrevious) != 0);
    const int right_kinds = ((f & kRightNone) != 0) + ((f & kRightSame) != 0) + ((f & kRightIsNext) != 0);
    if (left_kinds > 1 || right_kinds > 1) return Bad("run origin flags");
    Ref ref;
    if (f & kLeftIsPrevious) {
      if (i == 0) return Bad("run origin");
      s.set_left(runs[i - 1].Last());
    } else if (!(f & kLeftNone)) {
      if (!read_ref(left_col, s.counter, &ref)) return Bad("run origin");
      s.set_left(ref);
    }
    if (f & kRightSame) {
      if (i == 0 || runs[i - 1].right().none()) return Bad("run origin");
      s.set_right(runs[i - 1].right());
    } else if (f & kRightIsNext) {
      if (i + 1 == runs.size()) return Bad("run origin");
      s.right_replica = kRightPending;
    } else if (!(f & kRightNone)) {
      if (!read_ref(right_col, s.counter, &ref)) return Bad("run origin");
      s.set_right(ref);
    }
  }
  if (!own_text) {
    if (live_at != live.size() || dead_at != dead.size()) return Bad("visible text does not match");
    if (dead.empty()) {
      st->chars = std::move(live);  // no deleted text: the store is the visible text as it is
    } else {
      st->chars.reserve(live.size() + dead.size() + kStoreHeadroom);
      live_at = dead_at = 0;
      for (const Span& s : runs) {
        const std::u32string& from = s.deleted ? dead : live;
        size_t& at = s.deleted ? dead_at : live_at;
        st->chars.append(from, at, s.length);
        at += s.length;
      }
    }
  }
  if (text_used != st->chars.size() || !rep_col.AtEnd() || !counter_col.AtEnd() || !length_col.AtEnd() ||
      !left_col.AtEnd() || !right_col.AtEnd()) {
    return Bad("run columns do not add up");
  }

  // Each replica's counters must be exactly its characters plus its deletions, without overlap:
  // the free counters are the deletions' own ids. The same sorted pass feeds the id index.
  struct Owned {
    uint64_t begin, end;
    uint32_t run;
  };
  std::vector<std::vector<Owned>> used(replicas);
  for (uint32_t i = 0; i < runs.size(); ++i) used[runs[i].replica].push_back({runs[i].counter, runs[i].end(), i});
  st->list.ReserveReplicas(replicas);
  for (const Span& s : runs) st->list.AppendLoaded(s);
  std::vector<std::vector<uint64_t>> delete_ids(replicas);
  for (uint32_t r = 0; r < replicas; ++r) {
    auto& u = used[r];
    std::sort(u.begin(), u.end(), [](const Owned& a, const Owned& b) { return a.begin < b.begin; });
    auto& ids = delete_ids[r];
    ids.reserve(static_cast<size_t>(delete_count[r]));
    uint64_t at = 0;
    for (size_t k = 0; k <= u.size(); ++k) {
      const uint64_t begin = k < u.size() ? u[k].begin : st->next[r];
      if (begin < at) return Bad("characters overlap");
      if (begin - at > delete_count[r] - ids.size()) return Bad("deletions do not match their counters");
      for (; at < begin; ++at) ids.push_back(at);
      if (k == u.size()) break;
      at = u[k].end;
      st->list.IndexLoaded(r, u[k].begin, u[k].run);
    }
    if (ids.size() != delete_count[r]) return Bad("deletions do not match their counters");
  }
  st->list.FinishLoad();
  auto is_character = [&](Ref ref) {
    const auto& u = used[ref.replica];
    auto it = std::upper_bound(u.begin(), u.end(), ref.counter, [](uint64_t c, const Owned& o) { return c < o.begin; });
    return it != u.begin() && ref.counter < std::prev(it)->end;
  };
  for (const Span& s : runs) {
    for (Ref origin : {s.left(), s.right()}) {
      if (!origin.none() && !is_character(origin)) return Bad("an origin is not a character");
    }
  }

  ByteReader count_col(std::span<const uint8_t>{}), target_col = count_col;
  if (!in.Block(&count_col) || !in.Block(&target_col)) return Bad("deletion columns");
  std::vector<uint64_t> last_target(replicas, 0);
  st->deletes.reserve(static_cast<size_t>(deletions));
  st->delete_targets.reserve(static_cast<size_t>(deletions));
  for (uint32_t r = 0; r < replicas; ++r) {
    for (uint64_t counter : delete_ids[r]) {
      uint64_t n = 0;
      if (!count_col.Varint(&n) || n > target_col.Remaining() / 3) return Bad("deletion");
      const auto first = static_cast<uint32_t>(st->delete_targets.size());
      for (uint64_t k = 0; k < n; ++k) {
        DeleteTarget t;
        uint64_t which = 0, extra = 0;
        if (!target_col.Varint(&which) || which > replicas) return Bad("deletion target");
        t.replica = which == 0 ? r : static_cast<uint32_t>(which - 1);
        if (!target_col.Delta(last_target[t.replica], &t.counter) || !target_col.Varint(&extra)) {
          return Bad("deletion target");
        }
        last_target[t.replica] = t.counter;
        t.length = extra + 1;
        if (extra >= st->next[t.replica] || t.counter > st->next[t.replica] - t.length) {
          return Bad("deletion target");
        }
        st->delete_targets.push_back(t);
      }
      st->deletes.push_back({counter, r, first, static_cast<uint32_t>(n)});
    }
  }
  if (!count_col.AtEnd() || !target_col.AtEnd()) return Bad("deletion columns do not add up");

  if (!own_text) st->text.emplace(visible);  // exactly the visible runs' text, checked above
  st->local = st->Intern(local);
  uint64_t pending = 0;
  if (!in.Varint(&pending) || pending > in.Remaining()) return Bad("pending ops");
  for (uint64_t i = 0; i < pending; ++i) {
    ByteReader op_bytes(std::span<const uint8_t>{});
    if (!in.Block(&op_bytes)) return Bad("pending ops");
    std::span<const uint8_t> b;
    (void)op_bytes.Bytes(op_bytes.Remaining(), &b);
    auto op = DecodeTextOp(b);
    if (!op.ok()) return Bad("pending op");
    PASSERELLE_RETURN_IF_ERROR(st->Apply(*op));
  }
  if (!in.AtEnd()) return Bad("trailing bytes");
  return TextDoc(std::move(st));
}

}  // namespace passerelle::crdt
