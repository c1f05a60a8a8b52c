// The hub protocol codec (hub_protocol.h). JSON through nlohmann with exceptions disabled at the
// boundary: parse with allow_exceptions = false, then check every member's type before reading.
#include "passerelle/sync/hub_protocol.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <limits>

namespace passerelle::sync::hubproto {
namespace {

using nlohmann::json;

constexpr uint64_t kMaxCounter = (uint64_t{1} << 63) - 1;

bool IsLowerHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Status Bad(std::string what) { return InvalidInput("The hub's message is malformed: " + std::move(what) + "."); }

Result<json> Parse(std::span<const uint8_t> body) {
  if (body.size() > kMaxJsonBytes) return Bad("it is too large");
  json j = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Bad("it is not JSON");
  if (!j.is_object()) return Bad("it is not a JSON object");
  return j;
}

Status GetString(const json& j, const char* key, size_t max, std::string* out, bool required = true) {
  auto it = j.find(key);
  if (it == j.end()) return required ? Bad(std::string("\"") + key + "\" is missing") : Status::Ok();
  if (!it->is_string()) return Bad(std::string("\"") + key + "\" is not text");
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() > max) return Bad(std::string("\"") + key + "\" is too long");
  *out = s;
  return Status::Ok();
}

Status GetUint(const json& j, const char* key, uint64_t* out) {
  auto it = j.find(key);
  if (it == j.end()) return Bad(std::string("\"") + key + "\" is missing");
  if (!it->is_number_unsigned()) return Bad(std::string("\"") + key + "\" is not a whole number");
  *out = it->get<uint64_t>();
  return Status::Ok();
}

Status CheckRange(const OpRange& r) {
  if (r.replica == 0) return Bad("a range names no replica");
  if (r.first == 0 || r.first > r.last || r.last > kMaxCounter) return Bad("a range's counters are out of order");
  return Status::Ok();
}

json RangesJson(const std::vector<OpRange>& ranges) {
  json a = json::array();
  for (const auto& r : ranges) a.push_back(json::array({r.replica, r.first, r.last}));
  return a;
}

Result<std::vector<OpRange>> RangesFrom(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return Bad(std::string("\"") + key + "\" is missing");
  if (!it->is_array()) return Bad(std::string("\"") + key + "\" is not a list");
  if (it->size() > kMaxRanges) return Bad(std::string("\"") + key + "\" is too long");
  std::vector<OpRange> out;
  out.reserve(it->size());
  for (const auto& e : *it) {
    if (!e.is_array() || e.size() != 3 || !e[0].is_number_unsigned() || !e[1].is_number_unsigned() ||
        !e[2].is_number_unsigned())
      return Bad("a range is not [replica, first, last]");
    OpRange r{e[0].get<uint64_t>(), e[1].get<uint64_t>(), e[2].get<uint64_t>()};
    PASSERELLE_RETURN_IF_ERROR(CheckRange(r));
    out.push_back(r);
  }
  return out;
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::vector<OpRange> RangesOf(const crdt::Knowledge& k) {
  std::vector<OpRange> out;
  for (const auto& [replica, ranges] : k.ranges())
    for (const auto& r : ranges) out.push_back({replica, r.first, r.last});
  return out;
}

crdt::Knowledge KnowledgeOf(const std::vector<OpRange>& ranges) {
  crdt::Knowledge k;
  for (const auto& r : ranges)
    if (r.replica != 0 && r.first != 0 && r.first <= r.last) k.AddRange(r.replica, {r.first, r.last});
  return k;
}

bool IsBundleIdHex(std::string_view s) { return s.size() == 32 && IsLowerHex(s); }
bool IsPacketIdHex(std::string_view s) { return (s.size() == 32 || s.size() == 64) && IsLowerHex(s); }
bool IsFingerprintHex(std::string_view s) { return s.size() == 64 && IsLowerHex(s); }

std::string EncodeEnrolRequest(const EnrolRequest& r) {
  return Dump(json{{"code_secret", r.code_secret}, {"csr_pem", r.csr_pem},
                   {"org_card_fingerprint", r.org_card_fingerprint}, {"worker", r.worker}});
}

Result<EnrolRequest> DecodeEnrolRequest(std::span<const uint8_t> body) {
  PASSERELLE_ASSIGN_OR_RETURN(json j, Parse(body));
  EnrolRequest r;
  PASSERELLE_RETURN_IF_ERROR(GetString(j, "code_secret", kMaxTextBytes, &r.code_secret));
  PASSERELLE_RETURN_IF_ERROR(GetString(j, "csr_pem", kMaxPemBytes, &r.csr_pem));
  PASSERELLE_RETURN_IF_ERROR(GetString(j, "org_card_fingerprint", kMaxTextBytes, &r.org_card_fingerprint));
  PASSERELLE_RETURN_IF_ERROR(GetString(j, "worker", kMaxTextBytes, &r.worker));
  if (r.code_secret.empty()) return Bad("the enrolment code is empty");
  if (r.csr_pem.empty()) return Bad("the certificate request is empty");
  return r;
}

std::string EncodeEnrolReply(const EnrolReply& r) {
  return Dump(json{{"device_id", r.device_id}, {"cert_pem", r.cert_pem}, {"ca_cert_pem", r.ca_cert_pem},
                   {"hub_name", r.hub_name}, {"org", r.org}});
}

Result<EnrolReply> DecodeEnrolReply(std::span<const uint8_t> body) {
  PASSERELLE_ASSIGN_OR_RETURN(json j, Parse(body));
  EnrolReply r;
  PASSERELLE_RETURN_IF_ERROR(GetString(j, "device_id", kMaxTextBytes, &r.device_id));
  PASSERELLE_RETURN_IF_ERROR(GetString(j, "cert_pem", kMaxPemBytes, &r.cert_pem));
  PASSERELLE_RETURN_IF_ERROR(GetString(j, "ca_cert_pem", kMaxPemBytes, &r.ca_cert_pem));
  PASSERELLE_RETURN_IF_ERROR(GetString(j, "hub_name", kMaxTextBytes, &r.hub_name));
  PASSERELLE_RETURN_IF_ERROR(GetString(j, "org", kMaxTextBytes, &r.org));
  if (r.device_id.size() != 16 || !IsLowerHex(r.device_id)) return Bad("the device id is not 16 hex digits");
  if (r.cert_pem.empty() || r.ca_cert_pem.empty()) return Bad("a certificate is missing");
  return r;
}

std::string EncodeHoldingsReply(const HoldingsReply& r) {
  json missing = json::array();
  for (const auto& m : r.missing)
    missing.push_back(json{{"bundle_id", m.bundle_id}, {"size", m.size}, {"ranges", RangesJson(m.ranges)}});
  json packets = json::array();
  for (const auto& p : r.packets) packets.push_back(json{{"packet_id", p.packet_id}, {"size", p.size}});
  return Dump(json{{"hub_knowledge", RangesJson(r.hub_knowledge)}, {"missing", missing}, {"packets", packets}});
}

Result<HoldingsReply> DecodeHoldingsReply(std::span<const uint8_t> body) {
  PASSERELLE_ASSIGN_OR_RETURN(json j, Parse(body));
  HoldingsReply r;
  PASSERELLE_ASSIGN_OR_RETURN(r.hub_knowledge, RangesFrom(j, "hub_knowledge"));
  auto missing = j.find("missing");
  if (missing == j.end() || !missing->is_array()) return Bad("\"missing\" is not a list");
  if (missing->size() > kMaxListed) return Bad("\"missing\" is too long");
  for (const auto& e : *missing) {
    if (!e.is_object()) return Bad("a missing bundle is not an object");
    MissingBundle m;
    PASSERELLE_RETURN_IF_ERROR(GetString(e, "bundle_id", kMaxTextBytes, &m.bundle_id));
    if (!IsBundleIdHex(m.bundle_id)) return Bad("a bundle id is not 32 hex digits");
    PASSERELLE_RETURN_IF_ERROR(GetUint(e, "size", &m.size));
    PASSERELLE_ASSIGN_OR_RETURN(m.ranges, RangesFrom(e, "ranges"));
    r.missing.push_back(std::move(m));
  }
  auto packets = j.find("packets");
  if (packets != j.end()) {  // a hub that keeps no packets may leave the member out
    if (!packets->is_array()) return Bad("\"packets\" is not a list");
    if (packets->size() > kMaxListed) return Bad("\"packets\" is too long");
    for (const auto& e : *packets) {
      if (!e.is_object()) return Bad("a waiting packet is not an object");
      WaitingPacket p;
      PASSERELLE_RETURN_IF_ERROR(GetString(e, "packet_id", kMaxTextBytes, &p.packet_id));
      if (!IsPacketIdHex(p.packet_id)) return Bad("a packet id is not hex");
      PASSERELLE_RETURN_IF_ERROR(GetUint(e, "size", &p.size));
      r.packets.push_back(std::move(p));
    }
  }
  return r;
}

std::string EncodeRangesHeader(const std::vector<OpRange>& ranges) {
  std::string out;
  for (const auto& r : ranges) {
    if (!out.empty()) out += ',';
    out += std::to_string(r.replica) + ':' + std::to_string(r.first) + '-' + std::to_string(r.last);
  }
  return out;
}

Result<std::vector<OpRange>> DecodeRangesHeader(std::string_view header) {
  std::vector<OpRange> out;
  if (header.empty()) return out;
  if (header.size() > kMaxRanges * 8) return Bad("the declared ranges are too long");
  auto parse = [](std::string_view s, uint64_t* v) {
    if (s.empty() || s.size() > 20 || s[0] < '0' || s[0] > '9') return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v, 10);
    return ec == std::errc() && p == s.data() + s.size();
  };
  size_t pos = 0;
  while (true) {
    size_t end = header.find(',', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(pos, end - pos);
    size_t colon = item.find(':');
    size_t dash = colon == std::string_view::npos ? std::string_view::npos : item.find('-', colon);
    if (colon == std::string_view::npos || dash == std::string_view::npos)
      return Bad("a declared range is not replica:first-last");
    OpRange r;
    if (!parse(item.substr(0, colon), &r.replica) || !parse(item.substr(colon + 1, dash - colon - 1), &r.first) ||
        !parse(item.substr(dash + 1), &r.last))
      return Bad("a declared range's numbers are not whole numbers");
    PASSERELLE_RETURN_IF_ERROR(CheckRange(r));
    if (out.size() >= kMaxRanges) return Bad("the declared ranges are too many");
    out.push_back(r);
    if (end == header.size()) break;
    pos = end + 1;
  }
  return out;
}

Result<UploadHeaders> DecodeUploadHeaders(std::string_view bundle_id_header, std::string_view ranges_header) {
  UploadHeaders h;
  if (!IsBundleIdHex(bundle_id_header)) return Bad("the bundle id is not 32 hex digits");
  h.bundle_id = std::string(bundle_id_header);
  PASSERELLE_ASSIGN_OR_RETURN(h.ranges, DecodeRangesHeader(ranges_header));
  return h;
}

std::string EncodeUploadReply(const UploadReply& r) { return Dump(json{{"stored", r.stored}, {"seq", r.seq}}); }

Result<UploadReply> DecodeUploadReply(std::span<const uint8_t> body) {
  PASSERELLE_ASSIGN_OR_RETURN(json j, Parse(body));
  UploadReply r;
  auto stored = j.find("stored");
  if (stored == j.end() || !stored->is_boolean()) return Bad("\"stored\" is missing");
  r.stored = stored->get<bool>();
  auto seq = j.find("seq");
  if (seq != j.end()) {
    if (!seq->is_number_integer()) return Bad("\"seq\" is not a whole number");
    r.seq = seq->get<int64_t>();
  }
  return r;
}

std::string EncodeAppliedRequest(const AppliedRequest& r) { return Dump(json{{"bundle_ids", r.bundle_ids}}); }

// {"<key>": ["<id>", ...]}, every id passing `valid`: the acknowledgements' shape.
static Result<std::vector<std::string>> IdList(std::span<const uint8_t> body, const std::string& key,
                                               bool (*valid)(std::string_view), const char* bad_id) {
  PASSERELLE_ASSIGN_OR_RETURN(json j, Parse(body));
  auto ids = j.find(key);
  if (ids == j.end() || !ids->is_array()) return Bad("\"" + key + "\" is not a list");
  if (ids->size() > kMaxListed) return Bad("\"" + key + "\" is too long");
  std::vector<std::string> out;
  for (const auto& e : *ids) {
    if (!e.is_string() || !valid(e.get_ref<const std::string&>())) return Bad(bad_id);
    out.push_back(e.get<std::string>());
  }
  return out;
}

Result<AppliedRequest> DecodeAppliedRequest(std::span<const uint8_t> body) {
  PASSERELLE_ASSIGN_OR_RETURN(auto ids, IdList(body, "bundle_ids", IsBundleIdHex, "a bundle id is not 32 hex digits"));
  return AppliedRequest{std::move(ids)};
}

std::string EncodeFetchRequest(const FetchRequest& r) { return Dump(json{{"bundle_ids", r.bundle_ids}}); }

Result<FetchRequest> DecodeFetchRequest(std::span<const uint8_t> body) {
  PASSERELLE_ASSIGN_OR_RETURN(auto ids, IdList(body, "bundle_ids", IsBundleIdHex, "a bundle id is not 32 hex digits"));
  if (ids.size() > kMaxFetchIds) return Bad("it asks for too many bundles at once");
  return FetchRequest{std::move(ids)};
}

static constexpr std::string_view kFetchMagic = "PHF1";

std::string EncodeFetchReply(const std::vector<FetchedBundle>& entries) {
  size_t total = kFetchMagic.size();
  for (const auto& e : entries) total += 1 + (e.held ? 4 + e.sealed.size() : 0);
  std::string out;
  out.reserve(total);
  out += kFetchMagic;
  for (const auto& e : entries) {
    out += static_cast<char>(e.held ? 1 : 0);
    if (!e.held) continue;
    const auto n = static_cast<uint32_t>(e.sealed.size());
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xff);
    out.append(reinterpret_cast<const char*>(e.sealed.data()), e.sealed.size());
  }
  return out;
}

Result<std::vector<FetchedBundle>> DecodeFetchReply(std::span<const uint8_t> body, size_t asked) {
  if (body.size() < kFetchMagic.size() ||
      std::string_view(reinterpret_cast<const char*>(body.data()), kFetchMagic.size()) != kFetchMagic)
    return Bad("the bundles it sent are not in its sequence format");
  std::vector<FetchedBundle> out;
  size_t at = kFetchMagic.size();
  while (at < body.size()) {
    if (out.size() >= asked) return Bad("it sent more bundles than were asked for");
    const uint8_t kind = body[at++];
    if (kind == 0) {
      out.push_back({});
      continue;
    }
    if (kind != 1 || body.size() - at < 4) return Bad("a bundle in its sequence is cut short");
    const size_t n = (size_t{body[at]} << 24) | (size_t{body[at + 1]} << 16) | (size_t{body[at + 2]} << 8) | body[at + 3];
    at += 4;
    if (n == 0 || body.size() - at < n) return Bad("a bundle in its sequence is cut short");
    out.push_back({true, body.subspan(at, n)});
    at += n;
  }
  if (out.empty() && asked > 0) return Bad("it sent none of the bundles asked for");
  return out;
}

Result<PacketHeaders> DecodePacketHeaders(std::string_view packet_id_header, std::string_view to_org_header) {
  if (!IsPacketIdHex(packet_id_header)) return Bad("the packet id is not hex");
  if (to_org_header.empty() || to_org_header.size() > kMaxTextBytes) return Bad("the recipient organisation is missing");
  return PacketHeaders{std::string(packet_id_header), std::string(to_org_header)};
}

std::string EncodePacketsReceivedRequest(const PacketsReceivedRequest& r) {
  return Dump(json{{"packet_ids", r.packet_ids}});
}

Result<PacketsReceivedRequest> DecodePacketsReceivedRequest(std::span<const uint8_t> body) {
  PASSERELLE_ASSIGN_OR_RETURN(auto ids, IdList(body, "packet_ids", IsPacketIdHex, "a packet id is not hex"));
  return PacketsReceivedRequest{std::move(ids)};
}

std::string EncodeErrorBody(const ErrorBody& e) { return Dump(json{{"error", e.error}}); }

ErrorBody DecodeErrorBody(std::span<const uint8_t> body, int http_status) {
  auto j = Parse(body);
  if (j.ok()) {
    std::string s;
    if (GetString(*j, "error", 2048, &s).ok() && !s.empty()) return {s};
  }
  return {"The office hub refused the request (HTTP " + std::to_string(http_status) + ")."};
}

}  // namespace passerelle::sync::hubproto
