// Op and payload encoding (op_codec.h). Layouts are in docs/sync.md; every decoder check below
// exists because the bytes may come from a damaged file or from a fuzzer.
#include "passerelle/sync/op_codec.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "passerelle/platform/bytes.h"

namespace passerelle::sync {
namespace {

using core::Op;
using core::OpKind;

constexpr uint64_t kMaxCounter = (uint64_t{1} << 63) - 1;
// HLC of 1 January 3000: a stamp past it is garbage, and adopting it would drag every clock there.
constexpr uint64_t kMaxHlc = uint64_t{32503680000000} << 16;
constexpr size_t kMaxTableString = 256;        // entity ids and field names are ~20 bytes
constexpr size_t kMaxName = 256;               // worker and service names
constexpr size_t kMaxOrganisationName = 2048;  // an organisation's name: one line of at most 500 code points
constexpr size_t kMaxValue = size_t{1} << 30;  // bounded by the input anyway
constexpr size_t kMinOpBytes = 6;              // replica, counter, hlc, entity, field, head

Status Bad(const char* what) { return Corrupt(std::string("The operation data is malformed (") + what + ")."); }

void PutKnowledge(platform::ByteWriter& w, const crdt::Knowledge& k) {
  w.Varint(k.ranges().size());
  for (const auto& [replica, ranges] : k.ranges()) {
    w.Varint(replica);
    w.Varint(ranges.size());
    uint64_t prev_end = 0;  // first counter after the previous range
    for (const auto& r : ranges) {
      w.Varint(r.first - prev_end);
      w.Varint(r.last - r.first);
      prev_end = r.last + 1;
    }
  }
}

bool GetKnowledge(platform::ByteReader& r, crdt::Knowledge& k) {
  uint64_t n = r.Varint();
  if (!r.ok() || n > r.Remaining()) return false;
  uint64_t prev_replica = 0;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t replica = r.Varint();
    uint64_t count = r.Varint();
    if (!r.ok() || replica <= prev_replica || replica > kMaxCounter || count == 0 || count > r.Remaining())
      return false;
    prev_replica = replica;
    uint64_t prev_end = 0;
    for (uint64_t j = 0; j < count; ++j) {
      uint64_t gap = r.Varint(), span = r.Varint();
      // Ranges are increasing and never adjacent (gap >= 1 after the first), counters < 2^63.
      if (!r.ok() || prev_end > kMaxCounter || (j > 0 && gap == 0) || gap > kMaxCounter - prev_end) return false;
      uint64_t first = prev_end + gap;
      if (first == 0 || span > kMaxCounter - first) return false;
      k.AddRange(replica, {first, first + span});
      prev_end = first + span + 1;
    }
  }
  return true;
}

void PutName(platform::ByteWriter& w, const core::ReplicaName& n) {
  w.Varint(n.replica);
  w.Str(n.worker);
  w.Str(n.service);
}

bool GetName(platform::ByteReader& r, core::ReplicaName& n) {
  n.replica = r.Varint();
  n.worker = r.Str(kMaxName);
  n.service = r.Str(kMaxName);
  return r.ok() && n.replica != 0 && n.replica <= kMaxCounter;
}

}  // namespace

std::vector<uint8_t> EncodeOps(const std::vector<Op>& ops) {
  // Tables first: replica ids sorted (tags may name replicas with no op here), strings in order
  // of first use so the table reads like the ops.
  std::vector<uint64_t> replicas;
  for (const auto& op : ops) {
    replicas.push_back(op.id.replica);
    for (const auto& t : op.removed_tags) replicas.push_back(t.replica);
  }
  std::sort(replicas.begin(), replicas.end());
  replicas.erase(std::unique(replicas.begin(), replicas.end()), replicas.end());
  std::unordered_map<uint64_t, uint64_t> replica_index;
  for (size_t i = 0; i < replicas.size(); ++i) replica_index[replicas[i]] = i;
  std::vector<std::string_view> strings;
  std::unordered_map<std::string_view, uint64_t> string_index;
  auto intern = [&](std::string_view s) {
    auto [it, added] = string_index.try_emplace(s, strings.size());
    if (added) strings.push_back(s);
    return it->second;
  };
  for (const auto& op : ops) {
    intern(op.entity_id);
    intern(op.field);
  }

  platform::ByteWriter w;
  w.U8(kOpsFormatVersion);
  w.Varint(replicas.size());
  uint64_t prev = 0;
  for (uint64_t r : replicas) {
    w.Varint(r - prev);  // increasing: deltas are shorter than ids
    prev = r;
  }
  w.Varint(strings.size());
  for (auto s : strings) w.Str(s);
  w.Varint(ops.size());
  std::unordered_map<uint64_t, uint64_t> last_counter;
  uint64_t last_hlc = 0;
  for (const auto& op : ops) {
    w.Varint(replica_index[op.id.replica]);
    uint64_t& lc = last_counter[op.id.replica];
    w.Zigzag(static_cast<int64_t>(op.id.counter - lc));
    lc = op.id.counter;
    w.Zigzag(static_cast<int64_t>(op.hlc - last_hlc));
    last_hlc = op.hlc;
    w.Varint(string_index[op.entity_id]);
    w.Varint(string_index[op.field]);
    w.U8(static_cast<uint8_t>(static_cast<uint8_t>(op.kind) | (op.value ? 0x08 : 0)));
    if (op.value) w.Str(*op.value);
    if (op.kind == OpKind::kSetRemove) {
      w.Varint(op.removed_tags.size());
      for (const auto& t : op.removed_tags) {
        w.Varint(replica_index[t.replica]);
        w.Varint(t.counter);
      }
    }
  }
  return w.Take();
}

