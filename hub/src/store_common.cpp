#include "store_common.h"

#include <sodium.h>

#include <charconv>

namespace passerelle::hub::internal {

const std::vector<TableSpec>& Tables() {
  using T = ColumnType;
  static const std::vector<TableSpec> kTables = {
      {"settings", {{"key", T::kText}, {"value", T::kBlob}}, "key"},
      {"orgs", {{"org", T::kText}, {"card_fingerprint", T::kText}}, "org"},
      {"enrolments",
       {{"code_hash", T::kText}, {"org", T::kText}, {"worker", T::kText}, {"expires_at_ms", T::kInteger},
        {"used", T::kInteger}},
       "code_hash"},
      {"failed_attempts", {{"id", T::kInteger}, {"source", T::kText}, {"at_ms", T::kInteger}}, "id"},
      {"devices",
       {{"device_id", T::kText}, {"org", T::kText}, {"worker", T::kText}, {"cert_fingerprint", T::kText},
        {"enrolled_at_ms", T::kInteger}, {"last_seen_ms", T::kInteger}, {"revoked", T::kInteger}},
       "device_id"},
      {"bundles",
       {{"seq", T::kInteger}, {"bundle_id", T::kText}, {"org", T::kText}, {"uploader_device", T::kText},
        {"ranges", T::kText}, {"size", T::kInteger}, {"stored_at_ms", T::kInteger}, {"sealed", T::kBlob}},
       "seq"},
      {"applied", {{"device_id", T::kText}, {"bundle_id", T::kText}}, "device_id, bundle_id"},
      {"packets",
       {{"packet_id", T::kText}, {"from_org", T::kText}, {"to_org_fingerprint", T::kText}, {"size", T::kInteger},
        {"stored_at_ms", T::kInteger}, {"sealed", T::kBlob}},
       "packet_id"},
      {"packet_receipts", {{"device_id", T::kText}, {"packet_id", T::kText}}, "device_id, packet_id"},
  };
  return kTables;
}

std::string EncodeRanges(const std::vector<OpRange>& ranges) {
  std::string out;
  for (const OpRange& r : ranges) {
    if (!out.empty()) out += ',';
    out += std::to_string(r.replica) + ':' + std::to_string(r.first) + '-' + std::to_string(r.last);
  }
  return out;
}

Result<std::vector<OpRange>> DecodeRanges(const std::string& text) {
  std::vector<OpRange> out;
  const char* p = text.data();
  const char* end = p + text.size();
  auto number = [&](uint64_t& v, char stop) -> bool {
    auto [next, ec] = std::from_chars(p, end, v);
    if (ec != std::errc() || next == p) return false;
    p = next;
    if (stop != '\0') {
      if (p == end || *p != stop) return false;
      ++p;
    }
    return true;
  };
  while (p < end) {
    OpRange r{};
    if (!number(r.replica, ':') || !number(r.first, '-') || !number(r.last, '\0')) {
      return Corrupt("The hub's storage holds op ranges it cannot read.");
    }
    out.push_back(r);
    if (p < end) {
      if (*p != ',') return Corrupt("The hub's storage holds op ranges it cannot read.");
      ++p;
    }
  }
  return out;
}

Result<std::array<uint8_t, 32>> TableChecksum(TableAccess& store, const TableSpec& table) {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  Status st = store.ScanTable(table, [&](const Row& row) {
    for (const std::string& cell : row) {
      const uint64_t n = cell.size();
      uint8_t len[8];
      for (int i = 0; i < 8; ++i) len[i] = static_cast<uint8_t>(n >> (8 * i));
      crypto_hash_sha256_update(&state, len, sizeof len);
      crypto_hash_sha256_update(&state, reinterpret_cast<const uint8_t*>(cell.data()), cell.size());
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  std::array<uint8_t, 32> out{};
  crypto_hash_sha256_final(&state, out.data());
  return out;
}

std::string Hex(const uint8_t* data, size_t size) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 15];
  }
  return out;
}

}  // namespace passerelle::hub::internal
