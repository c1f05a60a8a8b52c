// A hub in test memory speaking the protocol of sync/hub_protocol.h, for the client session's
// tests without sockets (the real hub's handlers are hub/'s and tested there and over TLS in
// tests/sync/hub_e2e_test.cpp). It keeps what the real hub keeps: sealed bytes it cannot open,
// the declared ranges, which device applied what; it routes by organisation, never shows a device
// its own uploads, and "commits" each request atomically. Faults: `cut` decides, per request,
// whether the connection drops before the hub handles it (request lost) or after (reply lost).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "passerelle/sync/bundle.h"
#include "passerelle/sync/hub_memory_transport.h"
#include "passerelle/sync/hub_protocol.h"

namespace passerelle::testing {

class FakeHub {
 public:
  enum class Cut { kNone, kBeforeHandling, kAfterHandling };
  struct Device {
    std::string id, org;
    bool revoked = false;
  };
  struct Stored {
    std::string id, org, uploader;
    std::vector<sync::hubproto::OpRange> ranges;
    std::vector<uint8_t> sealed;
  };

  // Registers a device by the fingerprint its transport presents.
  void AddDevice(const std::string& fingerprint, const std::string& device_id, const std::string& org) {
    devices_[fingerprint] = {device_id, org, false};
  }
  void Revoke(const std::string& fingerprint) { devices_[fingerprint].revoked = true; }

  std::function<Cut(const sync::HubRequest&)> cut;
  size_t requests = 0;
  std::vector<Stored> bundles;  // in upload order (the "seq")
  bool serves_fetch = true;      // false: a hub older than POST /v1/bundles/fetch (404)
  size_t fetch_limit = SIZE_MAX; // entries per fetch reply (the real hub's bound is in bytes)
  size_t fetches = 0, gets = 0;  // bundle downloads by request kind

  std::unique_ptr<sync::HubTransport> TransportFor(const std::string& fingerprint) {
    return std::make_unique<sync::MemoryHubTransport>(
        [this](const sync::HubRequest& r) -> Result<sync::HubReply> {
          ++requests;
          Cut c = cut ? cut(r) : Cut::kNone;
          if (c == Cut::kBeforeHandling) return IoError("The connection to the office hub was cut.");
          sync::HubReply reply = Handle(r);
          if (c == Cut::kAfterHandling) return IoError("The connection to the office hub was cut.");
          return reply;
        },
        fingerprint);
  }

  sync::HubReply Handle(const sync::HubRequest& r) {
    namespace proto = sync::hubproto;
    auto it = devices_.find(r.client_cert_fingerprint);
    if (it == devices_.end() || it->second.revoked)
      return Error(403, "This device was revoked by the office; ask the administrator to enrol it again.");
    const Device& d = it->second;
    if (r.method == "POST" && r.path == proto::kHoldingsPath) {
      proto::HoldingsReply h;
      crdt::Knowledge k;
      for (const auto& b : bundles) {
        if (b.org != d.org) continue;
        for (const auto& range : b.ranges) k.AddRange(range.replica, {range.first, range.last});
        if (b.uploader != d.id && !applied_.count({d.id, b.id}))
          h.missing.push_back({b.id, b.sealed.size(), b.ranges});
      }
      h.hub_knowledge = proto::RangesOf(k);
      return Json(proto::EncodeHoldingsReply(h));
    }
    if (r.method == "POST" && r.path == proto::kBundlesPath) {
      auto headers = proto::DecodeUploadHeaders(sync::HeaderValue(r.headers, proto::kBundleIdHeader),
                                                sync::HeaderValue(r.headers, proto::kRangesHeader));
      if (!headers.ok()) return Error(400, headers.status().message());
      auto clear = sync::ReadBundleHeader(r.body);
      if (!clear.ok()) return Error(400, clear.status().message());
      bool known = false;
      for (const auto& b : bundles) known = known || (b.org == d.org && b.id == headers->bundle_id);
      if (!known) bundles.push_back({headers->bundle_id, d.org, d.id, headers->ranges, r.body});
      return Json(proto::EncodeUploadReply({true, static_cast<int64_t>(bundles.size())}));
    }
    if (r.method == "POST" && r.path == proto::kBundlesFetchPath && serves_fetch) {
      auto req = proto::DecodeFetchRequest(r.body);
      if (!req.ok()) return Error(400, req.status().message());
      ++fetches;
      std::vector<proto::FetchedBundle> entries;
      for (const auto& id : req->bundle_ids) {
        if (entries.size() == fetch_limit) break;
        proto::FetchedBundle e;
        for (const auto& b : bundles)
          if (b.org == d.org && b.id == id) e = {true, b.sealed};
        entries.push_back(e);
      }
      const std::string body = proto::EncodeFetchReply(entries);
      return {200, std::string(proto::kSealedType), std::vector<uint8_t>(body.begin(), body.end())};
    }
    if (r.method == "GET" && r.path.rfind(std::string(proto::kBundlesPath) + "/", 0) == 0) {
      ++gets;
      const std::string id = r.path.substr(proto::kBundlesPath.size() + 1);
      for (const auto& b : bundles)
        if (b.org == d.org && b.id == id) return {200, std::string(proto::kSealedType), b.sealed};
      return Error(404, "No such bundle.");
    }
    if (r.method == "POST" && r.path == proto::kAppliedPath) {
      auto req = proto::DecodeAppliedRequest(r.body);
      if (!req.ok()) return Error(400, req.status().message());
      for (const auto& id : req->bundle_ids) applied_.insert({d.id, id});
      return Json("{}");
    }
    return Error(404, "Unknown request.");
  }

 private:
  static sync::HubReply Json(const std::string& s) {
    return {200, std::string(sync::hubproto::kJsonType), std::vector<uint8_t>(s.begin(), s.end())};
  }
  static sync::HubReply Error(int status, const std::string& sentence) {
    std::string s = sync::hubproto::EncodeErrorBody({sentence});
    return {status, std::string(sync::hubproto::kJsonType), std::vector<uint8_t>(s.begin(), s.end())};
  }
  std::map<std::string, Device> devices_;
  std::set<std::pair<std::string, std::string>> applied_;
};

}  // namespace passerelle::testing