Result<OpsReader> OpsReader::Open(std::span<const uint8_t> bytes) {
  platform::ByteReader r(bytes);
  uint8_t version = r.U8();
  if (!r.ok()) return Bad("empty");
  if (version > kOpsFormatVersion)
    return Status::Error(Code::kUnsupported, "The operations were written by a newer version of Passerelle; update the app.");
  if (version == 0) return Bad("unknown version 0");

  OpsReader o;
  uint64_t n_replicas = r.Varint();
  if (!r.ok() || n_replicas > r.Remaining()) return Bad("replica table");
  o.replicas_.reserve(static_cast<size_t>(n_replicas));
  uint64_t prev = 0;
  for (uint64_t i = 0; i < n_replicas; ++i) {
    uint64_t d = r.Varint();
    if (!r.ok() || d == 0 || d > kMaxCounter - prev) return Bad("replica table");
    prev += d;
    o.replicas_.push_back(prev);
  }
  uint64_t n_strings = r.Varint();
  if (!r.ok() || n_strings > r.Remaining()) return Bad("string table");
  o.strings_.reserve(static_cast<size_t>(n_strings));
  for (uint64_t i = 0; i < n_strings; ++i) {
    o.strings_.push_back(r.Str(kMaxTableString));
    if (!r.ok()) return Bad("string table");
  }
  o.n_ops_ = r.Varint();
  if (!r.ok() || o.n_ops_ > r.Remaining() / kMinOpBytes) return Bad("operation count");
  if (o.n_ops_ == 0 && !r.AtEnd()) return Bad("trailing bytes");
  o.bytes_ = bytes;
  o.ops_at_ = bytes.size() - r.Remaining();
  o.Rewind();
  return o;
}

void OpsReader::Rewind() {
  pos_ = ops_at_;
  read_ = 0;
  last_hlc_ = 0;
  last_counter_.assign(replicas_.size(), 0);
}

Status OpsReader::Next(size_t max, std::vector<Op>* out) {
  out->clear();
  if (read_ == n_ops_) return Status::Ok();
  platform::ByteReader r(bytes_.subspan(pos_));
  const uint64_t n = std::min<uint64_t>(max, n_ops_ - read_);
  out->reserve(static_cast<size_t>(n));
  for (uint64_t i = 0; i < n; ++i) {
    Op op;
    uint64_t ri = r.Varint();
    if (!r.ok() || ri >= replicas_.size()) return Bad("replica index");
    op.id.replica = replicas_[ri];
    op.id.counter = last_counter_[ri] + static_cast<uint64_t>(r.Zigzag());
    last_counter_[ri] = op.id.counter;
    op.hlc = last_hlc_ + static_cast<uint64_t>(r.Zigzag());
    last_hlc_ = op.hlc;
    if (!r.ok() || op.id.counter == 0 || op.id.counter > kMaxCounter) return Bad("op counter");
    if (op.hlc > kMaxHlc) return Bad("clock beyond the year 3000");
    uint64_t ei = r.Varint(), fi = r.Varint();
    if (!r.ok() || ei >= strings_.size() || fi >= strings_.size()) return Bad("string index");
    op.entity_id = strings_[ei];
    op.field = strings_[fi];
    uint8_t head = r.U8();
    uint8_t kind = head & 0x07;
    bool has_value = (head & 0x08) != 0;
    if (!r.ok() || (head & 0xf0) != 0 || kind < 1 || kind > 4) return Bad("op kind");
    op.kind = static_cast<OpKind>(kind);
    if (has_value) {
      op.value = r.Str(kMaxValue);
      if (!r.ok()) return Bad("value");
    } else if (op.kind != OpKind::kSetField) {
      return Bad("missing value");
    }
    if (op.kind == OpKind::kSetRemove) {
      uint64_t n_tags = r.Varint();
      if (!r.ok() || n_tags > r.Remaining() / 2) return Bad("tag count");
      op.removed_tags.reserve(static_cast<size_t>(n_tags));
      for (uint64_t t = 0; t < n_tags; ++t) {
        uint64_t ti = r.Varint(), counter = r.Varint();
        if (!r.ok() || ti >= replicas_.size() || counter == 0 || counter > kMaxCounter) return Bad("tag");
        op.removed_tags.push_back({replicas_[ti], counter});
      }
    }
    out->push_back(std::move(op));
  }
  read_ += n;
  pos_ = bytes_.size() - r.Remaining();
  if (read_ == n_ops_ && !r.AtEnd()) return Bad("trailing bytes");
  return Status::Ok();
}

