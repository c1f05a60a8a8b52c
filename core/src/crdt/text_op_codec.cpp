// Binary form of one TextOp (format in docs/sync-text.md). Canonical: the decoder accepts only
// what the encoder writes, so an op has exactly one encoding and re-encoding a decoded op gives
// the same bytes (the fuzz target checks this).
#include <optional>

#include "passerelle/core/crdt/text.h"
#include "passerelle/platform/bytes.h"
#include "text_utf8.h"

namespace passerelle::crdt {

namespace {

using platform::ByteReader;
using platform::PutDelta;
using platform::PutVarint;
using platform::Varints;

constexpr uint8_t kOpFormat = 1;
constexpr uint8_t kHasLeft = 1, kHasRight = 2, kLeftOwnReplica = 4, kRightOwnReplica = 8;

void PutReplica(std::vector<uint8_t>& out, ReplicaId r) { platform::PutFixedLE(out, r, 8); }

bool ReadReplica(ByteReader& in, ReplicaId* r) {
  *r = in.FixedLE(8);
  return in.ok();
}

Status Bad(const char* what) { return Corrupt(std::string("A text op is damaged: ") + what + "."); }

}  // namespace

std::vector<uint8_t> EncodeTextOp(const TextOp& op) {
  std::vector<uint8_t> out;
  out.reserve(32 + op.text.size() + 12 * op.deleted.size());
  out.push_back(kOpFormat);
  out.push_back(static_cast<uint8_t>(op.kind));
  PutReplica(out, op.id.replica);
  PutVarint(out, op.id.counter);
  if (op.kind == TextOp::Kind::kInsert) {
    const auto& l = op.origin_left;
    const auto& r = op.origin_right;
    uint8_t flags = 0;
    if (l) flags |= kHasLeft | (l->replica == op.id.replica ? kLeftOwnReplica : 0);
    if (r) flags |= kHasRight | (r->replica == op.id.replica ? kRightOwnReplica : 0);
    out.push_back(flags);
    for (const auto& origin : {l, r}) {
      if (!origin) continue;
      if (origin->replica != op.id.replica) PutReplica(out, origin->replica);
      PutDelta(out, origin->counter, op.id.counter);
    }
    PutVarint(out, op.text.size());
    out.insert(out.end(), op.text.begin(), op.text.end());
  } else {
    PutVarint(out, op.deleted.size());
    for (const CharRange& range : op.deleted) {
      const bool own = range.replica == op.id.replica;
      out.push_back(own ? 0 : 1);
      if (!own) PutReplica(out, range.replica);
      PutDelta(out, range.counter, op.id.counter);
      PutVarint(out, range.length - 1);
    }
  }
  return out;
}

Result<TextOp> DecodeTextOpView(std::span<const uint8_t> bytes, std::string_view* text_out, uint64_t* code_points) {
  ByteReader in(bytes, Varints::kCanonical);
  uint8_t format = 0, kind = 0;
  if (!in.Byte(&format)) return Bad("empty");
  if (format > kOpFormat) return Status::Error(Code::kUnsupported, "A text op was written by a newer version.");
  if (format != kOpFormat) return Bad("unknown format");
  if (!in.Byte(&kind)) return Bad("truncated");
  TextOp op;
  if (!ReadReplica(in, &op.id.replica) || !in.Varint(&op.id.counter)) return Bad("truncated id");
  if (kind == static_cast<uint8_t>(TextOp::Kind::kInsert)) {
    op.kind = TextOp::Kind::kInsert;
    uint8_t flags = 0;
    if (!in.Byte(&flags)) return Bad("truncated");
    if ((flags & ~(kHasLeft | kHasRight | kLeftOwnReplica | kRightOwnReplica)) != 0 ||
        ((flags & kLeftOwnReplica) && !(flags & kHasLeft)) || ((flags & kRightOwnReplica) && !(flags & kHasRight))) {
      return Bad("unknown flags");
    }
    const bool has[2] = {(flags & kHasLeft) != 0, (flags & kHasRight) != 0};
    const bool own[2] = {(flags & kLeftOwnReplica) != 0, (flags & kRightOwnReplica) != 0};
    std::optional<CharId>* origins[2] = {&op.origin_left, &op.origin_right};
    for (int k = 0; k < 2; ++k) {
      if (!has[k]) continue;
      CharId id{op.id.replica, 0};
      if (!own[k] && (!ReadReplica(in, &id.replica) || id.replica == op.id.replica)) return Bad("bad origin");
      if (!in.Delta(op.id.counter, &id.counter)) return Bad("bad origin");
      *origins[k] = id;
    }
    uint64_t size = 0;
    std::span<const uint8_t> text;
    if (!in.Varint(&size) || size > in.Remaining() || !in.Bytes(static_cast<size_t>(size), &text)) {
      return Bad("truncated text");
    }
    uint64_t cps = 0;
    if (!internal::CountUtf8(in.AsChars(text), &cps)) return Bad("text is not UTF-8");
    if (op.id.counter + cps < op.id.counter) return Bad("ids overflow");
    *text_out = in.AsChars(text);
    *code_points = cps;
  } else if (kind == static_cast<uint8_t>(TextOp::Kind::kDelete)) {
    op.kind = TextOp::Kind::kDelete;
    uint64_t count = 0;
    // Each range takes at least three bytes, which bounds the allocation below.
    if (!in.Varint(&count) || count > in.Remaining() / 3) return Bad("bad range count");
    op.deleted.resize(static_cast<size_t>(count));
    for (CharRange& range : op.deleted) {
      uint8_t tag = 0;
      uint64_t extra = 0;
      if (!in.Byte(&tag) || tag > 1) return Bad("bad range");
      range.replica = op.id.replica;
      if (tag == 1 && (!ReadReplica(in, &range.replica) || range.replica == op.id.replica)) return Bad("bad range");
      if (!in.Delta(op.id.counter, &range.counter) || !in.Varint(&extra)) return Bad("bad range");
      if (extra == UINT64_MAX || range.counter + extra < range.counter) return Bad("range overflows");
      range.length = extra + 1;
    }
    if (op.id.counter == UINT64_MAX) return Bad("id overflows");
  } else {
    return Bad("unknown kind");
  }
  if (!in.AtEnd()) return Bad("trailing bytes");
  return op;
}

Result<TextOp> DecodeTextOp(std::span<const uint8_t> bytes) {
  std::string_view text;
  uint64_t code_points = 0;
  PASSERELLE_ASSIGN_OR_RETURN(TextOp op, DecodeTextOpView(bytes, &text, &code_points));
  op.text.assign(text);
  return op;
}

}  // namespace passerelle::crdt
