// Deltas: the ops another replica lacks, rebuilt from the document itself (spans for the
// insertions, the deletion records for the deletions), so a replica loaded from EncodeState can
// serve them as well as the one that typed them.
#include <algorithm>
#include <tuple>

#include "text_doc_state.h"
#include "text_utf8.h"

namespace passerelle::crdt {

using internal::Ref;
using internal::Span;

namespace {

struct Entry {
  TextOp op;
  uint64_t counters = 0;  // how many counters the op uses
};

// Insert runs cut to what the other replica lacks.
struct Piece {
  uint32_t replica = 0;
  uint64_t counter = 0;
  uint32_t length = 0;
  uint32_t text = 0;
  Ref left, right;
};

}  // namespace

std::vector<TextOp> TextDoc::OpsSince(const TextVersion& known) const {
  const State& st = *state_;
  const size_t replicas = st.replica_ids.size();
  std::vector<uint64_t> from(replicas, 0);
  for (size_t r = 0; r < replicas; ++r) {
    if (auto it = known.find(st.replica_ids[r]); it != known.end()) from[r] = it->second;
  }

  std::vector<Piece> pieces;
  for (size_t i = 0; i < st.list.leaf_count(); ++i) {
    const internal::Leaf& leaf = st.list.leaf(i);
    for (uint32_t k = 0; k < leaf.count; ++k) {
      const Span& s = leaf.spans[k];
      const uint64_t v = from[s.replica];
      if (s.end() <= v) continue;
      const uint32_t skip = v > s.counter ? static_cast<uint32_t>(v - s.counter) : 0;
      pieces.push_back({s.replica, s.counter + skip, s.length - skip, s.text + skip,
                        skip > 0 ? s.At(skip - 1) : s.left(), s.right()});
    }
  }
  std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) {
    return std::tie(a.replica, a.counter) < std::tie(b.replica, b.counter);
  });

  std::vector<std::vector<Entry>> queues(replicas);
  for (size_t i = 0; i < pieces.size(); ++i) {
    const Piece& p = pieces[i];
    auto& q = queues[p.replica];
    // Runs cut apart by later edits here travel as the single op they were typed as.
    const bool continues = i > 0 && !q.empty() && q.back().op.kind == TextOp::Kind::kInsert &&
                           pieces[i - 1].replica == p.replica &&
                           pieces[i - 1].counter + pieces[i - 1].length == p.counter &&
                           p.left == Ref{p.replica, p.counter - 1} && p.right == pieces[i - 1].right;
    if (!continues) {
      Entry e;
      e.op.kind = TextOp::Kind::kInsert;
      e.op.id = st.ToCharId({p.replica, p.counter});
      e.op.origin_left = st.ToOptional(p.left);
      e.op.origin_right = st.ToOptional(p.right);
      q.push_back(std::move(e));
    }
    internal::EncodeUtf8(st.chars.data() + p.text, p.length, q.back().op.text);
    q.back().counters += p.length;
  }
  for (const DeleteRecord& d : st.deletes) {
    if (d.counter < from[d.replica]) continue;
    Entry e;
    e.op.kind = TextOp::Kind::kDelete;
    e.op.id = st.ToCharId({d.replica, d.counter});
    for (uint32_t t = d.first_target; t < d.first_target + d.target_count; ++t) {
      const DeleteTarget& target = st.delete_targets[t];
      e.op.deleted.push_back({st.replica_ids[target.replica], target.counter, target.length});
    }
    e.counters = 1;
    queues[d.replica].push_back(std::move(e));
  }
  for (auto& q : queues) {
    std::sort(q.begin(), q.end(), [](const Entry& a, const Entry& b) { return a.op.id.counter < b.op.id.counter; });
  }

  // Emit in an order the receiver can apply directly: replay its version forward and take, from
  // any replica, the next op whose dependencies it would already have.
  std::vector<uint64_t> have = from;
  auto known_to_receiver = [&](const CharId& id) {
    auto r = st.IndexOf(id.replica);
    return r && id.counter < have[*r];
  };
  auto ready = [&](const TextOp& op) {
    if (op.kind == TextOp::Kind::kInsert) {
      return (!op.origin_left || known_to_receiver(*op.origin_left)) &&
             (!op.origin_right || known_to_receiver(*op.origin_right));
    }
    return std::all_of(op.deleted.begin(), op.deleted.end(), [&](const CharRange& range) {
      return known_to_receiver({range.replica, range.counter + range.length - 1});
    });
  };
  std::vector<size_t> head(replicas, 0);
  std::vector<TextOp> out;
  for (bool progress = true; progress;) {
    progress = false;
    for (size_t r = 0; r < replicas; ++r) {
      while (head[r] < queues[r].size() && ready(queues[r][head[r]].op)) {
        Entry& e = queues[r][head[r]++];
        have[r] = e.op.id.counter + e.counters;
        out.push_back(std::move(e.op));
        progress = true;
      }
    }
  }
  // Nothing should be left (every dependency is in this document); if something is, the
  // receiver buffers it rather than us losing it.
  for (size_t r = 0; r < replicas; ++r) {
    for (size_t k = head[r]; k < queues[r].size(); ++k) out.push_back(std::move(queues[r][k].op));
  }
  return out;
}

}  // namespace passerelle::crdt