Result<std::vector<Op>> DecodeOps(std::span<const uint8_t> bytes) {
  PASSERELLE_ASSIGN_OR_RETURN(OpsReader reader, OpsReader::Open(bytes));
  std::vector<Op> ops;
  PASSERELLE_RETURN_IF_ERROR(reader.Next(reader.size(), &ops));
  return ops;
}

std::vector<uint8_t> EncodePayload(const Payload& p) {
  platform::ByteWriter w;
  w.U8(kPayloadFormatVersion);
  w.Raw(p.id);
  PutName(w, p.sender);
  w.Varint(p.recipient);
  w.Varint(static_cast<uint64_t>(std::max<int64_t>(0, p.created_at_millis)));
  PutKnowledge(w, p.sender_holds);
  w.Varint(p.names.size());
  for (const auto& n : p.names) PutName(w, n);
  w.Str(p.organisation_name);
  w.Str(p.organisation_kind);
  auto ops = EncodeOps(p.ops);
  w.Raw(ops);
  return w.Take();
}

Result<Payload> DecodePayloadHead(std::span<const uint8_t> bytes, size_t* ops_at) {
  platform::ByteReader r(bytes);
  uint8_t version = r.U8();
  if (!r.ok()) return Bad("empty payload");
  if (version > kPayloadFormatVersion)
    return Status::Error(Code::kUnsupported, "The bundle was written by a newer version of Passerelle; update the app.");
  if (version == 0) return Bad("unknown payload version 0");
  Payload p;
  auto id = r.Raw(p.id.size());
  if (!r.ok()) return Bad("bundle id");
  std::copy(id.begin(), id.end(), p.id.begin());
  if (!GetName(r, p.sender)) return Bad("sender");
  p.recipient = r.Varint();
  uint64_t created = r.Varint();
  if (!r.ok() || p.recipient > kMaxCounter || created > static_cast<uint64_t>(INT64_MAX)) return Bad("header");
  p.created_at_millis = static_cast<int64_t>(created);
  if (!GetKnowledge(r, p.sender_holds)) return Bad("acknowledgement");
  uint64_t n_names = r.Varint();
  if (!r.ok() || n_names > r.Remaining() / 3) return Bad("names");
  for (uint64_t i = 0; i < n_names; ++i) {
    core::ReplicaName n;
    if (!GetName(r, n)) return Bad("names");
    p.names.push_back(std::move(n));
  }
  if (version >= 2) {
    p.organisation_name = r.Str(kMaxOrganisationName);
    p.organisation_kind = r.Str(kMaxName);
    if (!r.ok() || p.organisation_name.empty() || p.organisation_kind.empty()) return Bad("organisation");
  }
  *ops_at = bytes.size() - r.Remaining();
  return p;
}

Result<Payload> DecodePayload(std::span<const uint8_t> bytes) {
  size_t ops_at = 0;
  PASSERELLE_ASSIGN_OR_RETURN(Payload p, DecodePayloadHead(bytes, &ops_at));
  PASSERELLE_ASSIGN_OR_RETURN(p.ops, DecodeOps(bytes.subspan(ops_at)));
  return p;
}

}  // namespace passerelle::sync
