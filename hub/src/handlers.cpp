// HubService: the server side of the protocol (docs/hub.md, "Protocol"). Every request but the
// enrolment is attributed to a device by its certificate fingerprint, looked up in the store each
// time, so a revocation takes effect at the very next request. A device sees only its own
// organisation's bundles and the packets addressed to its organisation's card fingerprint.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "passerelle/hub/server.h"
#include "passerelle/platform/secure_buffer.h"
#include "passerelle/sync/bundle.h"
#include "passerelle/sync/hub_protocol.h"
#include "request_decoding.h"

namespace passerelle::hub {
namespace {

using json = nlohmann::json;

HubResponse Error(int status, const std::string& sentence) {
  return {status, "application/json", sync::hubproto::EncodeErrorBody({sentence})};
}

HubResponse Json(const json& body) { return {200, "application/json", body.dump()}; }

HubResponse StorageTrouble(const Status& st) {
  // The store's own sentence (it may name files or hosts) is for the administrator's log; the
  // device needs only to retry.
  std::fprintf(stderr, "passerelle-hub: %s\n", st.message().c_str());
  return Error(503, "The office hub could not reach its storage; try again in a moment.");
}

std::string Hex(std::span<const uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::string NewDeviceId() {
  uint8_t id[8];
  platform::RandomBytes(id);
  return Hex(id);
}

// A header, or the query parameter of the same meaning (HubTransport::Post cannot set headers).
std::string HeaderOrParam(const HubRequest& r, const std::string& header, const std::string& param) {
  if (auto it = r.headers.find(header); it != r.headers.end()) return it->second;
  if (auto it = r.params.find(param); it != r.params.end()) return it->second;
  return {};
}

std::vector<sync::hubproto::OpRange> Wire(const std::vector<OpRange>& ranges) {
  std::vector<sync::hubproto::OpRange> out;
  for (const auto& r : ranges) out.push_back({r.replica, r.first, r.last});
  return out;
}

// The union of declared ranges, per replica, merged where they touch.
std::vector<OpRange> Union(const std::vector<BundleMeta>& bundles) {
  std::map<uint64_t, std::vector<std::pair<uint64_t, uint64_t>>> by_replica;
  for (const auto& b : bundles)
    for (const auto& r : b.ranges) by_replica[r.replica].push_back({r.first, r.last});
  std::vector<OpRange> out;
  for (auto& [replica, spans] : by_replica) {
    std::sort(spans.begin(), spans.end());
    for (const auto& [first, last] : spans) {
      OpRange* prev = out.empty() || out.back().replica != replica ? nullptr : &out.back();
      if (prev != nullptr && (prev->last == UINT64_MAX || first <= prev->last + 1)) {
        prev->last = std::max(prev->last, last);
      } else {
        out.push_back({replica, first, last});
      }
    }
  }
  return out;
}

}  // namespace

int64_t WallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

HubService::HubService(Store& store, CertificateAuthority ca, std::string hub_name, NowMs now_ms)
    : store_(store), ca_(std::move(ca)), hub_name_(std::move(hub_name)), now_ms_(std::move(now_ms)) {}

bool HubService::IsOpenPath(const std::string& method, const std::string& path) {
  return method == "POST" && path == "/v1/enrol";
}

size_t HubService::MaxBodyBytes(const std::string& method, const std::string& path) {
  if (method == "POST" && path == "/v1/bundles") return kMaxBundleBytes;
  if (method == "POST" && path == "/v1/packets") return kMaxPacketBytes;
  return kMaxJsonBodyBytes;
}

Status HubService::TouchDevice(const std::string& device_id) {
  constexpr int64_t kEveryMs = 60 * 1000;
  const int64_t now = now_ms_();
  {
    std::lock_guard<std::mutex> lock(touched_mutex_);
    auto it = touched_at_.find(device_id);
    if (it != touched_at_.end() && now >= it->second && now - it->second < kEveryMs) return Status::Ok();
  }
  PASSERELLE_RETURN_IF_ERROR(store_.Touch(device_id, now));
  std::lock_guard<std::mutex> lock(touched_mutex_);
  touched_at_[device_id] = now;
  return Status::Ok();
}

HubResponse HubService::Handle(const HubRequest& r) {
  if (r.body.size() > MaxBodyBytes(r.method, r.path)) return Error(413, "The request is too large for the office hub.");
  if (IsOpenPath(r.method, r.path)) return Enrol(r);
  if (!r.caller.has_certificate) return Error(403, kNoCertificateSentence);
  if (!r.caller.issued_by_this_hub) return Error(403, kForeignCertificateSentence);
  auto found = store_.DeviceByFingerprint(r.caller.cert_fingerprint_hex);
  if (!found.ok()) return StorageTrouble(found.status());
  if (!found->has_value()) return Error(403, kUnknownDeviceSentence);
  const DeviceRecord device = **found;
  if (device.revoked) return Error(403, kRevokedSentence);
  if (Status st = TouchDevice(device.device_id); !st.ok()) return StorageTrouble(st);

  static constexpr std::string_view kBundlePrefix = "/v1/bundles/";
  static constexpr std::string_view kPacketPrefix = "/v1/packets/";
  if (r.method == "POST") {
    if (r.path == "/v1/holdings") return Holdings(device, r);
    if (r.path == "/v1/bundles") return PutBundle(device, r);
    if (r.path == "/v1/bundles/fetch") return FetchBundles(device, r);
    if (r.path == "/v1/applied") return Applied(device, r);
    if (r.path == "/v1/packets") return PutPacket(device, r);
    if (r.path == "/v1/packets/received") return PacketsReceived(device, r);
  } else if (r.method == "GET") {
    if (r.path.starts_with(kBundlePrefix)) return GetBundle(device, r.path.substr(kBundlePrefix.size()));
    if (r.path.starts_with(kPacketPrefix)) return GetPacket(device, r.path.substr(kPacketPrefix.size()));
  }
  return Error(404, "The office hub has no such request; this device may need a newer Passerelle.");
}

HubResponse HubService::Enrol(const HubRequest& r) {
  auto req = DecodeEnrolRequest(r.body);
  if (!req.ok()) return Error(400, req.status().message());
  if (Status csr = CertificateAuthority::CheckDeviceCsr(req->csr_pem); !csr.ok()) return Error(400, csr.message());
  bool rate_limited = false;
  auto enrolment = RedeemEnrolmentCode(store_, req->code_secret, r.caller.remote_addr, now_ms_(), &rate_limited);
  if (!enrolment.ok()) {
    if (enrolment.status().code() != Code::kRefused) return StorageTrouble(enrolment.status());
    return Error(rate_limited ? 429 : 403, enrolment.status().message());
  }
  Status bound = store_.BindOrgFingerprint(enrolment->org, req->org_card_fingerprint);
  if (bound.code() == Code::kConflict)
    return Error(409, "This device's organisation card is not the one this hub knows for " + enrolment->org +
                          "; the enrolment code is now spent.");
  if (!bound.ok()) return StorageTrouble(bound);
  DeviceRecord device;
  device.device_id = NewDeviceId();
  device.org = enrolment->org;
  device.worker = enrolment->worker;
  auto cert = ca_.SignDeviceCsr(req->csr_pem, device.device_id);
  if (!cert.ok()) return Error(400, cert.status().message());
  auto fingerprint = CertFingerprintHex(*cert);
  if (!fingerprint.ok()) return Error(500, "The office hub could not sign this device's certificate.");
  device.cert_fingerprint_hex = *fingerprint;
  device.enrolled_at_ms = device.last_seen_ms = now_ms_();
  if (Status st = store_.AddDevice(device); !st.ok()) return StorageTrouble(st);
  return {200, "application/json",
          sync::hubproto::EncodeEnrolReply({device.device_id, *cert, ca_.cert_pem(), hub_name_, device.org})};
}

HubResponse HubService::Holdings(const DeviceRecord& device, const HubRequest& r) {
  if (Status st = DecodeHoldingsRequest(r.body); !st.ok()) return Error(400, st.message());
  auto all = store_.BundlesOf(device.org);
  if (!all.ok()) return StorageTrouble(all.status());
  auto lacking = store_.BundlesNotAppliedBy(device.org, device.device_id);
  if (!lacking.ok()) return StorageTrouble(lacking.status());
  sync::hubproto::HoldingsReply reply;
  reply.hub_knowledge = Wire(Union(*all));
  for (const auto& b : *lacking) {
    if (b.uploader_device == device.device_id) continue;  // it has those ops already
    reply.missing.push_back({b.bundle_id_hex, b.size, Wire(b.ranges)});
  }
  auto card = store_.OrgFingerprint(device.org);
  if (!card.ok()) return StorageTrouble(card.status());
  if (card->has_value()) {
    auto list = store_.PacketsNotReceivedBy(**card, device.device_id);
    if (!list.ok()) return StorageTrouble(list.status());
    for (const auto& p : *list) reply.packets.push_back({p.packet_id_hex, p.size});
  }
  return {200, "application/json", sync::hubproto::EncodeHoldingsReply(reply)};
}

HubResponse HubService::PutBundle(const DeviceRecord& device, const HubRequest& r) {
  auto id = DecodeBundleId(HeaderOrParam(r, "x-passerelle-bundle-id", "id"));
  if (!id.ok()) return Error(400, id.status().message());
  auto ranges = DecodeRanges(HeaderOrParam(r, "x-passerelle-ranges", "ranges"));
  if (!ranges.ok()) return Error(400, ranges.status().message());
  const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(r.body.data()), r.body.size());
  // The clear header only: magic, version and the bundle's own id. No key, no payload.
  auto header = sync::ReadBundleHeader(bytes);
  if (!header.ok()) return Error(400, "The upload is not a sync bundle: " + header.status().message());
  if (Hex(header->id) != *id) return Error(400, "The upload's bundle id does not match the bundle it carries.");
  BundleMeta meta;
  meta.bundle_id_hex = *id;
  meta.org = device.org;
  meta.uploader_device = device.device_id;
  meta.ranges = std::move(*ranges);
  meta.size = r.body.size();
  meta.stored_at_ms = now_ms_();
  if (Status st = store_.PutBundle(meta, bytes); !st.ok()) return StorageTrouble(st);
  auto seq = store_.BundleSeq(device.org, *id);
  if (!seq.ok()) return StorageTrouble(seq.status());
  return {200, "application/json", sync::hubproto::EncodeUploadReply({true, *seq})};
}

HubResponse HubService::GetBundle(const DeviceRecord& device, const std::string& id_text) {
  auto id = DecodeBundleId(id_text);
  if (!id.ok()) return Error(400, id.status().message());
  auto bytes = store_.GetBundle(device.org, *id);
  if (bytes.status().code() == Code::kNotFound) return Error(404, "The office hub holds no such bundle for your organisation.");
  if (!bytes.ok()) return StorageTrouble(bytes.status());
  return {200, "application/octet-stream", std::string(bytes->begin(), bytes->end())};
}

// The session's downloads in one reply (hub_protocol.h, POST /v1/bundles/fetch): the sealed bytes
// as stored, never opened; only the caller's organisation's bundles (another's is "not held", the
// same answer as an id that does not exist).
HubResponse HubService::FetchBundles(const DeviceRecord& device, const HubRequest& r) {
  auto ids = DecodeFetchRequest(r.body);
  if (!ids.ok()) return Error(400, ids.status().message());
  if (ids->empty()) return Error(400, "The request names no bundle.");
  auto found = store_.GetBundles(device.org, *ids, sync::hubproto::kMaxFetchReplyBytes);
  if (!found.ok()) return StorageTrouble(found.status());
  std::vector<sync::hubproto::FetchedBundle> entries;
  entries.reserve(found->size());
  for (const auto& bytes : *found) entries.push_back(bytes ? sync::hubproto::FetchedBundle{true, *bytes}
                                                           : sync::hubproto::FetchedBundle{});
  return {200, "application/octet-stream", sync::hubproto::EncodeFetchReply(entries)};
}

HubResponse HubService::Applied(const DeviceRecord& device, const HubRequest& r) {
  auto ids = DecodeAppliedRequest(r.body);
  if (!ids.ok()) return Error(400, ids.status().message());
  if (Status st = store_.MarkApplied(device.device_id, *ids); !st.ok()) return StorageTrouble(st);
  return Json({{"applied", ids->size()}});
}

HubResponse HubService::PutPacket(const DeviceRecord& device, const HubRequest& r) {
  auto id = DecodePacketId(HeaderOrParam(r, "x-passerelle-packet-id", "id"));
  if (!id.ok()) return Error(400, id.status().message());
  auto to = DecodeCardFingerprint(HeaderOrParam(r, "x-passerelle-to-org", "to"));
  if (!to.ok()) return Error(400, to.status().message());
  if (r.body.empty()) return Error(400, "The upload carries no packet.");
  PacketMeta meta;
  meta.packet_id_hex = *id;
  meta.from_org = device.org;
  meta.to_org_fingerprint = *to;
  meta.size = r.body.size();
  meta.stored_at_ms = now_ms_();
  const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(r.body.data()), r.body.size());
  if (Status st = store_.PutPacket(meta, bytes); !st.ok()) return StorageTrouble(st);
  return Json({{"stored", true}});
}

HubResponse HubService::PacketsReceived(const DeviceRecord& device, const HubRequest& r) {
  auto ids = DecodePacketsReceivedRequest(r.body);
  if (!ids.ok()) return Error(400, ids.status().message());
  if (Status st = store_.MarkPacketsReceived(device.device_id, *ids); !st.ok()) return StorageTrouble(st);
  return Json({{"received", ids->size()}});
}

HubResponse HubService::GetPacket(const DeviceRecord& device, const std::string& id_text) {
  auto id = DecodePacketId(id_text);
  if (!id.ok()) return Error(400, id.status().message());
  auto card = store_.OrgFingerprint(device.org);
  if (!card.ok()) return StorageTrouble(card.status());
  static const char* kNone = "The office hub holds no such packet for your organisation.";
  if (!card->has_value()) return Error(404, kNone);
  auto bytes = store_.GetPacket(**card, *id);
  if (bytes.status().code() == Code::kNotFound) return Error(404, kNone);
  if (!bytes.ok()) return StorageTrouble(bytes.status());
  return {200, "application/octet-stream", std::string(bytes->begin(), bytes->end())};
}

}  // namespace passerelle::hub
